package io.edgecdn.edge.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecdn.media.codec.VideoCodec;
import io.edgecdn.media.codec.VideoInfo;
import org.junit.jupiter.api.Test;

class WebRtcRenditionTest {
    private static final VideoInfo H264_720P = new VideoInfo(VideoCodec.H264, 100, 31, 1280, 720);
    private static final VideoInfo H265_360P = new VideoInfo(VideoCodec.H265, 1, 90, 640, 360);

    @Test
    void webrtcBitrate_theSourcesOwn_moreForH265_fromThePictureBeforeAGopIsMeasured_bounded() {
        assertThat(WebRtcRendition.bitrate(1_800_000, H264_720P)).isEqualTo(1_800_000);
        assertThat(WebRtcRendition.bitrate(800_000, H265_360P)).isEqualTo(1_200_000);
        assertThat(WebRtcRendition.bitrate(0, H264_720P)).isEqualTo(2_764_800); // 0.1 bit per pixel at 30 fps
        assertThat(WebRtcRendition.bitrate(0, H265_360P)).isEqualTo(691_200);
        assertThat(WebRtcRendition.bitrate(0, null)).isEqualTo(2_500_000);
        assertThat(WebRtcRendition.bitrate(40_000_000, H264_720P)).isEqualTo(WebRtcRendition.MAX_BPS);
        assertThat(WebRtcRendition.bitrate(100_000, H264_720P)).isEqualTo(WebRtcRendition.MIN_BPS);
        var r = WebRtcRendition.of(1_800_000);
        r.validate("webrtc");
        assertThat(r.profileIdc()).isEqualTo(66);
        assertThat(r.sizeFor(1920, 1080)).containsExactly(1920, 1080);
    }
}
