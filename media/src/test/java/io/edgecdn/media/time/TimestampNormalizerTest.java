package io.edgecdn.media.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimestampNormalizerTest {
    private static final int VIDEO = 0;
    private static final int AUDIO = 1;
    private static final long S = TimestampNormalizer.START_MS;

    @Test
    void normalize_firstSampleAtStart_andDeltasKept() {
        TimestampNormalizer n = TimestampNormalizer.forMpegTs();
        assertThat(n.normalize(VIDEO, 5_000)).isEqualTo(S);
        assertThat(n.normalize(AUDIO, 5_010)).isEqualTo(S + 10);
        assertThat(n.normalize(VIDEO, 5_033)).isEqualTo(S + 33);
    }

    @Test
    void normalize_mpegTsWrap_continuesSmoothly() {
        TimestampNormalizer n = TimestampNormalizer.forMpegTs();
        long nearWrap = TimestampNormalizer.MPEG_TS_WRAP_MS - 40;
        assertThat(n.normalize(VIDEO, nearWrap)).isEqualTo(S);
        assertThat(n.normalize(VIDEO, nearWrap + 33)).isEqualTo(S + 33);
        assertThat(n.normalize(VIDEO, 26)).isEqualTo(S + 66); // wrapped: 26 ms after the wrap point
        assertThat(n.discontinuities()).isZero();
    }

    @Test
    void normalize_smallBackwardJitter_landsJustAfterNotRebased() {
        TimestampNormalizer n = TimestampNormalizer.forFlv();
        n.normalize(AUDIO, 1000);
        n.normalize(AUDIO, 1023);
        assertThat(n.normalize(AUDIO, 1020)).isEqualTo(S + 24); // never the previous sample's time again
        assertThat(n.normalize(AUDIO, 1023)).isEqualTo(S + 25); // a repeated timestamp too
        assertThat(n.normalize(AUDIO, 1046)).isEqualTo(S + 46);
        assertThat(n.discontinuities()).isZero();
    }

    @Test
    void discontinuity_reconnectAtVideo_atLeastOneVideoFrameIntervalLater() {
        TimestampNormalizer n = TimestampNormalizer.forMpegTs();
        n.normalize(VIDEO, 0);
        n.normalize(AUDIO, 10);
        n.normalize(VIDEO, 33); // video last at S + 33, 33 ms apart; latest of any track S + 33
        n.discontinuity();
        long v = n.normalize(VIDEO, 90_000);
        assertThat(v).isEqualTo(S + 66); // not S + 53: two 30 fps frames 20 ms apart share a 1/30 s tick
    }

    @Test
    void discontinuity_otherTrackWouldLandBehindItself_timelineMovesForward() {
        TimestampNormalizer n = TimestampNormalizer.forMpegTs();
        n.normalize(VIDEO, 0);
        n.normalize(VIDEO, 33);
        n.normalize(AUDIO, 850);
        n.normalize(VIDEO, 898); // video reaches S + 898, audio S + 850
        n.discontinuity();
        // the new connection's audio comes first, the keyframe's DTS is 300 ms before it
        long a = n.normalize(AUDIO, 50_000);
        assertThat(a).isEqualTo(S + 898 + TimestampNormalizer.DEFAULT_GAP_MS);
        long v = n.normalize(VIDEO, 49_700);
        assertThat(v).isGreaterThan(S + 898); // not S + 618, nor S + 898 again
        long a2 = n.normalize(AUDIO, 50_021);
        assertThat(a2).isGreaterThan(a);
        assertThat(a2 - v).isEqualTo(321); // A/V distance of the new connection kept from here on
        assertThat(n.normalize(VIDEO, 49_733)).isEqualTo(v + 33);
    }

    @Test
    void normalize_otherTrackStartsEarlier_landsOnItsOwnTime() {
        // an MPEG-TS muxer sends video first; the first audio PES, 55 ms older, comes 8 frames later
        TimestampNormalizer n = TimestampNormalizer.forMpegTs();
        assertThat(n.normalize(VIDEO, 10_055)).isEqualTo(S);
        assertThat(n.normalize(VIDEO, 10_088)).isEqualTo(S + 33);
        assertThat(n.normalize(AUDIO, 10_000)).isEqualTo(S - 55); // A/V sync kept, no gap in video
        assertThat(n.normalize(VIDEO, 10_121)).isEqualTo(S + 66);
    }

    @Test
    void normalize_otherTrackStartsFarEarlier_neverNegativeNorRepeated() {
        TimestampNormalizer n = TimestampNormalizer.forMpegTs();
        assertThat(n.normalize(AUDIO, 5_000)).isEqualTo(S);
        long v0 = n.normalize(VIDEO, 3_000); // 2 s older than the first sample: beyond the start headroom
        long v1 = n.normalize(VIDEO, 3_033);
        assertThat(v0).isZero();
        assertThat(v1).isEqualTo(33); // spacing kept, not squeezed to 1 ms steps
        assertThat(n.normalize(AUDIO, 5_021)).isEqualTo(S + 1_000 + 21); // audio moved with the timeline
    }

    @Test
    void normalize_backwardJump_continuesOneGapLater() {
        TimestampNormalizer n = TimestampNormalizer.forFlv();
        n.normalize(VIDEO, 90_000);
        n.normalize(VIDEO, 90_040);
        assertThat(n.normalize(VIDEO, 10)).isEqualTo(S + 80); // upstream restarted its clock
        assertThat(n.normalize(VIDEO, 50)).isEqualTo(S + 120);
        assertThat(n.normalize(AUDIO, 60)).isEqualTo(S + 130); // audio follows the same shift
        assertThat(n.discontinuities()).isEqualTo(1);
    }

    @Test
    void normalize_forwardJumpBeyondLimit_rebased() {
        TimestampNormalizer n = TimestampNormalizer.forFlv();
        n.normalize(VIDEO, 0);
        n.normalize(VIDEO, 40);
        assertThat(n.normalize(VIDEO, 3_600_000)).isEqualTo(S + 80);
    }

    @Test
    void discontinuity_reconnect_nextSampleFollowsLatestOutput() {
        TimestampNormalizer n = TimestampNormalizer.forMpegTs();
        n.normalize(VIDEO, 100);
        n.normalize(AUDIO, 600);
        n.discontinuity();
        long first = n.normalize(VIDEO, 77_777);
        assertThat(first).isEqualTo(S + 500 + TimestampNormalizer.DEFAULT_GAP_MS);
        assertThat(n.normalize(AUDIO, 77_790)).isEqualTo(first + 13);
    }

    @Test
    void passthrough_keepsTheSourceTimeline() {
        TimestampNormalizer n = TimestampNormalizer.passthrough();
        assertThat(n.normalize(VIDEO, 5_000)).isEqualTo(5_000);
        assertThat(n.normalize(AUDIO, 5_010)).isEqualTo(5_010);
        assertThat(n.normalize(VIDEO, 5_033)).isEqualTo(5_033);
    }
}
