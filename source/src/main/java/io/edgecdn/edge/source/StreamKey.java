package io.edgecdn.edge.source;

import java.util.regex.Pattern;

/**
 * A stream key, {@code app/stream} (e.g. {@code live/cam1}); both parts are 1-128 characters of
 * letters, digits, {@code _ - . ~}, not starting with a dot.
 */
public record StreamKey(String app, String stream) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_~-][A-Za-z0-9_.~-]{0,127}");

    public StreamKey {
        if (!valid(app) || !valid(stream)) {
            throw new IllegalArgumentException("bad stream key '" + app + "/" + stream
                    + "': app and stream are 1-128 of [A-Za-z0-9_.~-], not starting with '.'");
        }
    }

    /** Whether a path segment is usable as an app or stream name. */
    public static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Parses {@code app/stream}.
     *
     * @throws IllegalArgumentException when it is not two valid names separated by one slash
     */
    public static StreamKey parse(String key) {
        int slash = key.indexOf('/');
        if (slash < 0 || key.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("bad stream key '" + key + "': expected app/stream");
        }
        return new StreamKey(key.substring(0, slash), key.substring(slash + 1));
    }

    @Override
    public String toString() {
        return app + "/" + stream;
    }
}
