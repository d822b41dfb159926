package io.edgecdn.edge.hls;

import io.edgecdn.edge.source.LiveSource;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamManager;
import java.util.concurrent.CompletableFuture;

/**
 * One stream served over HLS: its lease on the pull (so a stream watched only over HLS is not
 * idled), its segmenter and playlist, and when it was last requested.
 */
final class HlsStream {
    final StreamKey key;
    final StreamManager.Lease lease;
    final MediaPlaylist playlist;
    final CompletableFuture<MediaPlaylist> firstSegment = new CompletableFuture<>();
    volatile HlsSegmenter segmenter;
    volatile long lastRequestNanos = System.nanoTime();

    HlsStream(StreamKey key, StreamManager.Lease lease, MediaPlaylist playlist) {
        this.key = key;
        this.lease = lease;
        this.playlist = playlist;
    }

    void touch() {
        lastRequestNanos = System.nanoTime();
    }

    /** Detaches the segmenter and releases the lease. */
    void stop() {
        HlsSegmenter s = segmenter;
        LiveSource source = lease.source();
        if (s != null) {
            source.unsubscribe(s);
        }
        lease.close();
        firstSegment.completeExceptionally(new IllegalStateException("HLS session of " + key + " ended"));
    }
}
