package io.edgecdn.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AudioSpecificConfigTest {
    @Test
    void parse_ffmpegAacLcStereo48k() {
        // ffmpeg 5.1's AAC sequence header body: 0x1190 = objectType 2 (5 bits), index 3 (4 bits), channels 2 (4 bits),
        // then its explicit "no SBR" sync extension 56 e5 00
        AudioInfo info = AudioSpecificConfig.parse(ByteBuffer.wrap(HexFormat.of().parseHex("119056e500")));
        assertThat(info).isEqualTo(new AudioInfo(2, 48000, 2));
    }

    @Test
    void fromAdts_buildsTwoByteConfig() {
        // ADTS header: sync fff, MPEG-4, layer 0, no CRC (f1); profile 1 (LC), index 4 (44.1 kHz), channel config 2 (50 80);
        // frame length 0x20, buffer fullness 7ff, 1 raw block
        ByteBuffer adts = ByteBuffer.wrap(HexFormat.of().parseHex("fff15080041ffc"));
        byte[] asc = AudioSpecificConfig.fromAdts(adts);
        assertThat(asc).isEqualTo(HexFormat.of().parseHex("1210"));
        assertThat(AudioSpecificConfig.parse(ByteBuffer.wrap(asc))).isEqualTo(new AudioInfo(2, 44100, 2));
        assertThat(Adts.frameLength(adts, 0)).isEqualTo(0x20);
        assertThat(Adts.headerLength(adts, 0)).isEqualTo(7);
    }

    @Test
    void parse_reservedIndex_rejected() {
        assertThatThrownBy(() -> AudioSpecificConfig.parse(ByteBuffer.wrap(new byte[] {0x16, (byte) 0x90})))
                .hasMessageContaining("samplingFrequencyIndex 13 is reserved");
    }

    @Test
    void fromAdts_noSync_rejected() {
        assertThatThrownBy(() -> AudioSpecificConfig.fromAdts(ByteBuffer.wrap(new byte[7])))
                .hasMessageContaining("no ADTS header");
    }
}
