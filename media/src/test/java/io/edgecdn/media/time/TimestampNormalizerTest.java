package io.edgecdn.media.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimestampNormalizerTest {
    private static final int VIDEO = 0;
    private static final int AUDIO = 1;

    @Test
    void normalize_firstSampleIsZero_andDeltasKept() {
        TimestampNormalizer n = TimestampNormalizer.forMpegTs();
        assertThat(n.normalize(VIDEO, 5_000)).isZero();
        assertThat(n.normalize(AUDIO, 5_010)).isEqualTo(10);
        assertThat(n.normalize(VIDEO, 5_033)).isEqualTo(33);
    }

    @Test
    void normalize_mpegTsWrap_continuesSmoothly() {
        TimestampNormalizer n = TimestampNormalizer.forMpegTs();
        long nearWrap = TimestampNormalizer.MPEG_TS_WRAP_MS - 40;
        assertThat(n.normalize(VIDEO, nearWrap)).isZero();
        assertThat(n.normalize(VIDEO, nearWrap + 33)).isEqualTo(33);
        assertThat(n.normalize(VIDEO, 26)).isEqualTo(66); // wrapped: 26 ms after the wrap point
        assertThat(n.discontinuities()).isZero();
    }

    @Test
    void normalize_smallBackwardJitter_clampedNotRebased() {
        TimestampNormalizer n = TimestampNormalizer.forFlv();
        n.normalize(AUDIO, 1000);
        n.normalize(AUDIO, 1023);
        assertThat(n.normalize(AUDIO, 1020)).isEqualTo(23);
        assertThat(n.normalize(AUDIO, 1046)).isEqualTo(46);
        assertThat(n.discontinuities()).isZero();
    }

    @Test
    void normalize_backwardJump_continuesOneGapLater() {
        TimestampNormalizer n = TimestampNormalizer.forFlv();
        n.normalize(VIDEO, 90_000);
        n.normalize(VIDEO, 90_040);
        assertThat(n.normalize(VIDEO, 10)).isEqualTo(80); // upstream restarted its clock
        assertThat(n.normalize(VIDEO, 50)).isEqualTo(120);
        assertThat(n.normalize(AUDIO, 60)).isEqualTo(130); // audio follows the same shift
        assertThat(n.discontinuities()).isEqualTo(1);
    }

    @Test
    void normalize_forwardJumpBeyondLimit_rebased() {
        TimestampNormalizer n = TimestampNormalizer.forFlv();
        n.normalize(VIDEO, 0);
        n.normalize(VIDEO, 40);
        assertThat(n.normalize(VIDEO, 3_600_000)).isEqualTo(80);
    }

    @Test
    void discontinuity_reconnect_nextSampleFollowsLatestOutput() {
        TimestampNormalizer n = TimestampNormalizer.forMpegTs();
        n.normalize(VIDEO, 100);
        n.normalize(AUDIO, 600);
        n.discontinuity();
        long first = n.normalize(VIDEO, 77_777);
        assertThat(first).isEqualTo(500 + TimestampNormalizer.DEFAULT_GAP_MS);
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
