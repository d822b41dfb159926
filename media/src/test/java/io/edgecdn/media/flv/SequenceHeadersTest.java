package io.edgecdn.media.flv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecdn.media.codec.AudioInfo;
import io.edgecdn.media.codec.HevcDecoderConfigurationRecord;
import io.edgecdn.media.codec.VideoCodec;
import io.edgecdn.media.codec.VideoInfo;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceHeadersTest {
    private static final HexFormat HEX = HexFormat.of();
    /** libx264 High 1280x720, as Debian's ffmpeg writes it. */
    private static final byte[] AVCC_720P = HEX.parseHex("0164001fffe1001a6764001facd9405005bb0110000003001000000303c0f18319600100046" + "8ef8fcbfdf8f800");

    @Test
    void video_avcSequenceHeader_readsCodecProfileLevelAndSize() {
        VideoInfo v = SequenceHeaders.video(FlvTags.avcSequenceHeader(0, AVCC_720P));
        assertThat(v).isEqualTo(new VideoInfo(VideoCodec.H264, 100, 31, 1280, 720));
    }

    @Test
    void video_hevcSequenceHeader_isReadAsHevc() {
        byte[] record = HevcDecoderConfigurationRecord.of(
                List.of(HEX.parseHex("40010c01ffff01600000030090000003000003003c959409")),
                List.of(HEX.parseHex("42010101600000030090000003000003003ca00a080f16595952930bc05a020000030002000003003210")),
                List.of(HEX.parseHex("4401c073c189"))).toBytes();
        VideoInfo v = SequenceHeaders.video(FlvTags.hevcSequenceHeader(0, record));
        assertThat(v.codec()).isEqualTo(VideoCodec.H265);
        assertThat(v.height()).isEqualTo(240);
    }

    @Test
    void audio_aacSequenceHeader_readsObjectTypeRateAndChannels() {
        AudioInfo a = SequenceHeaders.audio(FlvTags.aacSequenceHeader(0, new byte[] {0x11, (byte) 0x90})); // AAC-LC 48 kHz stereo
        assertThat(a).isEqualTo(new AudioInfo(2, 48_000, 2));
    }

    @Test
    void missingOrShortHeaders_giveNull_malformedRecordsThrow() {
        assertThat(SequenceHeaders.video(null)).isNull();
        assertThat(SequenceHeaders.audio(null)).isNull();
        assertThat(SequenceHeaders.video(FlvTag.of(TagType.VIDEO, 0, new byte[] {0x17, 0, 0, 0, 0}))).isNull();
        byte[] cut = java.util.Arrays.copyOf(AVCC_720P, 12);
        assertThatThrownBy(() -> SequenceHeaders.video(FlvTags.avcSequenceHeader(0, cut))).isInstanceOf(RuntimeException.class);
    }
}
