package io.edgecdn.edge.source;

import io.edgecdn.media.flv.FlvTag;

/**
 * Anything that reads a live source: an HTTP-FLV viewer, later the HLS segmenter, a transcoder,
 * a child edge. Calls come from the source's publishing thread (the puller), under the source's
 * lock, in stream order; they must only enqueue, never block or write to a socket.
 */
public interface SourceConsumer {
    /** A tag to deliver (shared, read-only). */
    void onTag(FlvTag tag);

    /** The upstream connection dropped; the pull reconnects and video resumes at a keyframe. */
    default void onUpstreamDisconnected() {
    }

    /** The source is gone (pull stopped by the operator or the node shutting down). */
    void onSourceClosed(String reason);
}
