package io.edgecdn.edge.hls;

import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sliding window of one stream's media playlist (RFC 8216 section 4.3.3): the latest
 * {@code window} segments with EXT-X-VERSION 3, EXT-X-TARGETDURATION, EXT-X-MEDIA-SEQUENCE,
 * EXT-X-DISCONTINUITY-SEQUENCE, and per segment EXT-X-PROGRAM-DATE-TIME, EXT-X-DISCONTINUITY
 * where marked, and EXTINF.
 *
 * <p>EXT-X-TARGETDURATION is the configured target or, if a segment was longer (a GOP longer than
 * the target, up to the segmenter's bound), that segment's duration rounded up to whole seconds
 * (stricter than RFC 8216 4.3.3.1, which compares rounded values); it never decreases. Thread-safe.
 */
public final class MediaPlaylist {
    private final ArrayDeque<SegmentInfo> segments = new ArrayDeque<>();
    private int window;
    private final String uriPrefix;
    private long targetSeconds;
    private long discontinuitySequence;

    /**
     * @param window segments listed
     * @param targetMs configured target duration, ms
     * @param uriPrefix what precedes {@code <sequence>.ts} in segment URIs, relative to the playlist
     *     (for {@code /live/cam1.m3u8}: {@code cam1/})
     */
    public MediaPlaylist(int window, long targetMs, String uriPrefix) {
        this.window = window;
        this.targetSeconds = Math.max(1, (targetMs + 999) / 1000);
        this.uriPrefix = uriPrefix;
    }

    /** Changes the window, live: a smaller one drops the oldest segments now, a larger one fills as segments come. */
    public synchronized void window(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + n);
        }
        window = n;
        while (segments.size() > window) {
            if (segments.removeFirst().discontinuity()) {
                discontinuitySequence++;
            }
        }
    }

    /** Appends a finished segment; the oldest slides out beyond the window. */
    public synchronized void add(SegmentInfo s) {
        segments.addLast(s);
        targetSeconds = Math.max(targetSeconds, (s.durationMs() + 999) / 1000);
        while (segments.size() > window) {
            if (segments.removeFirst().discontinuity()) {
                discontinuitySequence++;
            }
        }
    }

    /** Segments listed at most. */
    public synchronized int window() {
        return window;
    }

    /** The listed segments' total duration, ms. */
    public synchronized long durationMs() {
        long sum = 0;
        for (SegmentInfo s : segments) {
            sum += s.durationMs();
        }
        return sum;
    }

    public synchronized boolean isEmpty() {
        return segments.isEmpty();
    }

    public synchronized List<SegmentInfo> segments() {
        return new ArrayList<>(segments);
    }

    /** EXT-X-MEDIA-SEQUENCE: the first listed segment's sequence number. */
    public synchronized long mediaSequence() {
        return segments.isEmpty() ? 0 : segments.getFirst().sequence();
    }

    public synchronized long targetDurationSeconds() {
        return targetSeconds;
    }

    /** The playlist text. */
    public synchronized String render() {
        StringBuilder sb = new StringBuilder(128 + segments.size() * 96);
        sb.append("#EXTM3U\n#EXT-X-VERSION:3\n");
        sb.append("#EXT-X-TARGETDURATION:").append(targetSeconds).append('\n');
        sb.append("#EXT-X-MEDIA-SEQUENCE:").append(mediaSequence()).append('\n');
        if (discontinuitySequence > 0) {
            sb.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitySequence).append('\n');
        }
        for (SegmentInfo s : segments) {
            if (s.discontinuity()) {
                sb.append("#EXT-X-DISCONTINUITY\n");
            }
            sb.append("#EXT-X-PROGRAM-DATE-TIME:").append(DateTimeFormatter.ISO_INSTANT.format(
                    s.programDateTime().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))).append('\n');
            sb.append("#EXTINF:").append(String.format(Locale.ROOT, "%.3f", s.durationMs() / 1000.0)).append(",\n");
            sb.append(uriPrefix).append(s.sequence()).append(".ts\n");
        }
        return sb.toString();
    }
}
