package io.edgecdn.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvcDecoderConfigurationRecordTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The record Debian's ffmpeg 5.1 wrote for libx264 High, 1280x720 (FLV video tag body after 17 00 00 00 00). */
    private static final byte[] FFMPEG_720P_HIGH = HEX.parseHex(
            "01" // configurationVersion 1
            + "64" // AVCProfileIndication 100 (High)
            + "00" // profile_compatibility
            + "1f" // AVCLevelIndication 31 (3.1)
            + "ff" // reserved 111111, lengthSizeMinusOne 3
            + "e1" // reserved 111, numOfSequenceParameterSets 1
            + "001a" // sequenceParameterSetLength 26
            + "6764001facd9405005bb0110000003001000000303c0f18319 60".replace(" ", "")
            + "01" // numOfPictureParameterSets 1
            + "0004" // pictureParameterSetLength 4
            + "68ef8fcb"
            + "fdf8f800"); // High profile extension: chroma_format 1, bit depths 8, no SPS ext

    @Test
    void parse_ffmpegHigh720p_readsProfileLevelAndSize() {
        AvcDecoderConfigurationRecord r = AvcDecoderConfigurationRecord.parse(ByteBuffer.wrap(FFMPEG_720P_HIGH));
        assertThat(r.profile()).isEqualTo(100);
        assertThat(r.level()).isEqualTo(31);
        assertThat(r.nalLengthSize()).isEqualTo(4);
        assertThat(r.sps()).hasSize(1);
        assertThat(r.pps()).hasSize(1);
        assertThat(r.videoInfo()).isEqualTo(new VideoInfo(VideoCodec.H264, 100, 31, 1280, 720));
    }

    @Test
    void of_parameterSets_buildsRecordThatParsesBack() {
        AvcDecoderConfigurationRecord parsed = AvcDecoderConfigurationRecord.parse(ByteBuffer.wrap(FFMPEG_720P_HIGH));
        byte[] built = AvcDecoderConfigurationRecord.of(parsed.sps(), parsed.pps()).toBytes();
        // identical to ffmpeg's up to the optional High profile extension, which we do not write
        assertThat(built).isEqualTo(java.util.Arrays.copyOf(FFMPEG_720P_HIGH, FFMPEG_720P_HIGH.length - 4));
        assertThat(AvcDecoderConfigurationRecord.parse(ByteBuffer.wrap(built)).videoInfo().width()).isEqualTo(1280);
    }

    @Test
    void parse_truncated_namesOffset() {
        byte[] cut = java.util.Arrays.copyOf(FFMPEG_720P_HIGH, 20);
        assertThatThrownBy(() -> AvcDecoderConfigurationRecord.parse(ByteBuffer.wrap(cut)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated at byte 8")
                .hasMessageContaining("SPS of 26 bytes");
    }

    @Test
    void parse_wrongVersion_rejected() {
        byte[] bad = FFMPEG_720P_HIGH.clone();
        bad[0] = 0;
        assertThatThrownBy(() -> AvcDecoderConfigurationRecord.parse(ByteBuffer.wrap(bad)))
                .hasMessageContaining("configurationVersion is 0");
    }

    @Test
    void of_noSps_rejected() {
        assertThatThrownBy(() -> AvcDecoderConfigurationRecord.of(List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
