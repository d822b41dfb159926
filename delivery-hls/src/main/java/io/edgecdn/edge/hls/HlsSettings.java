package io.edgecdn.edge.hls;

import io.edgecdn.ops.config.ConfigException;
import io.edgecdn.ops.config.ConfigSection;
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

    /**
     * Reads an {@code hls} section (YAML, or the body of {@code PUT /admin/config/hls}): {@code
     * target-duration}, {@code window}, {@code cache-bytes}, {@code start-timeout}, {@code
     * session-timeout}, {@code max-segment-duration}, {@code max-segment-bytes}; absent keys keep
     * {@code d}'s values, except that {@code max-segment-duration} follows a new {@code target-duration}
     * unless it is given too.
     *
     * @throws ConfigException naming the bad key
     */
    public static HlsSettings read(ConfigSection hls, HlsSettings d) {
        Duration target = hls.duration("target-duration", d.targetDuration());
        HlsSettings hl = new HlsSettings(target, hls.intIn("window", d.window(), 2, 100), hls.size("cache-bytes", d.cacheBytes()),
                hls.duration("start-timeout", d.startTimeout()), hls.duration("session-timeout", d.sessionTimeout()),
                hls.duration("max-segment-duration", hls.has("target-duration") ? defaultMaxSegmentDuration(target) : d.maxSegmentDuration()),
                hls.size("max-segment-bytes", d.maxSegmentBytes()));
        hls.done();
        if (hl.maxSegmentDuration().compareTo(hl.targetDuration()) < 0 || hl.maxSegmentDuration().toSeconds() > 60) {
            throw hls.error(hls.key("max-segment-duration") + " must be between " + hls.key("target-duration") + " ("
                    + hl.targetDuration().toMillis() + " ms) and 60s, got " + hl.maxSegmentDuration().toMillis() + " ms");
        }
        if (hl.maxSegmentBytes() < (256 << 10) || hl.maxSegmentBytes() > (256L << 20)) {
            throw hls.bad("max-segment-bytes", "must be between 256KiB and 256MiB, got " + hl.maxSegmentBytes());
        }
        if (hl.targetDuration().toMillis() < 500 || hl.targetDuration().toSeconds() > 30) {
            throw hls.bad("target-duration", "must be between 500ms and 30s, got " + hl.targetDuration().toMillis() + " ms");
        }
        if (hl.cacheBytes() < (1 << 20)) {
            throw hls.bad("cache-bytes", "must be at least 1MiB");
        }
        if (hl.startTimeout().isZero() || hl.sessionTimeout().compareTo(hl.targetDuration()) < 0) {
            throw hls.error(hls.key("start-timeout") + " must be above 0 and " + hls.key("session-timeout") + " at least "
                    + hls.key("target-duration"));
        }
        return hl;
    }
}
