package io.edgecdn.transcoder;

import io.edgecdn.media.flv.FlvTag;

/** Where a transcode session delivers each rendition's FLV tags. Called on the session's thread. */
public interface RenditionSink {
    /** A tag of rendition {@code name}: sequence headers, H.264 frames, and the source's audio. */
    void onTag(String name, FlvTag tag);

    /** Rendition {@code name} is not produced for the current source, and why (e.g. not smaller than the source). */
    default void onSkipped(String name, String why) {
    }
}
