package io.edgecdn.pull;

import io.edgecdn.media.flv.FlvTag;

/**
 * Where a puller delivers a stream: the live source. Every call comes from the puller's own
 * thread, in order; implementations must not block.
 */
public interface TagSink {
    /** A connection to {@code upstream} is open and its tracks are known; tags follow. */
    void onConnected(UpstreamEndpoint upstream, StreamLayout layout);

    /**
     * One tag with a normalized timestamp (monotonic ms, continuous across reconnects). Video
     * after a (re)connect starts at a keyframe; sequence headers precede the frames that need
     * them and are repeated after each reconnect (the sink drops unchanged ones).
     */
    void onTag(FlvTag tag);

    /** The connection ended (any reason); the supervisor may reconnect. */
    void onDisconnected(UpstreamEndpoint upstream, PullOutcome outcome);
}
