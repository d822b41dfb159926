package io.edgecdn.media.remux;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecdn.media.flv.FlvReader;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import io.edgecdn.media.flv.TagType;
import io.edgecdn.media.time.TimestampNormalizer;
import io.edgecdn.media.ts.ByteSink;
import io.edgecdn.media.ts.FlvToTs;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * MPEG-TS written by Debian's ffmpeg (its default muxer puts several ADTS frames in each audio
 * PES) and by our own muxer, through our demuxer to FLV tags. Expected counts are ffprobe's
 * ({@code ffprobe -show_entries packet=codec_type}) on the same files.
 */
class TsRemuxerTest {
    record Result(List<FlvTag> tags, boolean[] layout, List<String> ignored, TsRemuxer remuxer) {
        List<FlvTag> of(TagKind... kinds) {
            return tags.stream().filter(t -> List.of(kinds).contains(t.kind())).toList();
        }
    }

    static byte[] resource(String name) throws Exception {
        try (InputStream in = TsRemuxerTest.class.getResourceAsStream("/" + name)) {
            return in.readAllBytes();
        }
    }

    /** Feeds {@code ts} in random pieces (1 to 3000 bytes) and returns the tags. */
    static Result remux(byte[] ts, long seed) {
        List<FlvTag> tags = new ArrayList<>();
        boolean[] layout = new boolean[2];
        List<String> ignored = new ArrayList<>();
        TsRemuxer r = new TsRemuxer(tags::add, TimestampNormalizer.forMpegTs(), (audio, video, other) -> {
            layout[0] = audio;
            layout[1] = video;
            ignored.addAll(other);
            assertThat(tags).as("the layout is known before the first tag").isEmpty();
        });
        Random rnd = new Random(seed);
        for (int off = 0; off < ts.length; ) {
            int n = Math.min(ts.length - off, 1 + rnd.nextInt(3000));
            r.feed(ByteBuffer.wrap(ts, off, n));
            off += n;
        }
        return new Result(tags, layout, ignored, r);
    }

    static void assertStrictlyIncreasing(List<FlvTag> tags, String track) {
        for (int i = 1; i < tags.size(); i++) {
            assertThat(tags.get(i).timestampMs()).as("%s tag %d timestamp after tag %d's", track, i, i - 1)
                    .isGreaterThan(tags.get(i - 1).timestampMs());
        }
    }

    @Test
    void remux_ffmpegAvcWithBFramesAndAac48k_everyFrameOnce() throws Exception {
        byte[] ts = resource("ffmpeg-avc-bframes-aac48k.ts");
        for (long seed = 1; seed <= 5; seed++) {
            Result r = remux(ts, seed);
            assertThat(r.layout()).containsExactly(true, true);
            List<FlvTag> video = r.of(TagKind.VIDEO_KEYFRAME, TagKind.VIDEO_FRAME);
            List<FlvTag> audio = r.of(TagKind.AUDIO_FRAME);
            // the last access unit is handed on when the next one starts: 59 of ffprobe's 60 without a flush
            assertThat(video).hasSize(59);
            assertThat(audio).hasSize(95);
            assertThat(video.get(0).isKeyframe()).isTrue();
            assertThat(r.of(TagKind.VIDEO_SEQUENCE_HEADER)).hasSize(1);
            assertThat(r.of(TagKind.AUDIO_SEQUENCE_HEADER)).hasSize(1);
            assertStrictlyIncreasing(video, "video");
            assertStrictlyIncreasing(audio, "audio");
            assertThat(video.stream().filter(t -> t.compositionTimeMs() > 0)).as("B-frames keep their composition time")
                    .hasSizeGreaterThan(20);
            for (int i = 1; i < audio.size(); i++) { // 1024 samples at 48 kHz: 21.33 ms, on a millisecond grid
                assertThat(audio.get(i).timestampMs() - audio.get(i - 1).timestampMs()).isBetween(21L, 22L);
            }
            assertThat(r.remuxer().dropped()).isZero();
            assertThat(r.remuxer().demuxStats().continuityErrors()).isZero();
        }
    }

