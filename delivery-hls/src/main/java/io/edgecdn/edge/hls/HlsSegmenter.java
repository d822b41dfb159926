package io.edgecdn.edge.hls;

import org.jspecify.annotations.Nullable;
import io.edgecdn.edge.source.SourceConsumer;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.ts.ByteSink;
import io.edgecdn.media.ts.FlvToTs;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Cuts one live source into MPEG-TS segments for HLS (RFC 8216): a segment starts at a keyframe
 * (for audio-only streams, at any audio frame) and ends at the first keyframe past the next
 * multiple of the target duration on the media timeline, so a segment never splits a GOP, every
 * segment starts decodable, and a stream and its renditions cut on the same keyframes. Attached with the
 * source's start burst, the first segment is complete as soon as the cached GOP is.
 *
 * <p>Bounds: a segment that outgrows {@code maxSegmentMs} of media or {@code maxSegmentBytes} (a
 * GOP far longer than the target, or a stream that sends no more keyframes) is cut at the next
 * frame (for a stream with video, the next video frame) instead of holding the stream's media in
 * memory without end; such a segment does not start with a keyframe. Cuts are counted
 * ({@link #forcedCuts()}) and the first one of a stream is logged.
 *
 * <p>A changed sequence header, or an upstream disconnect (which ends the current segment early),
 * marks the next segment with a discontinuity. Finished segments go to the {@link SegmentCache}
 * and the {@link MediaPlaylist}. Runs on the source's publishing thread (the puller): the muxing
 * cost of a stream is on its own puller thread, never on an I/O thread.
 */
public final class HlsSegmenter implements SourceConsumer {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HlsSegmenter.class);
    /** Default bound of an open segment's media time, ms (2 targets of 2 s). */
    static final long DEFAULT_MAX_SEGMENT_MS = 4_000;
    /** Default bound of an open segment's size, bytes. */
    static final long DEFAULT_MAX_SEGMENT_BYTES = 16L << 20;

    private final StreamKey key;
    private long maxSegmentMs = DEFAULT_MAX_SEGMENT_MS;
    private long maxSegmentBytes = DEFAULT_MAX_SEGMENT_BYTES;
    private volatile long forcedCuts; // written by the publishing thread only
    private final SegmentCache cache;
    private final MediaPlaylist playlist;
    private final long targetMs;
    private final boolean hasVideo;
    private final boolean hasAudio;
    private final Clock clock;
    private final MediaClock mediaClock;
    private final Consumer<SegmentInfo> onSegment;
    private @Nullable FlvToTs ts;
    private @Nullable FlvTag videoHeader;
    private @Nullable FlvTag audioHeader;
    private @Nullable ByteSink current;
    private long segmentStartMs;
    private long lastMediaMs;
    private long lastGapMs = 33;
    private boolean mediaInSegment;
    private boolean currentDiscontinuity;
    private boolean pendingDiscontinuity;
    private boolean cutAtNextStart;
    private long nextSequence;

    /**
     * @param hasVideo whether the stream has video (cuts at keyframes) or is audio-only
     * @param hasAudio whether it has audio
     * @param firstSequence the first segment's sequence number
     * @param onSegment called with each finished segment, on the publishing thread
     */
    public HlsSegmenter(StreamKey key, SegmentCache cache, MediaPlaylist playlist, long targetMs, boolean hasVideo,
                        boolean hasAudio, long firstSequence, Clock clock, Consumer<SegmentInfo> onSegment) {
        this(key, cache, playlist, targetMs, hasVideo, hasAudio, firstSequence, clock, new MediaClock(), onSegment);
    }

    /** As above, sharing a media clock (PROGRAM-DATE-TIME anchor) with other variants of the stream. */
    HlsSegmenter(StreamKey key, SegmentCache cache, MediaPlaylist playlist, long targetMs, boolean hasVideo,
                 boolean hasAudio, long firstSequence, Clock clock, MediaClock mediaClock, Consumer<SegmentInfo> onSegment) {
        this.mediaClock = mediaClock;
        this.key = key;
        this.cache = cache;
        this.playlist = playlist;
        this.targetMs = targetMs;
        this.hasVideo = hasVideo;
        this.hasAudio = hasAudio;
        this.nextSequence = firstSequence;
        this.clock = clock;
        this.onSegment = onSegment;
    }

    /**
     * Sets the bounds of an open segment (before the first tag).
     *
     * @param maxMs media time, ms, at least the target duration
     * @param maxBytes bytes
     * @return this
     */
    public HlsSegmenter bounds(long maxMs, long maxBytes) {
        this.maxSegmentMs = Math.max(targetMs, maxMs);
        this.maxSegmentBytes = maxBytes;
        return this;
    }

    /** Segments cut before a keyframe because they outgrew a bound. */
    public long forcedCuts() {
        return forcedCuts;
    }

    @Override
    public void onTag(FlvTag tag) {
        switch (tag.kind()) {
            case VIDEO_SEQUENCE_HEADER -> {
                if (videoHeader != null && videoHeader.isHevc() != tag.isHevc()) {
                    ts = null; // codec changed: a new muxer at the next keyframe
                } else if (ts != null && ts.config(tag)) {
                    cutAtNextStart = true;
                    pendingDiscontinuity = true;
                }
                videoHeader = tag;
            }
            case AUDIO_SEQUENCE_HEADER -> {
                if (ts != null && ts.config(tag)) {
                    cutAtNextStart = true;
                    pendingDiscontinuity = true;
                }
                audioHeader = tag;
            }
            case VIDEO_KEYFRAME -> {
                if (hasVideo) {
                    startOrCut(tag);
                    if (current != null) {
                        write(tag);
                    }
                }
            }
            case VIDEO_FRAME -> {
                if (hasVideo && current != null) {
                    cutIfOverBound(tag);
                    write(tag);
                }
            }
            case AUDIO_FRAME -> {
                if (!hasVideo) {
                    startOrCut(tag);
                }
                if (current != null) {
                    write(tag);
                }
            }
            default -> { }
        }
    }

    /**
     * Cuts on the media timeline: at the first keyframe past the next multiple of the target
     * duration. A source and its renditions (same keyframe times) then cut on the same keyframes,
     * whenever each segmenter started, so their segments line up for variant switching.
     */
    private void startOrCut(FlvTag tag) {
        if (current != null && (cutAtNextStart || Math.floorDiv(tag.timestampMs(), targetMs) > Math.floorDiv(segmentStartMs, targetMs))) {
            finish(tag.timestampMs());
        }
        if (current == null) {
            open(tag);
        }
    }

    /**
     * A video frame (not a keyframe) arrives: a segment that would pass a bound with the next frame
     * ends here (so its duration stays within the bound) and the next starts with this frame.
     */
    private void cutIfOverBound(FlvTag tag) {
        ByteSink cur = current;
        if (cur == null) {
            return; // no segment open: nothing to bound
        }
        long media = tag.timestampMs() - segmentStartMs;
        boolean tooLong = media + lastGapMs > maxSegmentMs;
        boolean tooBig = cur.size() + tag.payloadSize() + 4096 > maxSegmentBytes;
        if (!tooLong && !tooBig) {
            return;
        }
        if (forcedCuts++ == 0) {
            log.info("{}: HLS segment cut before a keyframe after {} ms / {} bytes (bounds {} ms, {} bytes): "
                    + "the stream's keyframes are further apart than that, or it sends none; such segments "
                    + "do not start decodable (counted)", key, media, cur.size(), maxSegmentMs, maxSegmentBytes);
        }
        finish(tag.timestampMs());
        open(tag);
    }

    private void open(FlvTag first) {
        if (ts == null) {
            if (hasVideo && videoHeader == null || hasAudio && !hasVideo && audioHeader == null) {
                return; // no decoder configuration yet: wait for it
            }
            boolean hevc = videoHeader != null && videoHeader.isHevc();
            ts = new FlvToTs(hasVideo, hevc, hasAudio);
            if (videoHeader != null) {
                ts.config(videoHeader);
            }
            if (audioHeader != null) {
                ts.config(audioHeader);
            }
        }
        current = new ByteSink(256 * 1024);
        ts.writePsi(current);
        segmentStartMs = first.timestampMs();
        lastMediaMs = first.timestampMs();
        mediaInSegment = false;
        currentDiscontinuity = pendingDiscontinuity;
        pendingDiscontinuity = false;
        cutAtNextStart = false;
    }

    private void write(FlvTag tag) {
        if (tag.timestampMs() > lastMediaMs) {
            lastGapMs = Math.min(1000, tag.timestampMs() - lastMediaMs);
        }
        lastMediaMs = Math.max(lastMediaMs, tag.timestampMs());
        java.util.Objects.requireNonNull(ts, "write before the muxer").media(tag, java.util.Objects.requireNonNull(current, "write without a segment"));
        mediaInSegment = true;
    }

    /** Ends the current segment at {@code endMs} (the next segment's first timestamp). */
    private void finish(long endMs) {
        ByteSink seg = current;
        current = null;
        FlvToTs muxer = ts;
        if (seg == null || muxer == null || !mediaInSegment) {
            return;
        }
        muxer.flushAudio(seg);
        byte[] bytes = seg.toByteArray();
        long duration = Math.max(1, endMs - segmentStartMs);
        mediaClock.observe(lastMediaMs, clock.instant());
        Instant start = mediaClock.at(segmentStartMs);
        SegmentInfo info = new SegmentInfo(nextSequence++, duration, currentDiscontinuity, start, bytes.length);
        // RFC 8216 6.2.2: fetchable while listed (until window - 1 more segments follow) and then for its
        // duration plus the playlist's: about 2 x window segments of this one's length, at least the target
        long retentionMs = duration + 2L * playlist.window() * Math.max(duration, targetMs);
        cache.put(new SegmentId(key, info.sequence()), bytes, java.time.Duration.ofMillis(retentionMs));
        playlist.add(info);
        onSegment.accept(info);
    }

    /** The upstream dropped: the segment so far is published, the next one is marked discontinuous. */
    @Override
    public void onUpstreamDisconnected() {
        if (current != null) {
            finish(lastMediaMs + lastGapMs);
        }
        pendingDiscontinuity = true;
    }

    @Override
    public void onSourceClosed(String reason) {
        current = null;
    }

}
