package io.edgecdn.ops.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value syntaxes of the config file, the admin API and the command line: durations
 * ({@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}), sizes in bytes ({@code 16MiB}) and bitrates
 * in bits per second ({@code 1200k}). Each parser throws {@link IllegalArgumentException} with a
 * message naming the bad text and the syntax to use.
 */
public final class ConfigValues {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|B|KiB|MiB|GiB|KB|MB|GB)");

    private ConfigValues() {
    }

    /** Parses {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
    public static Duration parseDuration(String s) {
        Matcher m = DURATION.matcher(s.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a duration (use e.g. 500ms, 5s, 2m, 1h)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private static final Pattern BITS = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([kKmM]?)");

    /**
     * Parses a bitrate in bits per second: {@code 1200000}, {@code 1200k}, {@code 1.2M}.
     *
     * @throws IllegalArgumentException naming the bad text
     */
    public static long parseBits(String s) {
        Matcher m = BITS.matcher(s.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a bitrate (bits per second, e.g. 1200k or 1.2M)");
        }
        double v = Double.parseDouble(m.group(1));
        return (long) (switch (m.group(2)) {
            case "k", "K" -> v * 1_000;
            case "m", "M" -> v * 1_000_000;
            default -> v;
        });
    }

    /** Parses a size in bytes: {@code 1048576}, {@code 512KiB}, {@code 16MiB}, {@code 1GiB}. */
    public static long parseSize(String s) {
        Matcher m = SIZE.matcher(s.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a size (use bytes, or e.g. 512KiB, 16MiB, 1GiB)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "KIB", "KB" -> n << 10;
            case "MIB", "MB" -> n << 20;
            case "GIB", "GB" -> n << 30;
            default -> n;
        };
    }
}
