package io.edgecdn.edge.hls;

import java.time.Instant;

/**
 * Maps a stream's media timeline (ms) to wall-clock time for EXT-X-PROGRAM-DATE-TIME, anchored at
 * the first observation. A stream and its renditions share one clock (the renditions keep the
 * source's timestamps), so the same media time gets the same date in every variant: hls.js aligns
 * live variants by PROGRAM-DATE-TIME. Thread-safe.
 */
final class MediaClock {
    private long anchorMediaMs = Long.MIN_VALUE;
    private long anchorEpochMs;

    /** Sets the anchor if there is none: media time {@code mediaMs} happened at {@code now}. */
    synchronized void observe(long mediaMs, Instant now) {
        if (anchorMediaMs == Long.MIN_VALUE) {
            anchorMediaMs = mediaMs;
            anchorEpochMs = now.toEpochMilli();
        }
    }

    /** The wall-clock time of a media time; {@link #observe} must have been called. */
    synchronized Instant at(long mediaMs) {
        return Instant.ofEpochMilli(anchorEpochMs + (mediaMs - anchorMediaMs));
    }
}