    @Test
    void remux_ffmpegHevcAndAac44k_everyFrameOnce() throws Exception {
        Result r = remux(resource("ffmpeg-hevc-aac44k.ts"), 7);
        List<FlvTag> video = r.of(TagKind.VIDEO_KEYFRAME, TagKind.VIDEO_FRAME);
        List<FlvTag> audio = r.of(TagKind.AUDIO_FRAME);
        assertThat(video).hasSize(49);
        assertThat(video).allMatch(FlvTag::isHevc);
        assertThat(video.stream().filter(FlvTag::isKeyframe)).hasSize(2); // keyint 25 at 25 fps over 2 s
        assertThat(audio).hasSize(88);
        assertStrictlyIncreasing(video, "video");
        long span = audio.get(audio.size() - 1).timestampMs() - audio.get(0).timestampMs();
        assertThat(span).isBetween(87 * 1024 * 1000L / 44100 - 1, 87 * 1024 * 1000L / 44100 + 1); // 23.22 ms a frame, no drift
    }

    @Test
    void remux_ourMuxerRoundTrip_payloadsByteForByte() throws Exception {
        List<FlvTag> original = new ArrayList<>();
        try (InputStream in = TsRemuxerTest.class.getResourceAsStream("/ffmpeg-avc-aac.flv")) {
            new FlvReader(original::add).readAll(in);
        }
        FlvToTs mux = new FlvToTs(true, false, true);
        ByteSink out = new ByteSink(1 << 20);
        mux.writePsi(out);
        for (FlvTag t : original) {
            if (t.kind().isConfig()) {
                mux.config(t);
            } else if (t.type() != TagType.SCRIPT) {
                mux.media(t, out);
            }
        }
        mux.flushAudio(out);
        Result r = remux(out.toByteArray(), 3);
        List<FlvTag> inAudio = original.stream().filter(t -> t.kind() == TagKind.AUDIO_FRAME).toList();
        List<FlvTag> outAudio = r.of(TagKind.AUDIO_FRAME);
        assertThat(outAudio).hasSameSizeAs(inAudio);
        for (int i = 0; i < inAudio.size(); i++) {
            assertThat(outAudio.get(i).payload()).as("AAC frame %d", i).isEqualTo(inAudio.get(i).payload());
        }
        List<FlvTag> inVideo = original.stream().filter(t -> t.kind() == TagKind.VIDEO_KEYFRAME || t.kind() == TagKind.VIDEO_FRAME).toList();
        List<FlvTag> outVideo = r.of(TagKind.VIDEO_KEYFRAME, TagKind.VIDEO_FRAME);
        assertThat(outVideo).hasSize(inVideo.size() - 1); // the last one waits for a next
        for (int i = 0; i < outVideo.size(); i++) {
            assertThat(outVideo.get(i).payload().position(5)).as("NAL units of video frame %d", i)
                    .isEqualTo(inVideo.get(i).payload().position(5));
            assertThat(outVideo.get(i).compositionTimeMs()).isEqualTo(inVideo.get(i).compositionTimeMs());
            assertThat(outVideo.get(i).timestampMs() - outVideo.get(0).timestampMs())
                    .isEqualTo(inVideo.get(i).timestampMs() - inVideo.get(0).timestampMs());
        }
        var outRecord = io.edgecdn.media.codec.AvcDecoderConfigurationRecord.parse(
                r.of(TagKind.VIDEO_SEQUENCE_HEADER).get(0).payload().position(5));
        var inRecord = io.edgecdn.media.codec.AvcDecoderConfigurationRecord.parse(original.stream()
                .filter(t -> t.kind() == TagKind.VIDEO_SEQUENCE_HEADER).findFirst().orElseThrow().payload().position(5));
        assertThat(outRecord.sps()).containsExactlyElementsOf(inRecord.sps());
        assertThat(outRecord.pps()).containsExactlyElementsOf(inRecord.pps());
    }

