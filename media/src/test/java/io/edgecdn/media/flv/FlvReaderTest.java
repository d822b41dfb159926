package io.edgecdn.media.flv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlvReaderTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] stream(List<FlvTag> tags) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FlvWriter w = new FlvWriter(out);
        w.writeHeader(true, true);
        for (FlvTag t : tags) {
            w.writeTag(t);
        }
        return out.toByteArray();
    }

    private static List<FlvTag> sampleTags() {
        return List.of(
                FlvTags.metadata(0, java.util.Map.of("width", 1280.0, "height", 720.0)),
                FlvTag.of(TagType.VIDEO, 0, HEX.parseHex("1700000000016400")),
                FlvTag.of(TagType.AUDIO, 0, HEX.parseHex("af001190")),
                FlvTag.of(TagType.VIDEO, 0, HEX.parseHex("1701000043000000026509")),
                FlvTag.of(TagType.AUDIO, 21, HEX.parseHex("af01de02")),
                // timestamp past 24 bits: uses TimestampExtended
                FlvTag.of(TagType.VIDEO, 0x1234_5678L, HEX.parseHex("2701000000000000024101")));
    }

    @Test
    void feed_byteByByte_roundTripsEveryTag() throws Exception {
        List<FlvTag> tags = sampleTags();
        byte[] bytes = stream(tags);
        List<FlvTag> got = new ArrayList<>();
        FlvReader r = new FlvReader(got::add);
        for (byte b : bytes) {
            r.feed(ByteBuffer.wrap(new byte[] {b}));
        }
        assertThat(r.header()).isEqualTo(new FlvHeader(1, true, true));
        assertThat(r.atTagBoundary()).isTrue();
        assertThat(got).hasSize(tags.size());
        for (int i = 0; i < tags.size(); i++) {
            assertThat(got.get(i).type()).isEqualTo(tags.get(i).type());
            assertThat(got.get(i).timestampMs()).isEqualTo(tags.get(i).timestampMs());
            assertThat(got.get(i).kind()).isEqualTo(tags.get(i).kind());
            assertThat(got.get(i).payload()).isEqualTo(tags.get(i).payload());
            assertThat(got.get(i).wire()).isEqualTo(tags.get(i).wire());
        }
        assertThat(got.get(5).timestampMs()).isEqualTo(0x1234_5678L);
    }

    @Test
    void feed_randomChunks_sameTagsAsWhole() throws Exception {
        byte[] bytes = stream(sampleTags());
        Random rnd = new Random(7);
        for (int run = 0; run < 50; run++) {
            List<FlvTag> got = new ArrayList<>();
            FlvReader r = new FlvReader(got::add);
            int p = 0;
            while (p < bytes.length) {
                int n = Math.min(bytes.length - p, 1 + rnd.nextInt(40));
                r.feed(ByteBuffer.wrap(bytes, p, n));
                p += n;
            }
            assertThat(got).hasSize(6);
        }
    }

    @Test
    void feed_badSignature_namesOffsetZero() {
        FlvReader r = new FlvReader(t -> { });
        assertThatThrownBy(() -> r.feed(ByteBuffer.wrap("FLX\u0001\u0005\0\0\0\u0009".getBytes())))
                .isInstanceOf(MalformedFlvException.class)
                .hasMessageContaining("at byte 0")
                .hasMessageContaining("signature");
    }

    @Test
    void feed_wrongPreviousTagSize_namesItsOffset() throws Exception {
        byte[] bytes = stream(List.of(FlvTag.of(TagType.AUDIO, 0, HEX.parseHex("af001190"))));
        bytes[bytes.length - 1] = 99; // PreviousTagSize of the only tag: 13 + 4 + 11 = its offset 28
        FlvReader r = new FlvReader(t -> { });
        assertThatThrownBy(() -> r.feed(ByteBuffer.wrap(bytes)))
                .isInstanceOf(MalformedFlvException.class)
                .hasMessageContaining("at byte 28")
                .hasMessageContaining("PreviousTagSize is 99, expected 15");
        assertThat(((MalformedFlvException) catchFailure(r)).offset()).isGreaterThanOrEqualTo(28);
    }

    @Test
    void feed_unknownTagType_namesTagOffset() throws Exception {
        byte[] bytes = stream(List.of(FlvTag.of(TagType.AUDIO, 0, HEX.parseHex("af001190"))));
        bytes[13] = 7; // TagType of the first tag, right after the 13 header bytes
        FlvReader r = new FlvReader(t -> { });
        assertThatThrownBy(() -> r.feed(ByteBuffer.wrap(bytes)))
                .hasMessageContaining("at byte 13")
                .hasMessageContaining("TagType is 7");
    }

    @Test
    void feed_nonZeroPreviousTagSize0_rejected() {
        byte[] h = {'F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0, 0, 1};
        FlvReader r = new FlvReader(t -> { });
        assertThatThrownBy(() -> r.feed(ByteBuffer.wrap(h)))
                .hasMessageContaining("at byte 9")
                .hasMessageContaining("PreviousTagSize0 is 1");
    }

    @Test
    void feed_afterFailure_keepsFailing() {
        FlvReader r = new FlvReader(t -> { });
        assertThatThrownBy(() -> r.feed(ByteBuffer.wrap("XXXXXXXXX".getBytes()))).isInstanceOf(MalformedFlvException.class);
        assertThatThrownBy(() -> r.feed(ByteBuffer.wrap(new byte[] {1}))).hasMessageContaining("already failed");
    }

    @Test
    void feed_realFfmpegFile_firstTagsClassified() throws Exception {
        List<FlvTag> got = new ArrayList<>();
        FlvReader r = new FlvReader(got::add);
        try (var in = getClass().getResourceAsStream("/ffmpeg-avc-aac.flv")) {
            r.readAll(in);
        }
        assertThat(got.get(0).kind()).isEqualTo(TagKind.METADATA);
        assertThat(got.get(1).kind()).isEqualTo(TagKind.VIDEO_SEQUENCE_HEADER);
        assertThat(got.get(2).kind()).isEqualTo(TagKind.AUDIO_SEQUENCE_HEADER);
        assertThat(got.get(3).kind()).isEqualTo(TagKind.VIDEO_KEYFRAME);
        assertThat(got.stream().filter(FlvTag::isKeyframe).count()).isEqualTo(2); // 2 s at GOP 1 s... 60 frames, g=30
        assertThat(got.stream().filter(t -> t.kind() == TagKind.VIDEO_FRAME).count()).isEqualTo(58);
        assertThat(r.atTagBoundary()).isTrue();
    }

    private static Throwable catchFailure(FlvReader r) {
        try {
            r.feed(ByteBuffer.wrap(new byte[] {0}));
            return null;
        } catch (MalformedFlvException e) {
            return e;
        }
    }
}
