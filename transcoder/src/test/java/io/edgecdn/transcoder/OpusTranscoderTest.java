package io.edgecdn.transcoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_OPUS;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import io.edgecdn.media.flv.FlvReader;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.junit.jupiter.api.Test;

/**
 * Feeds AAC written by Debian's ffmpeg (a 1 kHz sine, 44.1 kHz mono; a 440 Hz sine, 48 kHz
 * stereo; 4 s each) through the transcoder and decodes its Opus with FFmpeg's own Opus decoder:
 * every 20 ms is there once, timestamps are contiguous on the source's timeline, and the decoded
 * tone has the source's frequency (so the resampling is right).
 */
class OpusTranscoderTest {
    private record Packet(byte[] data, long timestamp) {
    }

    private static List<FlvTag> tags(String resource) throws Exception {
        List<FlvTag> tags = new ArrayList<>();
        try (var in = OpusTranscoderTest.class.getResourceAsStream(resource)) {
            new FlvReader(tags::add).readAll(in);
        }
        return tags;
    }

    private static byte[] asc(List<FlvTag> tags) {
        FlvTag h = tags.stream().filter(t -> t.kind() == TagKind.AUDIO_SEQUENCE_HEADER).findFirst().orElseThrow();
        ByteBuffer p = h.payload().position(2);
        byte[] b = new byte[p.remaining()];
        p.get(b);
        return b;
    }

    private static List<Packet> transcode(List<FlvTag> tags, long skipFromMs, long skipToMs) {
        List<Packet> out = new ArrayList<>();
        try (OpusTranscoder t = OpusTranscoder.open(asc(tags), 64_000)) {
            for (FlvTag tag : tags) {
                if (tag.kind() != TagKind.AUDIO_FRAME || (tag.timestampMs() >= skipFromMs && tag.timestampMs() < skipToMs)) {
                    continue;
                }
                t.frame(tag.payload().position(2), tag.timestampMs(), (opus, ts) -> {
                    byte[] b = new byte[opus.remaining()];
                    opus.get(b);
                    out.add(new Packet(b, ts));
                });
            }
            assertThat(t.packets()).isEqualTo(out.size());
            assertThat(t.decodeErrors()).isZero();
            assertThat(t.restarts()).isEqualTo(skipFromMs < skipToMs ? 1 : 0);
        }
        return out;
    }

    /** Decodes Opus packets to the first channel's samples, 48 kHz. */
    private static float[] decode(List<Packet> packets) {
        AVCodecContext d = avcodec_alloc_context3(avcodec_find_decoder(AV_CODEC_ID_OPUS));
        d.sample_rate(48_000).request_sample_fmt(AV_SAMPLE_FMT_FLTP);
        av_channel_layout_default(d.ch_layout(), 2);
        assertThat(avcodec_open2(d, avcodec_find_decoder(AV_CODEC_ID_OPUS), (AVDictionary) null)).isZero();
        AVPacket pkt = av_packet_alloc();
        AVFrame f = av_frame_alloc();
        FloatBuffer all = FloatBuffer.allocate(packets.size() * 960 + 960);
        for (Packet p : packets) {
            av_new_packet(pkt, p.data().length);
            pkt.data().capacity(p.data().length).asByteBuffer().put(p.data());
            assertThat(avcodec_send_packet(d, pkt)).isZero();
            av_packet_unref(pkt);
            while (avcodec_receive_frame(d, f) >= 0) {
                assertThat(f.nb_samples()).isEqualTo(960);
                all.put(f.data(0).capacity(f.nb_samples() * 4L).asByteBuffer().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer());
                av_frame_unref(f);
            }
        }
        av_frame_free(f);
        av_packet_free(pkt);
        avcodec_free_context(d);
        float[] samples = new float[all.position()];
        all.flip().get(samples);
        return samples;
    }

    /** Zero crossings per second over the middle of {@code s}: twice the tone's frequency. */
    private static double frequency(float[] s, int from, int to) {
        int crossings = 0;
        for (int i = from + 1; i < to; i++) {
            if ((s[i - 1] < 0) != (s[i] < 0)) {
                crossings++;
            }
        }
        return crossings / 2.0 / ((to - from) / 48_000.0);
    }

    private static double rms(float[] s, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += s[i] * s[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    @Test
    void mono44100_becomesContiguous20msOpus_atTheSourcesPitch() throws Exception {
        List<FlvTag> tags = tags("/sine-1khz-44100-mono.flv");
        List<Packet> out = transcode(tags, 0, 0);
        long firstMs = tags.stream().filter(t -> t.kind() == TagKind.AUDIO_FRAME).findFirst().orElseThrow().timestampMs();
        long lastMs = tags.stream().filter(t -> t.kind() == TagKind.AUDIO_FRAME).reduce((a, b) -> b).orElseThrow().timestampMs();
        // 4 s of AAC: every whole 20 ms of it, less what the FIFO still holds at the end
        double spanMs = lastMs - firstMs + 1024 * 1000.0 / 44_100;
        assertThat(out.size()).isBetween((int) (spanMs / 20) - 1, (int) (spanMs / 20));
        for (int i = 1; i < out.size(); i++) {
            assertThat(out.get(i).timestamp() - out.get(i - 1).timestamp()).as("packet %d", i).isEqualTo(960);
        }
        // libopus's look-ahead: the first packet stands 312 samples (6.5 ms) before the source's first sample
        assertThat(out.get(0).timestamp()).isEqualTo(firstMs * 48 - 312);
        float[] pcm = decode(out);
        assertThat(pcm.length).isEqualTo(out.size() * 960);
        assertThat(frequency(pcm, 48_000, pcm.length - 9_600)).isCloseTo(1000.0, org.assertj.core.data.Offset.offset(5.0));
        assertThat(rms(pcm, 48_000, pcm.length - 9_600)).as("a sine of amplitude 1/8 (ffmpeg's sine)").isBetween(0.06, 0.12);
    }

    @Test
    void stereo48000_andAGap_restartTheTimelineAtTheNewFrame() throws Exception {
        List<FlvTag> tags = tags("/sine-440hz-48000-stereo.flv");
        List<Packet> out = transcode(tags, 1500, 2500);
        int jumps = 0;
        for (int i = 1; i < out.size(); i++) {
            long step = out.get(i).timestamp() - out.get(i - 1).timestamp();
            if (step != 960) {
                jumps++;
                assertThat(step).as("the gap: about 1 s").isBetween(47_000L, 50_500L);
                long resumed = tags.stream().filter(t -> t.kind() == TagKind.AUDIO_FRAME && t.timestampMs() >= 2500)
                        .findFirst().orElseThrow().timestampMs();
                // the packet that straddles the gap (the encoder's 312-sample look-ahead of the old run and
                // 648 new samples) keeps the old run's time; the next one is the new run's sample 648
                assertThat(out.get(i).timestamp()).isEqualTo(resumed * 48 - 312 + 960);
            }
        }
        assertThat(jumps).isEqualTo(1);
        float[] pcm = decode(out);
        assertThat(frequency(pcm, 9_600, 60_000)).isCloseTo(440.0, org.assertj.core.data.Offset.offset(5.0));
    }

    @Test
    void badBitrate_andBadConfig_areRefusedWithTheReason() {
        assertThatThrownBy(() -> OpusTranscoder.open(new byte[] {0x12, 0x10}, 1000)).hasMessageContaining("6000-510000");
        assertThatThrownBy(() -> OpusTranscoder.open(new byte[] {(byte) 0xFF, (byte) 0xFF}, 64_000))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("AudioSpecificConfig");
    }
}
