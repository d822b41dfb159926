package io.edgecdn.transcoder;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.FlvTags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * AAC re-encoding for the rungs that ask for it ({@link Rendition#audioBitrate()} above 0): the
 * source's AAC is decoded once and encoded once per distinct bitrate with FFmpeg's native AAC
 * encoder, at the source's sample rate and channel layout (no resampling); every output frame goes
 * to the rungs of that bitrate as FLV tags, preceded by the encoder's AudioSpecificConfig. A source
 * whose frames are not 1024 samples (HE-AAC) cannot be fed frame for frame: {@link #open} then
 * reports why, and the session passes the source's AAC through. Confined to the session's thread.
 */
final class AudioReencoder implements AutoCloseable {

    private final AVCodecContext decoder;
    private final Map<Long, Encoder> encoders = new LinkedHashMap<>();
    private final AVPacket pkt = av_packet_alloc();
    private final AVFrame frame = av_frame_alloc();
    private final int sampleRate;

    private static final class Encoder {
        AVCodecContext ctx;
        byte[] asc;
        boolean headerSent;
        final List<String> rungs = new ArrayList<>();
    }

    private AudioReencoder(AVCodecContext decoder, int sampleRate) {
        this.decoder = decoder;
        this.sampleRate = sampleRate;
    }

    /**
     * Opens the decoder for a source's AAC sequence header tag (Adobe FLV v10.1 E.4.2.2: the
     * AudioSpecificConfig after 2 bytes) and one encoder per distinct bitrate.
     *
     * @throws IllegalArgumentException when the AudioSpecificConfig is malformed
     * @throws IllegalStateException naming why re-encoding cannot work for this source
     */
    static AudioReencoder open(io.edgecdn.media.flv.FlvTag sequenceHeader, List<Rendition> rungs) {
        byte[] asc = new byte[sequenceHeader.payloadSize() - 2];
        sequenceHeader.payload().position(2).get(asc);
        var info = io.edgecdn.media.codec.AudioSpecificConfig.parse(java.nio.ByteBuffer.wrap(asc));
        return open(asc, info.sampleRateHz(), info.channels(), rungs);
    }

    /**
     * Opens the decoder for a source AudioSpecificConfig and one encoder per distinct bitrate.
     *
     * @throws IllegalStateException naming why re-encoding cannot work for this source
     */
    static AudioReencoder open(byte[] asc, int sampleRate, int channels, List<Rendition> rungs) {
        AVCodecContext d = aacDecoder(asc);
        if (d == null) {
            throw new IllegalStateException("cannot open the AAC decoder");
        }
        AudioReencoder a = new AudioReencoder(d, sampleRate);
        AVCodec ec = avcodec_find_encoder(AV_CODEC_ID_AAC);
        for (Rendition r : rungs) {
            Encoder e = a.encoders.get(r.audioBitrate());
            if (e == null) {
                e = new Encoder();
                e.ctx = avcodec_alloc_context3(ec);
                e.ctx.sample_fmt(AV_SAMPLE_FMT_FLTP).sample_rate(sampleRate).bit_rate(r.audioBitrate())
                        .time_base(av_make_q(1, sampleRate)).flags(e.ctx.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
                av_channel_layout_copy(e.ctx.ch_layout(), d.ch_layout());
                if (avcodec_open2(e.ctx, ec, (AVDictionary) null) < 0) {
                    a.close();
                    throw new IllegalStateException("cannot open the AAC encoder at " + r.audioBitrate() + " bps");
                }
                if (e.ctx.frame_size() != 1024) {
                    a.close();
                    throw new IllegalStateException("AAC encoder frame size " + e.ctx.frame_size() + " is not 1024");
                }
                e.asc = new byte[e.ctx.extradata_size()];
                e.ctx.extradata().get(e.asc);
                a.encoders.put(r.audioBitrate(), e);
            }
            e.rungs.add(r.name());
        }
        return a;
    }

    /**
     * Opens FFmpeg's AAC decoder for an AudioSpecificConfig, packets timed in ms.
     *
     * @return the decoder, or null when it refuses the config
     */
    static AVCodecContext aacDecoder(byte[] asc) {
        AVCodec dc = avcodec_find_decoder(AV_CODEC_ID_AAC);
        AVCodecContext d = avcodec_alloc_context3(dc);
        BytePointer extra = new BytePointer(av_malloc(asc.length + AV_INPUT_BUFFER_PADDING_SIZE));
        extra.capacity(asc.length + AV_INPUT_BUFFER_PADDING_SIZE);
        extra.fill(0);
        extra.put(asc);
        d.extradata(extra).extradata_size(asc.length).pkt_timebase(av_make_q(1, 1000));
        if (avcodec_open2(d, dc, (AVDictionary) null) < 0) {
            avcodec_free_context(d);
            return null;
        }
        return d;
    }

    /** Decodes one source AAC frame (FLV audio tag) and encodes it for every bitrate; tags go to {@code out(rung, tag)}. */
    void frame(FlvTag tag, BiConsumer<String, FlvTag> out) {
        int size = tag.payloadSize() - 2;
        if (size <= 0 || av_new_packet(pkt, size) < 0) {
            return;
        }
        pkt.data().capacity(size).asByteBuffer().put(tag.payload().position(2));
        pkt.pts(tag.timestampMs()).dts(tag.timestampMs());
        int ret = avcodec_send_packet(decoder, pkt);
        av_packet_unref(pkt);
        if (ret < 0) {
            return;
        }
        while (avcodec_receive_frame(decoder, frame) >= 0) {
            try {
                if (frame.nb_samples() != 1024) {
                    continue; // only whole AAC-LC frames can be fed frame for frame
                }
                frame.pts(frame.pts() * sampleRate / 1000);
                for (Encoder e : encoders.values()) {
                    if (avcodec_send_frame(e.ctx, frame) < 0) {
                        continue;
                    }
                    while (true) {
                        int r = avcodec_receive_packet(e.ctx, pkt);
                        if (r == RenditionEncoder.EAGAIN || r < 0) {
                            break;
                        }
                        long ms = pkt.pts() * 1000 / sampleRate;
                        FlvTag aac = FlvTags.aacFrame(ms, pkt.data().capacity(pkt.size()).asByteBuffer());
                        av_packet_unref(pkt);
                        for (String rung : e.rungs) {
                            if (!e.headerSent) {
                                out.accept(rung, FlvTags.aacSequenceHeader(ms, e.asc));
                            }
                            out.accept(rung, aac);
                        }
                        e.headerSent = true;
                    }
                }
            } finally {
                av_frame_unref(frame);
            }
        }
    }

    @Override
    public void close() {
        for (Encoder e : encoders.values()) {
            avcodec_free_context(e.ctx);
        }
        avcodec_free_context(decoder);
        av_packet_free(pkt);
        av_frame_free(frame);
    }
}
