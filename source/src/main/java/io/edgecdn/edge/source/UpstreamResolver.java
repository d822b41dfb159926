package io.edgecdn.edge.source;

import io.edgecdn.pull.UpstreamCandidates;

/**
 * The one place a stream's upstreams are chosen: the {@link StreamManager} asks it once per
 * stream it opens, and the pull supervisor only walks the candidates it gets, reporting each
 * attempt's outcome back to them.
 */
public interface UpstreamResolver {
    /**
     * The candidates of a stream, best first (they may change while the stream is pulled).
     *
     * @throws StreamUnavailableException {@code NO_UPSTREAM}, with a message naming what was
     *     consulted, when nothing can serve the stream
     */
    UpstreamCandidates candidates(StreamKey key) throws StreamUnavailableException;

    /** Whether some upstream could serve the stream now, without opening it. */
    boolean serves(StreamKey key);
}
