package io.edgecdn.edge.upstream;

import io.edgecdn.ops.UrlSigning;
import io.edgecdn.ops.config.ConfigException;
import io.edgecdn.ops.config.ConfigSection;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Which streams' URLs are signed, and how: {@code signing} in the config. The router checks viewer
 * URLs against these rules and upstream choice signs the URLs it pulls with them, so a node pulling
 * from a parent that checks signatures passes them.
 *
 * @param clockSkew how long past its expiry a signed URL is still accepted
 * @param rules which streams need a signature and how it is checked; the first matching rule wins
 */
public record SigningRules(Duration clockSkew, List<SigningRule> rules) {
    /** Nothing signed. */
    public static final SigningRules NONE = new SigningRules(Duration.ofSeconds(30), List.of());

    /** The rule for a stream, or null when its URLs need no signature. */
    public SigningRule ruleFor(StreamKey key) {
        for (SigningRule r : rules) {
            if (StreamPattern.matches(r.pattern(), key.toString())) {
                return r;
            }
        }
        return null;
    }

    /**
     * Reads a {@code signing} section: {@code clock-skew} and {@code rules: [{pattern, scheme, key |
     * key-env}]} ({@code scheme} txsecret (default) or hmac; a key of at least 8 characters, or the
     * name of the environment variable holding it).
     *
     * @param env reads an environment variable (null when unset)
     * @throws ConfigException naming the bad key, or the variable that is not set
     */
    public static SigningRules read(ConfigSection sg, SigningRules d, UnaryOperator<String> env) {
        Duration skew = sg.duration("clock-skew", d.clockSkew());
        List<SigningRule> rules = new ArrayList<>();
        for (ConfigSection r : sg.sections("rules", "{pattern, scheme, key | key-env}")) {
            String pattern = r.string("pattern", null);
            if (!StreamPattern.isValid(pattern)) {
                throw r.bad("pattern", "must be app/stream with * as a wildcard, got '" + pattern + "'");
            }
            String scheme = r.string("scheme", "txsecret");
            UrlSigning.Scheme sc = switch (scheme.toLowerCase(Locale.ROOT)) {
                case "txsecret" -> UrlSigning.Scheme.TXSECRET;
                case "hmac" -> UrlSigning.Scheme.HMAC;
                default -> throw r.bad("scheme", "must be txsecret or hmac, got '" + scheme + "'");
            };
            String key = r.string("key", null);
            String keyEnv = r.string("key-env", null);
            if (keyEnv != null) {
                key = env.apply(keyEnv);
                if (key == null || key.isBlank()) {
                    throw r.bad("key-env", "names " + keyEnv + ", which is not set");
                }
            }
            if (key == null || key.length() < 8) {
                throw r.error(r.key("key") + " (or key-env) is required, at least 8 characters");
            }
            r.done();
            rules.add(new SigningRule(pattern, sc, key));
        }
        sg.done();
        return new SigningRules(skew, List.copyOf(rules));
    }
}
