package io.edgecdn.pull;

import java.util.List;

/**
 * Where one stream can be pulled from, best first, asked again before every attempt: a fixed list
 * (the {@code --upstream} rules) or a live one (the healthy parents that Consul knows, ranked by
 * rendezvous hashing). The supervisor reports how each attempt went, so that a live source can put
 * a parent that keeps failing in its penalty box.
 */
public interface UpstreamCandidates {
    /** The candidates now, best first; empty when none is known (the attempt then counts as failed). */
    List<UpstreamEndpoint> current();

    /** An attempt on {@code upstream} connected and the stream opened. */
    default void delivered(UpstreamEndpoint upstream) {
    }

    /** An attempt on {@code upstream} ended before any media arrived. */
    default void failed(UpstreamEndpoint upstream, PullOutcome outcome) {
    }

    /** A fixed list, tried in order. */
    static UpstreamCandidates fixed(List<UpstreamEndpoint> endpoints) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no upstream candidates");
        }
        List<UpstreamEndpoint> copy = List.copyOf(endpoints);
        return new UpstreamCandidates() {
            @Override
            public List<UpstreamEndpoint> current() {
                return copy;
            }

            @Override
            public String toString() {
                return copy.toString();
            }
        };
    }
}
