package io.edgecdn.edge.hls;

import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamManager;
import java.util.concurrent.CompletableFuture;

/**
 * A stream watched over HLS: a lease on its pull (so a stream watched only over HLS is not idled)
 * held while playlists or segments are requested.
 */
final class HlsSession {
    final StreamKey key;
    final StreamManager.Lease lease;
    /** Completes with the playlist once it has a segment; fails if the pull fails or stops first. */
    final CompletableFuture<MediaPlaylist> ready = new CompletableFuture<>();
    /** When a playlist or segment of it was last requested, in the service's ticker's nanoseconds. */
    volatile long lastRequestNanos;

    HlsSession(StreamKey key, StreamManager.Lease lease, long nowNanos) {
        this.key = key;
        this.lease = lease;
        this.lastRequestNanos = nowNanos;
    }

    void touch(long nowNanos) {
        lastRequestNanos = nowNanos;
    }
}
