package io.edgecdn.edge.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.FlvTags;
import io.edgecdn.media.flv.TagType;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class HlsSegmenterTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final StreamKey KEY = new StreamKey("live", "x");
    /** A real AVCDecoderConfigurationRecord (Baseline, 1 SPS, 1 PPS) in an FLV sequence header. */
    private static final FlvTag AVC_HEADER = FlvTag.of(TagType.VIDEO, 0, HEX.parseHex(
            "1700000000" + "0142c01fffe10018" + "6742c01fda0280bfe5c04400000300040000030f23c60ca8" + "010004" + "68ce3c80"));
    private static final FlvTag AAC_HEADER = FlvTags.aacSequenceHeader(0, HEX.parseHex("1190"));

    private final List<SegmentInfo> produced = new ArrayList<>();
    private final SegmentCache cache = new SegmentCache(64 << 20, Duration.ofMinutes(1), System::nanoTime);
    private final MediaPlaylist playlist = new MediaPlaylist(6, 2000, "x/");

    private HlsSegmenter segmenter(boolean video, boolean audio) {
        return new HlsSegmenter(KEY, cache, playlist, 2000, video, audio, 100,
                Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC), produced::add);
    }

    private static FlvTag frame(long ts, boolean key) {
        return FlvTags.avcFrame(ts, 0, key, 8, b -> b.putInt(4).put(HEX.parseHex(key ? "65888011" : "419a0011")));
    }

    private static FlvTag audio(long ts) {
        return FlvTags.aacFrame(ts, ByteBuffer.wrap(HEX.parseHex("21100490")));
    }

    /** Feeds {@code seconds} of 30 fps video with a keyframe every {@code gopFrames} frames and 48 kHz AAC. */
    private static void feed(HlsSegmenter s, long fromMs, int frames, int gopFrames) {
        for (int i = 0; i < frames; i++) {
            long ts = fromMs + i * 1000L / 30;
            s.onTag(frame(ts, i % gopFrames == 0));
            s.onTag(audio(ts));
        }
    }

    @Test
    void gopOf1s_target2s_cutsEvery2sAtKeyframes() {
        HlsSegmenter s = segmenter(true, true);
        s.onTag(AVC_HEADER);
        s.onTag(AAC_HEADER);
        feed(s, 0, 30 * 7, 30); // 7 s: cuts at 2, 4, 6 s
        assertThat(produced).extracting(SegmentInfo::durationMs).containsExactly(2000L, 2000L, 2000L);
        assertThat(produced).extracting(SegmentInfo::sequence).containsExactly(100L, 101L, 102L);
        assertThat(produced).noneMatch(SegmentInfo::discontinuity);
        byte[] first = cache.get(new SegmentId(KEY, 100));
        assertThat(first).isNotNull();
        assertThat(first.length % 188).isZero();
        assertThat(playlist.targetDurationSeconds()).isEqualTo(2);
    }

    @Test
    void gopLongerThanTarget_neverCutsInsideAGop_andTargetDurationGrows() {
        HlsSegmenter s = segmenter(true, true);
        s.onTag(AVC_HEADER);
        s.onTag(AAC_HEADER);
        feed(s, 0, 30 * 8, 75); // keyframes every 2.5 s: segments of 2.5 s
        assertThat(produced).extracting(SegmentInfo::durationMs).containsExactly(2500L, 2500L, 2500L);
        assertThat(playlist.targetDurationSeconds()).isEqualTo(3); // ceil(2.5)
    }

    @Test
    void streamWithoutKeyframes_cutAtTheBoundOnTheNextFrame_memoryStaysBounded() {
        HlsSegmenter s = segmenter(true, true).bounds(6000, 16 << 20);
        s.onTag(AVC_HEADER);
        s.onTag(AAC_HEADER);
        feed(s, 0, 30 * 20, Integer.MAX_VALUE); // one keyframe, then 20 s of frames without one
        assertThat(produced).hasSize(3); // cut at 6, 12 and 18 s, never past the bound
        assertThat(produced).allSatisfy(i -> assertThat(i.durationMs()).isBetween(5966L, 6000L));
        assertThat(s.forcedCuts()).isEqualTo(3);
        assertThat(playlist.targetDurationSeconds()).isEqualTo(6);
    }

    @Test
    void longGop_cutAtTheBound_nextKeyframeStillStartsItsOwnSegment() {
        HlsSegmenter s = segmenter(true, true).bounds(6000, 16 << 20);
        s.onTag(AVC_HEADER);
        s.onTag(AAC_HEADER);
        feed(s, 0, 30 * 21, 300); // 10 s GOPs
        // 0-6 (cut), 6-10 (keyframe), 10-16 (cut), 16-20 (keyframe)
        assertThat(produced).extracting(i -> Math.round(i.durationMs() / 1000.0)).containsExactly(6L, 4L, 6L, 4L);
        assertThat(s.forcedCuts()).isEqualTo(2);
    }

    @Test
    void segmentOverTheByteBound_cutAtTheNextFrame() {
        HlsSegmenter s = segmenter(true, false).bounds(6000, 300 << 10);
        s.onTag(AVC_HEADER);
        for (int i = 0; i < 90; i++) { // 3 s of 30 kB frames, one keyframe: 2.7 MB, over the 300 KiB bound
            long ts = i * 1000L / 30;
            boolean key = i == 0;
            s.onTag(FlvTags.avcFrame(ts, 0, key, 30_000, b -> b.putInt(29_996).put((byte) (key ? 0x65 : 0x41)).put(new byte[29_995])));
        }
        assertThat(produced).hasSizeGreaterThanOrEqualTo(8);
        assertThat(produced).allSatisfy(i -> assertThat(i.bytes()).isLessThanOrEqualTo(300 << 10));
    }

    @Test
    void segmentRetention_coversItsPlaylist_asRfc8216Requires() {
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        SegmentCache c = new SegmentCache(256 << 20, Duration.ofSeconds(1), nanos::get);
        MediaPlaylist pl = new MediaPlaylist(6, 2000, "x/");
        HlsSegmenter s = new HlsSegmenter(KEY, c, pl, 2000, true, true, 100,
                Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC), produced::add).bounds(6000, 16 << 20);
        s.onTag(AVC_HEADER);
        s.onTag(AAC_HEADER);
        feed(s, 0, 30 * 61, 600); // 20 s GOPs cut at 6 s: 10 segments
        SegmentInfo first = produced.get(0);
        // the first 6 s segment is listed until 5 more follow (30 s), then must stay 6 s + a 36 s playlist longer
        nanos.addAndGet(Duration.ofSeconds(30 + 6 + 36).toNanos());
        assertThat(c.get(new SegmentId(KEY, first.sequence()))).isNotNull();
        nanos.addAndGet(Duration.ofSeconds(20).toNanos());
        assertThat(c.get(new SegmentId(KEY, first.sequence()))).as("gone once no playlist can list it").isNull();
    }

    @Test
    void framesBeforeFirstKeyframe_areNotSegmented() {
        HlsSegmenter s = segmenter(true, true);
        s.onTag(AVC_HEADER);
        s.onTag(AAC_HEADER);
        s.onTag(frame(0, false));
        s.onTag(audio(10));
        feed(s, 100, 30 * 3, 30);
        assertThat(produced).singleElement().satisfies(seg -> assertThat(seg.durationMs()).isEqualTo(2000));
    }

    @Test
    void upstreamDisconnect_endsSegmentEarly_andMarksNextDiscontinuous() {
        HlsSegmenter s = segmenter(true, true);
        s.onTag(AVC_HEADER);
        s.onTag(AAC_HEADER);
        feed(s, 0, 45, 30); // 1.5 s
        s.onUpstreamDisconnected();
        assertThat(produced).singleElement().satisfies(seg -> assertThat(seg.durationMs()).isBetween(1480L, 1520L));
        feed(s, 1520, 30 * 3, 30); // resumes at a keyframe after the reconnect
        assertThat(produced).hasSize(2);
        assertThat(produced.get(1).discontinuity()).isTrue();
        assertThat(playlist.render()).contains("#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME");
    }

    @Test
    void changedSequenceHeader_cutsAtNextKeyframe_withDiscontinuity() {
        HlsSegmenter s = segmenter(true, true);
        s.onTag(AVC_HEADER);
        s.onTag(AAC_HEADER);
        feed(s, 0, 40, 30);
        FlvTag otherPps = FlvTag.of(TagType.VIDEO, 1333, HEX.parseHex(
                "1700000000" + "0142c01fffe10018" + "6742c01fda0280bfe5c04400000300040000030f23c60ca8" + "010004" + "68ce3881"));
        s.onTag(otherPps);
        feed(s, 1366, 30 * 3, 30); // next keyframe at 1366 ms, before the 2 s target: cut anyway
        assertThat(produced.get(0).durationMs()).isEqualTo(1366);
        assertThat(produced.get(1).discontinuity()).isTrue();
    }

    @Test
    void audioOnly_cutsOnAudioFrames() {
        HlsSegmenter s = segmenter(false, true);
        s.onTag(AAC_HEADER);
        for (int i = 0; i < 250; i++) { // 250 frames of 21.333 ms: 5.3 s
            s.onTag(audio(i * 1024L * 1000 / 48000));
        }
        assertThat(produced).hasSize(2);
        assertThat(produced).allSatisfy(seg -> assertThat(seg.durationMs()).isBetween(2000L, 2022L));
    }

    @Test
    void segmentersStartingAtDifferentTimes_cutOnTheSameKeyframes() {
        HlsSegmenter early = segmenter(true, true);
        List<SegmentInfo> late = new ArrayList<>();
        HlsSegmenter lateOne = new HlsSegmenter(KEY, cache, new MediaPlaylist(6, 2000, "y/"), 2000, true, true, 500,
                Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC), late::add);
        for (HlsSegmenter s : List.of(early, lateOne)) {
            s.onTag(AVC_HEADER);
            s.onTag(AAC_HEADER);
        }
        for (int i = 0; i < 30 * 9; i++) { // 9 s, keyframe every second; the late one joins at 3 s
            long ts = i * 1000L / 30;
            FlvTag f = frame(ts, i % 30 == 0);
            early.onTag(f);
            if (ts >= 3000) {
                lateOne.onTag(f);
            }
        }
        // early: 0-2, 2-4, 4-6, 6-8; late: a short 3-4, then 4-6, 6-8: the same boundaries from 4 s on
        assertThat(produced).extracting(SegmentInfo::durationMs).containsExactly(2000L, 2000L, 2000L, 2000L);
        assertThat(late).extracting(SegmentInfo::durationMs).containsExactly(1000L, 2000L, 2000L);
    }
}
