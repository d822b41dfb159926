package io.edgecdn.edge.source;

import java.util.regex.Pattern;

/**
 * Stream-key patterns, as the config and the admin API write them: {@code app/stream} where
 * {@code *} stands for one or more characters within one path part ({@code live/*}, {@code
 * *}{@code /*}, {@code live/cam*}). Used by upstream rules, pins, GOP cache and ladder overrides,
 * signing rules and always-on renditions: one syntax, one matcher.
 */
public final class StreamPattern {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.~*-]+/[A-Za-z0-9_.~*-]+");

    private StreamPattern() {
    }

    /** Whether {@code pattern} is {@code app/stream} of [A-Za-z0-9_.~-] and {@code *} (false for null). */
    public static boolean isValid(String pattern) {
        return pattern != null && VALID.matcher(pattern).matches();
    }

    /** Whether a stream key matches a pattern. */
    public static boolean matches(String pattern, StreamKey key) {
        return matches(pattern, key.toString());
    }

    /**
     * Whether {@code key} ({@code app/stream}) matches {@code pattern}: every {@code *} takes one or
     * more characters other than {@code /}, every other character itself. No regex is built: this
     * runs for every request of a stream with a signing rule.
     */
    public static boolean matches(String pattern, String key) {
        return match(pattern, 0, key, 0);
    }

    private static boolean match(String p, int pi, String k, int ki) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                // one or more characters of this path part, shortest first
                for (int end = ki + 1; end <= k.length() && k.charAt(end - 1) != '/'; end++) {
                    if (match(p, pi + 1, k, end)) {
                        return true;
                    }
                }
                return false;
            }
            if (ki >= k.length() || k.charAt(ki) != c) {
                return false;
            }
            pi++;
            ki++;
        }
        return ki == k.length();
    }
}
