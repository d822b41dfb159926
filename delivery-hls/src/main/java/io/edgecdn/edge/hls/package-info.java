/**
 * HLS delivery (RFC 8216) from the live source: the {@link io.edgecdn.edge.hls.HlsSegmenter} cuts
 * MPEG-TS segments at keyframes, the {@link io.edgecdn.edge.hls.MediaPlaylist} keeps the sliding
 * window, the {@link io.edgecdn.edge.hls.SegmentCache} holds segment bytes within a global memory
 * budget, {@link io.edgecdn.edge.hls.HlsService} ties them to pulls and HTTP, and
 * {@link io.edgecdn.edge.hls.Variants} renders the multivariant playlist from a ladder it is handed.
 *
 * <p>May import: {@code io.edgecdn.ops.config} (to read its config section), {@code io.edgecdn.ops.http}, {@code
 * io.edgecdn.edge.source}, {@code io.edgecdn.media..}, {@code io.edgecdn.ops}, {@code io.edgecdn.pull}.
 */
@NullMarked
package io.edgecdn.edge.hls;

import org.jspecify.annotations.NullMarked;
