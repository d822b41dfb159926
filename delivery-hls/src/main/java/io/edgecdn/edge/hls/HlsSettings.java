package io.edgecdn.edge.hls;

import java.time.Duration;

/**
 * HLS settings ({@code hls} in the config): segmenting, playlists, the segment cache and sessions.
 *
 * @param targetDuration segment duration aimed at; segments are cut at the first keyframe at or past it
 * @param window segments listed in the media playlist
 * @param cacheBytes memory budget of the segment cache, all streams together
 * @param startTimeout longest wait of a first playlist request for the stream's first segment
 * @param sessionTimeout how long a stream counts as watched over HLS after its last playlist or segment request
 * @param maxSegmentDuration media time after which an open segment is cut before a keyframe (a
 *     stream whose keyframes are further apart, or that sends none)
 * @param maxSegmentBytes payload bytes after which an open segment is cut the same way
 */
public record HlsSettings(Duration targetDuration, int window, long cacheBytes, Duration startTimeout, Duration sessionTimeout,
                          Duration maxSegmentDuration, long maxSegmentBytes) {
    /**
     * Default bound of an open segment's size: 16 MiB (4 s of 33 Mbps). The default bound of its
     * media time is 2 target durations ({@link #defaultMaxSegmentDuration}).
     */
    public static final long DEFAULT_MAX_SEGMENT_BYTES = 16L << 20;

    /** With the default segment bounds. */
    public HlsSettings(Duration targetDuration, int window, long cacheBytes, Duration startTimeout, Duration sessionTimeout) {
        this(targetDuration, window, cacheBytes, startTimeout, sessionTimeout, defaultMaxSegmentDuration(targetDuration),
                DEFAULT_MAX_SEGMENT_BYTES);
    }

    /**
     * 2 target durations: a GOP up to twice the target stays one segment; longer ones are cut,
     * so a segment's retention (2 x window of them) stays under a minute with the defaults.
     */
    public static Duration defaultMaxSegmentDuration(Duration targetDuration) {
        return targetDuration.multipliedBy(2);
    }

    /**
     * How long a segment stays fetchable after it was written: its time in the window, then (RFC
     * 8216 6.2.2) its own duration plus the playlist's after it left: (2 x window + 1) targets.
     */
    public Duration retention() {
        return targetDuration.multipliedBy(2L * window + 1);
    }
}
