package io.edgecdn.media.remux;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecdn.media.codec.AvcDecoderConfigurationRecord;
import io.edgecdn.media.codec.VideoCodec;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import io.edgecdn.media.time.TimestampNormalizer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketRemuxerTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SPS = HEX.parseHex("6742c01fda0280bfe5c04400000300040000030f23c60ca8"); // Baseline 3.1
    private static final byte[] PPS = HEX.parseHex("68ce3c80");

    private final List<FlvTag> out = new ArrayList<>();
    private final PacketRemuxer remuxer = new PacketRemuxer(out::add, TimestampNormalizer.forMpegTs());

    private static byte[] annexB(String... nalsHex) {
        StringBuilder sb = new StringBuilder();
        for (String n : nalsHex) {
            sb.append("00000001").append(n);
        }
        return HEX.parseHex(sb.toString());
    }

    @Test
    void video_annexBStream_waitsForKeyframe_thenSequenceHeaderThenAvccFrames() {
        // an inter frame before any keyframe is dropped: viewers start at a decodable picture
        remuxer.video(VideoCodec.H264, ByteBuffer.wrap(annexB("09f0", "419a0000")), 0, 0, false, null);
        assertThat(out).isEmpty();
        remuxer.video(VideoCodec.H264, ByteBuffer.wrap(annexB("0910", HEX.formatHex(SPS), HEX.formatHex(PPS), "65888011")), 40, 80, true, null);
        assertThat(out).extracting(FlvTag::kind).containsExactly(TagKind.VIDEO_SEQUENCE_HEADER, TagKind.VIDEO_KEYFRAME);
        AvcDecoderConfigurationRecord rec = AvcDecoderConfigurationRecord.parse(out.get(0).payload().position(5));
        assertThat(rec.sps().get(0)).isEqualTo(SPS);
        assertThat(rec.pps().get(0)).isEqualTo(PPS);
        // frame: 17 01, CompositionTime 40 ms, one length-prefixed IDR NAL (AUD, SPS, PPS removed)
        assertThat(out.get(1).payload()).isEqualTo(ByteBuffer.wrap(HEX.parseHex("1701000028" + "00000004" + "65888011")));
        remuxer.video(VideoCodec.H264, ByteBuffer.wrap(annexB("419a0001")), 73, 73, false, null);
        assertThat(out.get(2).kind()).isEqualTo(TagKind.VIDEO_FRAME);
        assertThat(out.get(2).timestampMs()).isEqualTo(io.edgecdn.media.time.TimestampNormalizer.START_MS + 33);
        assertThat(remuxer.droppedVideo()).isEqualTo(1);
    }

    @Test
    void video_changedSps_resendsSequenceHeader_unchangedDoesNot() {
        remuxer.video(VideoCodec.H264, ByteBuffer.wrap(annexB(HEX.formatHex(SPS), HEX.formatHex(PPS), "65888011")), 0, 0, true, null);
        remuxer.video(VideoCodec.H264, ByteBuffer.wrap(annexB(HEX.formatHex(SPS), HEX.formatHex(PPS), "65888001")), 33, 33, true, null);
        assertThat(out.stream().filter(t -> t.kind() == TagKind.VIDEO_SEQUENCE_HEADER)).hasSize(1);
        byte[] otherPps = HEX.parseHex("68ce3880");
        remuxer.video(VideoCodec.H264, ByteBuffer.wrap(annexB(HEX.formatHex(SPS), HEX.formatHex(otherPps), "65888002")), 66, 66, true, null);
        assertThat(out.stream().filter(t -> t.kind() == TagKind.VIDEO_SEQUENCE_HEADER)).hasSize(2);
    }

    @Test
    void video_lengthPrefixedNalOf300Bytes_isNotMistakenForAnnexB() {
        byte[] record = AvcDecoderConfigurationRecord.of(List.of(SPS), List.of(PPS)).toBytes();
        // a 300-byte slice: its 4-byte length prefix 00 00 01 2c looks like an Annex-B start code
        ByteBuffer frame = ByteBuffer.allocate(304);
        frame.putInt(300).put((byte) 0x41);
        frame.clear();
        remuxer.video(VideoCodec.H264, frame.duplicate(), 0, 0, true, record);
        assertThat(out).extracting(FlvTag::kind).containsExactly(TagKind.VIDEO_SEQUENCE_HEADER, TagKind.VIDEO_KEYFRAME);
        assertThat(out.get(1).payloadSize()).isEqualTo(5 + 304); // passed through untouched
        assertThat(out.get(1).payload().position(5)).isEqualTo(frame);
    }

    @Test
    void video_hevcAnnexB_becomesEnhancedRtmpHeaderAndFrames() {
        // parameter sets written by Debian's ffmpeg 5.1 (libx265 Main, 320x240)
        String vps = "40010c01ffff01600000030090000003000003003c959409";
        String sps = "42010101600000030090000003000003003ca00a080f16595952930bc05a020000030002000003003210";
        String pps = "4401c073c189";
        remuxer.video(VideoCodec.H265, ByteBuffer.wrap(annexB("0201d001")), 0, 0, false, null); // TRAIL_R before any IRAP: dropped
        remuxer.video(VideoCodec.H265, ByteBuffer.wrap(annexB("46010150", vps, sps, pps, "260101af11")), 40, 40, true, null); // AUD, VPS, SPS, PPS, IDR_W_RADL
        remuxer.video(VideoCodec.H265, ByteBuffer.wrap(annexB("0201d011")), 73, 106, false, null);
        assertThat(out).extracting(FlvTag::kind).containsExactly(TagKind.VIDEO_SEQUENCE_HEADER, TagKind.VIDEO_KEYFRAME, TagKind.VIDEO_FRAME);
        ByteBuffer header = out.get(0).payload();
        assertThat(header.get(0)).isEqualTo((byte) 0x90); // IsExHeader, FrameType 1, PacketType 0 (SequenceStart)
        assertThat(header.getInt(1)).isEqualTo(io.edgecdn.media.flv.FlvCodecIds.FOURCC_HVC1);
        assertThat(io.edgecdn.media.codec.HevcDecoderConfigurationRecord.parse(header.position(5)).videoInfo().width()).isEqualTo(320);
        // key frame: 0x91 (Ex, key, CodedFrames), 'hvc1', CompositionTime 0, one length-prefixed NAL
        assertThat(out.get(1).payload()).isEqualTo(ByteBuffer.wrap(HEX.parseHex("91" + "68766331" + "000000" + "00000005" + "260101af11")));
        // inter frame: 0xa1 (Ex, inter, CodedFrames), CompositionTime 33 ms
        assertThat(out.get(2).payload()).isEqualTo(ByteBuffer.wrap(HEX.parseHex("a1" + "68766331" + "000021" + "00000004" + "0201d011")));
    }

    @Test
    void aac_adtsPesWithTwoFrames_stripsHeadersAndSpacesFrames1024SamplesApart() {
        // two ADTS frames, 48 kHz LC mono, each 7-byte header + 2 raw bytes (frame length 9)
        String adts = "fff14c40013ffc";
        ByteBuffer pes = ByteBuffer.wrap(HEX.parseHex(adts + "aabb" + adts + "ccdd"));
        remuxer.aac(pes, 1000, null);
        assertThat(out).extracting(FlvTag::kind).containsExactly(TagKind.AUDIO_SEQUENCE_HEADER, TagKind.AUDIO_FRAME, TagKind.AUDIO_FRAME);
        assertThat(out.get(0).payload()).isEqualTo(ByteBuffer.wrap(HEX.parseHex("af00" + "1188"))); // LC, 48 kHz, 1 channel
        assertThat(out.get(1).payload()).isEqualTo(ByteBuffer.wrap(HEX.parseHex("af01aabb")));
        assertThat(out.get(2).payload()).isEqualTo(ByteBuffer.wrap(HEX.parseHex("af01ccdd")));
        assertThat(out.get(2).timestampMs() - out.get(1).timestampMs()).isEqualTo(21); // 1024 / 48000 s
    }

    @Test
    void reset_newConnection_resendsHeadersAndWaitsForKeyframe() {
        remuxer.video(VideoCodec.H264, ByteBuffer.wrap(annexB(HEX.formatHex(SPS), HEX.formatHex(PPS), "65888011")), 0, 0, true, null);
        remuxer.reset();
        remuxer.video(VideoCodec.H264, ByteBuffer.wrap(annexB("419a0001")), 33, 33, false, null);
        assertThat(out).hasSize(2);
        remuxer.video(VideoCodec.H264, ByteBuffer.wrap(annexB(HEX.formatHex(SPS), HEX.formatHex(PPS), "65888003")), 66, 66, true, null);
        assertThat(out).extracting(FlvTag::kind).containsExactly(TagKind.VIDEO_SEQUENCE_HEADER, TagKind.VIDEO_KEYFRAME,
                TagKind.VIDEO_SEQUENCE_HEADER, TagKind.VIDEO_KEYFRAME);
    }
}
