package io.edgecdn.benchmarks;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_close_dyn_buf;
import static org.bytedeco.ffmpeg.global.avformat.avio_open_dyn_buf;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagType;
import io.edgecdn.pull.ffmpeg.FfmpegRuntime;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.BytePointer;

/**
 * The alternative to our {@code FlvToTs}: FFmpeg's {@code mpegts} muxer (libavformat, through
 * JavaCV's bundled FFmpeg), one output context per segment as FFmpeg's own HLS muxer does, writing
 * into a dynamic memory buffer. Fed the same FLV tags: H.264 AVCC with its avcC as extradata (the
 * muxer inserts {@code h264_mp4toannexb} itself) and raw AAC with its AudioSpecificConfig (the muxer
 * writes ADTS), millisecond timestamps.
 */
final class FfmpegTsSegmentMuxer implements AutoCloseable {
    private final byte[] avcc;
    private final byte[] asc;
    private final AVPacket pkt;
    private AVFormatContext oc;

    FfmpegTsSegmentMuxer(byte[] avcc, byte[] asc) {
        FfmpegRuntime.init();
        this.avcc = avcc;
        this.asc = asc;
        this.pkt = av_packet_alloc();
    }

    void startSegment() {
        oc = new AVFormatContext(null);
        check(avformat_alloc_output_context2(oc, null, "mpegts", (String) null), "alloc mpegts");
        AVStream v = avformat_new_stream(oc, null);
        AVCodecParameters vp = v.codecpar();
        vp.codec_type(AVMEDIA_TYPE_VIDEO).codec_id(AV_CODEC_ID_H264).width(1280).height(720);
        setExtradata(vp, avcc);
        v.time_base(av_make_q(1, 1000));
        AVStream a = avformat_new_stream(oc, null);
        AVCodecParameters ap = a.codecpar();
        ap.codec_type(AVMEDIA_TYPE_AUDIO).codec_id(AV_CODEC_ID_AAC).sample_rate(48000);
        av_channel_layout_default(ap.ch_layout(), 2);
        setExtradata(ap, asc);
        a.time_base(av_make_q(1, 1000));
        AVIOContext pb = new AVIOContext(null);
        check(avio_open_dyn_buf(pb), "open dyn buf");
        oc.pb(pb);
        check(avformat_write_header(oc, (AVDictionary) null), "write header");
    }

    void write(FlvTag tag) {
        int skip = tag.type() == TagType.VIDEO ? 5 : 2;
        int size = tag.payloadSize() - skip;
        check(av_new_packet(pkt, size), "new packet");
        ByteBuffer payload = tag.payload().position(skip);
        pkt.data().capacity(size).asByteBuffer().put(payload);
        long dts = tag.timestampMs();
        long cts = 0;
        if (tag.type() == TagType.VIDEO) {
            cts = tag.compositionTimeMs();
            pkt.flags(tag.isKeyframe() ? AV_PKT_FLAG_KEY : 0);
        }
        pkt.stream_index(tag.type() == TagType.VIDEO ? 0 : 1);
        pkt.dts(dts).pts(dts + cts);
        check(av_write_frame(oc, pkt), "write frame");
        av_packet_unref(pkt);
    }

    /** Ends the segment and returns its size in bytes. */
    int endSegment() {
        check(av_write_trailer(oc), "write trailer");
        BytePointer buf = new BytePointer((BytePointer) null);
        int size = avio_close_dyn_buf(oc.pb(), buf);
        av_free(buf);
        oc.pb(null);
        avformat_free_context(oc);
        oc = null;
        return size;
    }

    private static void setExtradata(AVCodecParameters p, byte[] data) {
        BytePointer extra = new BytePointer(av_malloc(data.length + AV_INPUT_BUFFER_PADDING_SIZE));
        extra.capacity(data.length + AV_INPUT_BUFFER_PADDING_SIZE);
        extra.fill(0);
        extra.put(data);
        p.extradata(extra).extradata_size(data.length);
    }

    private static void check(int ret, String what) {
        if (ret < 0) {
            throw new IllegalStateException("FFmpeg " + what + " failed: " + ret);
        }
    }

    @Override
    public void close() {
        av_packet_free(pkt);
    }
}
