package io.edgecdn.media.flv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FlvTagTest {
    private static FlvTag video(String hex) {
        return FlvTag.of(TagType.VIDEO, 0, HexFormat.of().parseHex(hex));
    }

    @Test
    void kind_legacyAvcHeaders() {
        assertThat(video("1700000000").kind()).isEqualTo(TagKind.VIDEO_SEQUENCE_HEADER); // key, AVC, seq header
        assertThat(video("1701000000").kind()).isEqualTo(TagKind.VIDEO_KEYFRAME); // key, AVC, NALU
        assertThat(video("2701000000").kind()).isEqualTo(TagKind.VIDEO_FRAME); // inter, AVC, NALU
        assertThat(video("1702000000").kind()).isEqualTo(TagKind.VIDEO_OTHER); // end of sequence
        assertThat(video("5700").kind()).isEqualTo(TagKind.VIDEO_OTHER); // command frame
    }

    @Test
    void kind_enhancedRtmpHevcHeaders() {
        assertThat(video("90" + "68766331").kind()).isEqualTo(TagKind.VIDEO_SEQUENCE_HEADER); // Ex, key, SequenceStart, hvc1
        assertThat(video("91" + "68766331000000").kind()).isEqualTo(TagKind.VIDEO_KEYFRAME); // Ex, key, CodedFrames
        assertThat(video("a3" + "68766331").kind()).isEqualTo(TagKind.VIDEO_FRAME); // Ex, inter, CodedFramesX
    }

    @Test
    void kind_audio() {
        assertThat(FlvTag.of(TagType.AUDIO, 0, new byte[] {(byte) 0xAF, 0, 0x11, (byte) 0x90}).kind())
                .isEqualTo(TagKind.AUDIO_SEQUENCE_HEADER);
        assertThat(FlvTag.of(TagType.AUDIO, 0, new byte[] {(byte) 0xAF, 1, 0x21}).kind()).isEqualTo(TagKind.AUDIO_FRAME);
        assertThat(FlvTag.of(TagType.AUDIO, 0, new byte[] {(byte) 0x2F, 0x21}).kind()).isEqualTo(TagKind.AUDIO_FRAME); // MP3
    }

    @Test
    void wire_sharedNotCopied_andTimestampExtended() {
        FlvTag t = FlvTag.of(TagType.VIDEO, 0x01020304L, HexFormat.of().parseHex("2701000000aa"));
        ByteBuffer a = t.wire();
        ByteBuffer b = t.wire();
        a.position(5);
        assertThat(b.position()).isZero();
        assertThat(a.isReadOnly()).isTrue();
        assertThat(b.get(4)).isEqualTo((byte) 0x02); // Timestamp bits 16-23
        assertThat(b.get(7)).isEqualTo((byte) 0x01); // TimestampExtended
        assertThat(b.getInt(t.wireSize() - 4)).isEqualTo(11 + 6); // PreviousTagSize
        assertThat(t.withTimestamp(5).timestampMs()).isEqualTo(5);
        assertThat(t.withTimestamp(5).payload()).isEqualTo(t.payload());
    }

    @Test
    void compositionTime_legacyAndEnhanced() {
        assertThat(video("2701000021aa").compositionTimeMs()).isEqualTo(33); // legacy AVC, CompositionTime 0x000021
        assertThat(video("27010fffffaa").compositionTimeMs()).isEqualTo(0xFFFFF); // positive, 24-bit
        assertThat(video("2701ffffdfaa").compositionTimeMs()).isEqualTo(-33); // signed
        assertThat(video("a1" + "68766331" + "000042" + "aa").compositionTimeMs()).isEqualTo(66); // Enhanced CodedFrames
        assertThat(video("a3" + "68766331" + "aa").compositionTimeMs()).isZero(); // Enhanced CodedFramesX
        assertThat(video("1700000021").compositionTimeMs()).isZero(); // a sequence header is no frame
        assertThat(FlvTag.of(TagType.VIDEO, 100, HexFormat.of().parseHex("2701000021aa")).presentationTimeMs()).isEqualTo(133);
    }
}
