package io.edgecdn.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class HevcDecoderConfigurationRecordTest {
    private static final HexFormat HEX = HexFormat.of();
    /** Parameter sets Debian's ffmpeg 5.1 (libx265, Main) wrote for a 320x240 stream, Annex-B, start codes removed. */
    private static final byte[] VPS = HEX.parseHex("40010c01ffff01600000030090000003000003003c959409");
    private static final byte[] SPS = HEX.parseHex("42010101600000030090000003000003003ca00a080f16595952930bc05a020000030002000003003210");
    private static final byte[] PPS = HEX.parseHex("4401c073c189");

    @Test
    void of_ffmpegParameterSets_readsMainProfileAndSize() {
        HevcDecoderConfigurationRecord r = HevcDecoderConfigurationRecord.of(List.of(VPS), List.of(SPS), List.of(PPS));
        assertThat(r.profileIdc()).isEqualTo(1); // Main
        assertThat(r.tierFlag()).isZero();
        assertThat(r.levelIdc()).isEqualTo(60); // level 2
        assertThat(r.videoInfo()).isEqualTo(new VideoInfo(VideoCodec.H265, 1, 60, 320, 240));
    }

    @Test
    void parse_builtRecord_roundTrips() {
        byte[] bytes = HevcDecoderConfigurationRecord.of(List.of(VPS), List.of(SPS), List.of(PPS)).toBytes();
        assertThat(bytes[0]).isEqualTo((byte) 1); // configurationVersion
        assertThat(bytes[1]).isEqualTo((byte) 0x01); // profile_space 0, tier 0, profile_idc 1
        assertThat(bytes[22]).isEqualTo((byte) 3); // numOfArrays: VPS, SPS, PPS
        HevcDecoderConfigurationRecord p = HevcDecoderConfigurationRecord.parse(ByteBuffer.wrap(bytes));
        assertThat(p.vps().get(0)).isEqualTo(VPS);
        assertThat(p.sps().get(0)).isEqualTo(SPS);
        assertThat(p.pps().get(0)).isEqualTo(PPS);
        assertThat(p.nalLengthSize()).isEqualTo(4);
        assertThat(p.videoInfo().height()).isEqualTo(240);
    }

    @Test
    void parse_truncated_namesOffset() {
        assertThatThrownBy(() -> HevcDecoderConfigurationRecord.parse(ByteBuffer.wrap(new byte[] {1, 1, 0})))
                .hasMessageContaining("truncated at byte 0");
    }
}
