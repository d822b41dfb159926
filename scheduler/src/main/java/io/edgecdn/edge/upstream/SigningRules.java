package io.edgecdn.edge.upstream;

import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamPattern;
import java.time.Duration;
import java.util.List;

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
}
