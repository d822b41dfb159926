package io.edgecdn.edge.upstream;

import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.pull.UpstreamCandidates;
import io.edgecdn.pull.UpstreamEndpoint;
import java.util.List;

/** Parent nodes found at run time (Consul), ranked per stream, ahead of the static rules. */
public interface ParentDiscovery {
    /**
     * The candidates of a stream: discovered parents first, best first, then {@code fallback} (the
     * matching static rule's URLs, possibly empty).
     */
    UpstreamCandidates candidates(StreamKey key, List<UpstreamEndpoint> fallback);

    /** What is consulted, for 404 messages (e.g. "Consul service origin"). */
    String describe();
}
