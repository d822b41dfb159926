package io.edgecdn.edge.source;

/**
 * Whether a stream's video frames arrive in presentation order, as a live source learns it from
 * the frames since its first keyframe (PTS = DTS + CompositionTime, Adobe FLV v10.1 E.4.3.1).
 * Reordered video has B-frames (or H.265 reordering): players with a reorder buffer (HTTP-FLV,
 * HLS) do not mind; browsers' WebRTC receivers do.
 */
public enum FrameOrder {
    /** Fewer than {@link LiveSource#ORDER_FRAMES} video frames seen, none out of order. */
    UNKNOWN,
    /** {@link LiveSource#ORDER_FRAMES} or more video frames seen, each presented after the one before it. */
    IN_ORDER,
    /** A frame was presented before the frame decoded ahead of it. Stays so for the source's life. */
    REORDERED
}
