package io.edgecdn.transcoder;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import io.edgecdn.media.codec.VideoCodec;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.remux.PacketRemuxer;
import io.edgecdn.media.time.TimestampNormalizer;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;

/**
 * One rendition's scaler and encoder: {@code sws_scale} from the decoded source picture, then
 * libx264 ({@code zerolatency}, {@code forced-idr=1}, {@code scenecut=0}, no periodic keyframes),
 * with {@code pict_type = I} set exactly on the frames where the source has a keyframe. Encoded
 * packets (Annex-B, parameter sets in the extradata) become FLV tags through a
 * {@link PacketRemuxer} on the source's timeline. Confined to the session's thread.
 */
final class RenditionEncoder implements AutoCloseable {
    /** AVERROR(EAGAIN) on Linux: the codec wants more input before it gives output. */
    static final int EAGAIN = -11;

    final Rendition rendition;
    final int width;
    final int height;
    private final AVCodecContext ctx;
    private final SwsContext sws;
    private final AVFrame frame;
    private final AVPacket pkt;
    private final PacketRemuxer remuxer;
    private byte[] extradata;
    long framesOut;

    /**
     * @param encoderName FFmpeg encoder name, {@code libx264} (or {@code h264_nvenc} on NVIDIA machines)
     * @param fps frame rate of the source, for rate control
     * @throws IllegalStateException when the encoder cannot be found or opened
     */
    RenditionEncoder(Rendition r, int sourceWidth, int sourceHeight, int width, int height, int fps, String encoderName,
                     Consumer<FlvTag> out) {
        this.rendition = r;
        this.width = width;
        this.height = height;
        AVCodec codec = avcodec_find_encoder_by_name(encoderName);
        if (codec == null || codec.isNull()) {
            throw new IllegalStateException("encoder " + encoderName + " is not in this FFmpeg build");
        }
        ctx = avcodec_alloc_context3(codec);
        ctx.width(width).height(height).pix_fmt(AV_PIX_FMT_YUV420P);
        ctx.time_base(av_make_q(1, 1000)).framerate(av_make_q(fps, 1));
        ctx.bit_rate(r.videoBitrate()).rc_max_rate(r.maxRate()).rc_buffer_size((int) Math.min(Integer.MAX_VALUE, r.maxRate()));
        ctx.gop_size(Integer.MAX_VALUE / 4).max_b_frames(0).thread_count(1);
        ctx.flags(ctx.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        AVDictionary opts = new AVDictionary(null);
        av_dict_set(opts, "preset", r.preset(), 0);
        av_dict_set(opts, "tune", "zerolatency", 0);
        av_dict_set(opts, "profile", r.profile(), 0);
        av_dict_set(opts, "x264-params", "forced-idr=1:scenecut=0:keyint=infinite", 0);
        int ret = avcodec_open2(ctx, codec, opts);
        av_dict_free(opts);
        if (ret < 0) {
            avcodec_free_context(ctx);
            throw new IllegalStateException("cannot open " + encoderName + " for " + r.name() + " (" + width + "x" + height + "): error " + ret);
        }
        if (ctx.extradata_size() > 0) {
            extradata = new byte[ctx.extradata_size()];
            ctx.extradata().get(extradata);
        }
        sws = sws_getContext(sourceWidth, sourceHeight, AV_PIX_FMT_YUV420P, width, height, AV_PIX_FMT_YUV420P, SWS_BILINEAR,
                null, null, (DoublePointer) null);
        frame = av_frame_alloc();
        frame.format(AV_PIX_FMT_YUV420P).width(width).height(height);
        av_frame_get_buffer(frame, 0);
        pkt = av_packet_alloc();
        remuxer = new PacketRemuxer(out, TimestampNormalizer.passthrough());
    }

    /** Scales and encodes one decoded source picture; {@code key} forces an IDR. */
    void encode(AVFrame source, int sourceHeight, long ptsMs, boolean key) {
        av_frame_make_writable(frame);
        sws_scale(sws, source.data(), source.linesize(), 0, sourceHeight, frame.data(), frame.linesize());
        frame.pts(ptsMs);
        frame.pict_type(key ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        int ret = avcodec_send_frame(ctx, frame);
        if (ret < 0) {
            throw new IllegalStateException("encoding " + rendition.name() + " failed: error " + ret);
        }
        drain();
    }

    private void drain() {
        while (true) {
            int ret = avcodec_receive_packet(ctx, pkt);
            if (ret == EAGAIN || ret < 0) {
                return;
            }
            try {
                remuxer.video(VideoCodec.H264, pkt.data().capacity(pkt.size()).asByteBuffer(), pkt.dts(), pkt.pts(),
                        (pkt.flags() & 1) != 0, extradata);
                framesOut++;
            } finally {
                av_packet_unref(pkt);
            }
        }
    }

    @Override
    public void close() {
        avcodec_free_context(ctx);
        sws_freeContext(sws);
        av_frame_free(frame);
        av_packet_free(pkt);
    }
}
