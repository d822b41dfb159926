package io.edgecdn.edge.config;

import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.pull.UpstreamEndpoint;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where streams matching a pattern are pulled from: {@code live/*} matches every stream of app
 * {@code live}, {@code * / *} (without spaces) every stream; {@code *} matches one or more
 * characters other than '/'. Each URL template may use {@code {app}}, {@code {stream}} and
 * {@code {key}} (= app/stream); several templates are failover candidates, tried in order.
 *
 * @param pattern the stream key pattern
 * @param templates URL templates, at least one
 */
public record UpstreamRule(String pattern, List<String> templates) {
    public UpstreamRule {
        if (pattern == null || !pattern.matches("[A-Za-z0-9_.~*-]+/[A-Za-z0-9_.~*-]+")) {
            throw new IllegalArgumentException("upstream pattern '" + pattern + "' must look like app/stream, with * as a wildcard");
        }
        if (templates == null || templates.isEmpty()) {
            throw new IllegalArgumentException("upstream pattern '" + pattern + "' has no URL");
        }
        templates = List.copyOf(templates);
        for (String t : templates) {
            UpstreamEndpoint.of(expand(t, new StreamKey("app", "stream"))); // checks the scheme and syntax
        }
    }

    /**
     * Parses the CLI form {@code PATTERN=URL_TEMPLATE}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static UpstreamRule parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--upstream '" + spec + "' must be PATTERN=URL_TEMPLATE, e.g. live/*=srt://host:9000?streamid={key}");
        }
        return new UpstreamRule(spec.substring(0, eq), List.of(spec.substring(eq + 1)));
    }

    public boolean matches(StreamKey key) {
        return globMatches(pattern, key.toString());
    }

    /** The candidate endpoints for a stream. */
    public List<UpstreamEndpoint> endpoints(StreamKey key) {
        return templates.stream().map(t -> UpstreamEndpoint.of(expand(t, key))).toList();
    }

    static String expand(String template, StreamKey key) {
        return template.replace("{app}", key.app()).replace("{stream}", key.stream()).replace("{key}", key.toString());
    }

    /** Whether a stream key matches a pattern with '*' wildcards (not crossing '/'). */
    public static boolean globMatches(String pattern, String key) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            re.append(c == '*' ? "[^/]+" : Pattern.quote(String.valueOf(c)));
        }
        return key.matches(re.toString());
    }
}
