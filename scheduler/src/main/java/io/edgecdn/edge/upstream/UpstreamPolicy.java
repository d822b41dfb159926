package io.edgecdn.edge.upstream;

import io.edgecdn.edge.source.StreamKey;
import java.util.List;
import java.util.Optional;

/**
 * What upstream choice takes from the configuration: the static upstream rules and the signing
 * rules. The node's configuration implements it; the one in force is read anew for each stream.
 */
public interface UpstreamPolicy {
    /** Where streams are pulled from, first matching rule wins ({@code --upstream}, {@code upstreams}). */
    List<UpstreamRule> upstreams();

    /** Which streams' URLs are signed. */
    SigningRules signing();

    /** The first rule matching a stream, if any. */
    default Optional<UpstreamRule> upstreamFor(StreamKey key) {
        return upstreams().stream().filter(r -> r.matches(key)).findFirst();
    }
}
