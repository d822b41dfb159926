package io.edgecdn.edge.source;

import java.util.List;

/**
 * What the {@link StreamManager} takes from the configuration: limits, pins, GOP cache bounds and
 * pull timings. The node's configuration implements it; a new policy can replace the old one live
 * ({@link StreamManager#updatePolicy}).
 */
public interface SourcePolicy {
    /** Most streams pulled at once; one more gets {@code TOO_MANY_STREAMS}. */
    int maxStreams();

    /** Pinned stream keys ({@code app/stream}) and patterns ({@code live/hot*}). */
    List<String> pinned();

    /** Whether a stream is pinned, by exact key or pattern. */
    boolean isPinned(StreamKey key);

    /** The GOP cache bounds of a stream. */
    GopCacheLimits gopCacheFor(StreamKey key);

    /** Pull timeouts, backoff and idle grace. */
    PullSettings pull();
}
