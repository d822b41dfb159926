package io.edgecdn.edge.hls;

import org.jspecify.annotations.Nullable;
import io.edgecdn.edge.source.LiveSource;
import java.util.concurrent.CompletableFuture;

/** The HLS side of one pulled stream: its segmenter (once the source is ready) and its playlist. */
final class HlsPipeline {
    final LiveSource source;
    final MediaPlaylist playlist;
    final CompletableFuture<MediaPlaylist> firstSegment = new CompletableFuture<>();
    /** PROGRAM-DATE-TIME anchor, shared with the stream's renditions. */
    final MediaClock mediaClock;
    /** Segment target duration, ms, fixed for the pipeline's life (RFC 8216 4.3.3.1). */
    final long targetMs;
    volatile @Nullable HlsSegmenter segmenter;

    HlsPipeline(LiveSource source, MediaPlaylist playlist, MediaClock mediaClock, long targetMs) {
        this.source = source;
        this.playlist = playlist;
        this.mediaClock = mediaClock;
        this.targetMs = targetMs;
    }
}
