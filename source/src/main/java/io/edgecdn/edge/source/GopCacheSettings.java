package io.edgecdn.edge.source;

import io.edgecdn.ops.config.ConfigException;
import io.edgecdn.ops.config.ConfigSection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The GOP cache bounds of every stream ({@code gop-cache} in the config, {@code
 * /admin/config/gop-cache} live).
 *
 * @param limits the bounds of a stream no override matches
 * @param overrides bounds of stream patterns, the first match wins
 */
public record GopCacheSettings(GopCacheLimits limits, List<ForPattern> overrides) {
    /** The built-in bounds, no override. */
    public static final GopCacheSettings DEFAULTS = new GopCacheSettings(GopCacheLimits.DEFAULTS, List.of());

    public GopCacheSettings {
        overrides = List.copyOf(overrides);
    }

    /**
     * @param pattern stream key pattern (app/stream with * wildcards)
     * @param limits the GOP cache bounds of matching streams
     */
    public record ForPattern(String pattern, GopCacheLimits limits) {
    }

    /** The bounds of a stream: the first matching override, else {@link #limits()}. */
    public GopCacheLimits limitsFor(StreamKey key) {
        for (ForPattern o : overrides) {
            if (StreamPattern.matches(o.pattern(), key.toString())) {
                return o.limits();
            }
        }
        return limits;
    }

    /**
     * Reads a {@code gop-cache} section (YAML, or the JSON body of {@code PUT /admin/config/gop-cache}):
     * {@code enabled}, {@code max-frames}, {@code max-bytes}, {@code max-duration},
     * {@code audio-only-window}, and {@code overrides: [{pattern, ...same keys}]}. Absent keys keep
     * {@code d}'s values (an override's absent keys: the section's); absent overrides keep {@code d}'s.
     *
     * @throws ConfigException naming the bad key
     */
    public static GopCacheSettings read(ConfigSection gop, GopCacheSettings d) {
        GopCacheLimits g = limits(gop, d.limits());
        List<ForPattern> overrides = d.overrides();
        if (gop.has("overrides")) {
            overrides = new ArrayList<>();
            for (ConfigSection o : gop.sections("overrides", "{pattern, max-frames, ...}")) {
                String pattern = o.string("pattern", null);
                if (!StreamPattern.isValid(pattern)) {
                    throw o.bad("pattern", "must be app/stream with * as a wildcard, got '" + pattern + "'");
                }
                overrides.add(new ForPattern(pattern, limits(o, g)));
                o.done();
            }
        }
        gop.done();
        return new GopCacheSettings(g, overrides);
    }

    private static GopCacheLimits limits(ConfigSection gop, GopCacheLimits dg) {
        boolean enabled = gop.bool("enabled", dg.enabled());
        int frames = gop.intIn("max-frames", dg.maxFrames(), 1, 1_000_000);
        long bytes = gop.size("max-bytes", dg.maxBytes());
        Duration dur = gop.duration("max-duration", Duration.ofMillis(dg.maxDurationMs()));
        Duration audio = gop.duration("audio-only-window", Duration.ofMillis(dg.audioOnlyWindowMs()));
        if (dur.isZero()) {
            throw gop.bad("max-duration", "must be above 0");
        }
        try {
            return new GopCacheLimits(enabled, frames, bytes, dur.toMillis(), audio.toMillis());
        } catch (IllegalArgumentException e) {
            String name = gop.key("");
            throw gop.error(name.isEmpty() ? e.getMessage() : name + ": " + e.getMessage(), e);
        }
    }
}
