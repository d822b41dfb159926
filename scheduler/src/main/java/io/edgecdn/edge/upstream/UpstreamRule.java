package io.edgecdn.edge.upstream;

import io.edgecdn.ops.config.ConfigException;
import io.edgecdn.ops.config.ConfigSection;
import io.edgecdn.edge.source.StreamPattern;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.pull.UpstreamEndpoint;
import java.util.ArrayList;
import java.util.List;

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
        if (!StreamPattern.isValid(pattern)) {
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
        return StreamPattern.matches(pattern, key);
    }

    /** The candidate endpoints for a stream. */
    public List<UpstreamEndpoint> endpoints(StreamKey key) {
        return templates.stream().map(t -> UpstreamEndpoint.of(expand(t, key))).toList();
    }

    static String expand(String template, StreamKey key) {
        return template.replace("{app}", key.app()).replace("{stream}", key.stream()).replace("{key}", key.toString());
    }

    /**
     * Reads the {@code upstreams} list of {@code top}: {@code [{pattern, urls}]}, in order (the
     * first matching rule wins).
     *
     * @throws ConfigException naming the bad entry
     */
    public static List<UpstreamRule> readList(ConfigSection top) {
        List<UpstreamRule> rules = new ArrayList<>();
        for (ConfigSection u : top.sections("upstreams", "{pattern, urls}")) {
            String pattern = u.string("pattern", null);
            List<String> urls = u.stringList("urls");
            u.done();
            if (pattern == null) {
                throw u.bad("pattern", "is required");
            }
            try {
                rules.add(new UpstreamRule(pattern, urls));
            } catch (IllegalArgumentException e) {
                throw u.error(u.key("") + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(rules);
    }
}