    @Test
    void remux_lostPacket_countedAndOnlyThatUnitLost() throws Exception {
        byte[] ts = resource("ffmpeg-avc-bframes-aac48k.ts");
        int full = remux(ts, 1).of(TagKind.VIDEO_KEYFRAME, TagKind.VIDEO_FRAME, TagKind.AUDIO_FRAME).size();
        // drop one packet of video payload in the middle (PID 256 without unit start)
        int drop = -1;
        for (int off = ts.length / 2 / 188 * 188; off < ts.length; off += 188) {
            int pid = ((ts[off + 1] & 0x1F) << 8) | (ts[off + 2] & 0xFF);
            if (pid == 256 && (ts[off + 1] & 0x40) == 0) {
                drop = off;
                break;
            }
        }
        byte[] lossy = new byte[ts.length - 188];
        System.arraycopy(ts, 0, lossy, 0, drop);
        System.arraycopy(ts, drop + 188, lossy, drop, ts.length - drop - 188);
        Result r = remux(lossy, 2);
        assertThat(r.remuxer().demuxStats().continuityErrors()).isEqualTo(1);
        assertThat(r.of(TagKind.VIDEO_KEYFRAME, TagKind.VIDEO_FRAME, TagKind.AUDIO_FRAME)).hasSize(full - 1);
        assertStrictlyIncreasing(r.of(TagKind.VIDEO_KEYFRAME, TagKind.VIDEO_FRAME), "video");
    }

    @Test
    void remux_garbageAndMutations_neverThrowsAndResyncs() throws Exception {
        byte[] ts = resource("ffmpeg-avc-bframes-aac48k.ts");
        byte[] withGarbage = new byte[ts.length + 1000];
        new Random(5).nextBytes(withGarbage);
        System.arraycopy(ts, 0, withGarbage, 500, ts.length / 2);
        System.arraycopy(ts, ts.length / 2, withGarbage, 1000 + ts.length / 2, ts.length - ts.length / 2);
        Result r = remux(withGarbage, 9);
        assertThat(r.remuxer().demuxStats().bytesSkipped()).isGreaterThan(0);
        assertThat(r.of(TagKind.AUDIO_FRAME).size()).isGreaterThan(80);
        Random rnd = new Random(11);
        for (int round = 0; round < 300; round++) {
            byte[] m = ts.clone();
            for (int k = 0; k < 1 + rnd.nextInt(40); k++) {
                m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
            }
            Result mr = remux(m, round);
            assertStrictlyIncreasing(mr.of(TagKind.AUDIO_FRAME), "audio of mutation " + round);
            assertStrictlyIncreasing(mr.of(TagKind.VIDEO_KEYFRAME, TagKind.VIDEO_FRAME), "video of mutation " + round);
        }
    }

    @Test
    void remux_audioOnlyAndVideoOnlyPrograms_layoutFromThePmt() throws Exception {
        List<FlvTag> original = new ArrayList<>();
        try (InputStream in = TsRemuxerTest.class.getResourceAsStream("/ffmpeg-avc-aac.flv")) {
            new FlvReader(original::add).readAll(in);
        }
        for (boolean audioOnly : new boolean[] {true, false}) {
            FlvToTs mux = new FlvToTs(!audioOnly, false, audioOnly);
            ByteSink out = new ByteSink(1 << 20);
            mux.writePsi(out);
            for (FlvTag t : original) {
                boolean audio = t.type() == TagType.AUDIO;
                if (t.type() == TagType.SCRIPT || audio != audioOnly) {
                    continue;
                }
                if (t.kind().isConfig()) {
                    mux.config(t);
                } else {
                    mux.media(t, out);
                }
            }
            mux.flushAudio(out);
            Result r = remux(out.toByteArray(), 4);
            assertThat(r.layout()).containsExactly(audioOnly, !audioOnly);
            assertThat(r.of(TagKind.AUDIO_FRAME).isEmpty()).isEqualTo(!audioOnly);
            assertThat(r.of(TagKind.VIDEO_KEYFRAME).isEmpty()).isEqualTo(audioOnly);
        }
    }
}
