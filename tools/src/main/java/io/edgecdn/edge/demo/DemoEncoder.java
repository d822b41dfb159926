package io.edgecdn.edge.demo;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import io.edgecdn.pull.ffmpeg.FfmpegErrors;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * The demo origin's encoders, driven through libavcodec: H.264 with the bundled libx264
 * ({@code veryfast}, {@code zerolatency}, a keyframe every 2 s, parameter sets in-band for
 * MPEG-TS) and AAC-LC with FFmpeg's native encoder (1024-sample frames). Not thread-safe.
 */
final class DemoEncoder implements AutoCloseable {
    /** AVERROR(EAGAIN) on Linux. */
    private static final int EAGAIN = -11;

    final AVCodecContext ctx;
    private final AVPacket pkt = av_packet_alloc();

    private DemoEncoder(AVCodecContext ctx) {
        this.ctx = ctx;
    }

    /**
     * @throws IllegalStateException naming the encoder when it is missing or does not open
     */
    static DemoEncoder h264(int width, int height, int fps, long bitrate) {
        AVCodec codec = avcodec_find_encoder_by_name("libx264");
        if (codec == null || codec.isNull()) {
            throw new IllegalStateException("the bundled FFmpeg has no libx264 encoder");
        }
        AVCodecContext c = avcodec_alloc_context3(codec);
        c.width(width).height(height).pix_fmt(AV_PIX_FMT_YUV420P).time_base(av_make_q(1, fps)).framerate(av_make_q(fps, 1));
        c.gop_size(2 * fps).max_b_frames(0).bit_rate(bitrate).rc_max_rate(bitrate).rc_buffer_size((int) bitrate).thread_count(2);
        AVDictionary opts = new AVDictionary(null);
        av_dict_set(opts, "preset", "veryfast", 0);
        av_dict_set(opts, "tune", "zerolatency", 0);
        return open(c, codec, opts, "libx264 " + width + "x" + height);
    }

    /**
     * @throws IllegalStateException when the AAC encoder does not open
     */
    static DemoEncoder aac(int sampleRate, long bitrate) {
        AVCodec codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
        if (codec == null || codec.isNull()) {
            throw new IllegalStateException("the bundled FFmpeg has no AAC encoder");
        }
        AVCodecContext c = avcodec_alloc_context3(codec);
        c.sample_fmt(AV_SAMPLE_FMT_FLTP).sample_rate(sampleRate).bit_rate(bitrate).time_base(av_make_q(1, sampleRate));
        av_channel_layout_default(c.ch_layout(), 1);
        return open(c, codec, new AVDictionary(null), "AAC " + sampleRate + " Hz");
    }

    private static DemoEncoder open(AVCodecContext c, AVCodec codec, AVDictionary opts, String what) {
        int ret = avcodec_open2(c, codec, opts);
        av_dict_free(opts);
        if (ret < 0) {
            avcodec_free_context(c);
            throw new IllegalStateException("cannot open the " + what + " encoder: " + FfmpegErrors.text(ret));
        }
        return new DemoEncoder(c);
    }

    /** Samples per audio frame the encoder takes (1024 for AAC). */
    int frameSize() {
        return ctx.frame_size();
    }

    /** Encodes one frame (its pts in the encoder's time base) and hands every packet out to {@code out}. */
    void encode(AVFrame frame, Consumer<AVPacket> out) {
        int ret = avcodec_send_frame(ctx, frame);
        if (ret < 0) {
            throw new IllegalStateException("encoding failed: " + FfmpegErrors.text(ret));
        }
        while ((ret = avcodec_receive_packet(ctx, pkt)) >= 0) {
            try {
                out.accept(pkt);
            } finally {
                av_packet_unref(pkt);
            }
        }
        if (ret != EAGAIN && ret < 0) {
            throw new IllegalStateException("encoding failed: " + FfmpegErrors.text(ret));
        }
    }

    @Override
    public void close() {
        avcodec_free_context(ctx);
        av_packet_free(pkt);
    }
}
