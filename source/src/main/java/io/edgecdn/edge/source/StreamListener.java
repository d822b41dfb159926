package io.edgecdn.edge.source;

/**
 * Told when the {@link StreamManager} starts or stops pulling a stream: consumers that follow every
 * pulled stream (the HLS segmenter) attach here. Called under the manager's lock: do not call back
 * into it, do not block.
 */
public interface StreamListener {
    /** A stream's pull was started; its source is not ready yet (see {@link LiveSource#ready()}). */
    void streamStarted(LiveSource source);

    /** A stream's pull was stopped and its source closed. */
    void streamStopped(LiveSource source);
}
