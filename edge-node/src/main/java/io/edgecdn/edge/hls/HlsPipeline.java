package io.edgecdn.edge.hls;

import io.edgecdn.edge.source.LiveSource;
import java.util.concurrent.CompletableFuture;

/** The HLS side of one pulled stream: its segmenter (once the source is ready) and its playlist. */
final class HlsPipeline {
    final LiveSource source;
    final MediaPlaylist playlist;
    final CompletableFuture<MediaPlaylist> firstSegment = new CompletableFuture<>();
    volatile HlsSegmenter segmenter;

    HlsPipeline(LiveSource source, MediaPlaylist playlist) {
        this.source = source;
        this.playlist = playlist;
    }
}
