package io.edgecdn.transcoder;

import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_free;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_read;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_reset;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_size;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_write;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert_frame;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;

import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;

/**
 * AAC to Opus for WebRTC (RFC 7587): one stream's AAC frames are decoded once (FFmpeg's AAC
 * decoder), resampled to 48 kHz stereo float (libswresample; mono is duplicated, 5.1 downmixed),
 * buffered in a FIFO and cut into 20 ms frames of 960 samples, each encoded with libopus. Every
 * Opus packet comes out with its RTP timestamp (48 kHz units) on the source's timeline: the first
 * sample of the source frame at {@code ptsMs} is at {@code ptsMs * 48}, and the packets of a run
 * of contiguous source frames are exactly 960 apart. A gap or jump of more than {@value #MAX_GAP_MS}
 * ms in the source's timestamps (a reconnect, lost frames) drops what the FIFO holds and restarts
 * the count at the new frame's time, so audio never drifts away from the video's timeline (the
 * one packet that straddles the gap, the encoder's 6.5 ms look-ahead of the old run and the first
 * 13.5 ms of the new one, keeps the old run's time).
 *
 * <p>Confined to one thread (the stream's WebRTC sender). Not thread-safe.
 */
public final class OpusTranscoder implements AutoCloseable {
    /** Opus's clock rate in RTP (RFC 7587 section 4.1), whatever the audio bandwidth. */
    public static final int CLOCK_HZ = 48_000;
    /** Samples per channel in one 20 ms Opus frame. */
    public static final int FRAME_SAMPLES = 960;
    /** A source timestamp this far from where the previous frame ended restarts the timeline. */
    static final int MAX_GAP_MS = 100;

    /** Receives each Opus packet. */
    public interface Sink {
        /**
         * One Opus packet (one 20 ms frame).
         *
         * @param opus the packet; valid only during the call
         * @param timestamp its RTP timestamp, 48 kHz units, not wrapped
         */
        void packet(ByteBuffer opus, long timestamp);
    }

    private final AVCodecContext decoder;
    private final AVCodecContext encoder;
    private final SwrContext swr;
    private final AVAudioFifo fifo;
    private final AVPacket pkt = av_packet_alloc();
    private final AVFrame decoded = av_frame_alloc();
    private final AVFrame resampled = av_frame_alloc();
    private final AVFrame frame = av_frame_alloc();
    private final int bitrate;
    private long basePts = Long.MIN_VALUE;
    private long samplesOut;
    private double expectedMs = Double.NaN;
    private long packets;
    private long restarts;
    private long decodeErrors;

    private OpusTranscoder(AVCodecContext decoder, AVCodecContext encoder, int bitrate) {
        this.decoder = decoder;
        this.encoder = encoder;
        this.bitrate = bitrate;
        this.swr = swr_alloc();
        this.fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLT, 2, 4 * FRAME_SAMPLES);
        frame.format(AV_SAMPLE_FMT_FLT).nb_samples(FRAME_SAMPLES).sample_rate(CLOCK_HZ);
        av_channel_layout_default(frame.ch_layout(), 2);
        if (av_frame_get_buffer(frame, 0) < 0) {
            close();
            throw new IllegalStateException("cannot allocate an Opus frame");
        }
    }

    /**
     * Opens the AAC decoder for a stream's AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1, the body of
     * the FLV AAC sequence header) and a libopus encoder, 48 kHz stereo, 20 ms frames.
     *
     * @param bitrate Opus bitrate, bits per second (6,000-510,000)
     * @throws IllegalStateException naming what could not be opened (no libopus in this FFmpeg, a
     *     config the AAC decoder refuses)
     * @throws IllegalArgumentException for a bitrate out of range
     */
    public static OpusTranscoder open(byte[] audioSpecificConfig, int bitrate) {
        if (bitrate < 6_000 || bitrate > 510_000) {
            throw new IllegalArgumentException("Opus bitrate must be 6000-510000 bps, got " + bitrate);
        }
        AVCodec ec = avcodec_find_encoder_by_name("libopus");
        if (ec == null) {
            throw new IllegalStateException("this FFmpeg has no libopus encoder");
        }
        AVCodecContext d = AudioReencoder.aacDecoder(audioSpecificConfig);
        if (d == null) {
            throw new IllegalStateException("the AAC decoder refused the AudioSpecificConfig");
        }
        AVCodecContext e = avcodec_alloc_context3(ec);
        e.sample_fmt(AV_SAMPLE_FMT_FLT).sample_rate(CLOCK_HZ).bit_rate(bitrate).time_base(av_make_q(1, CLOCK_HZ));
        av_channel_layout_default(e.ch_layout(), 2);
        AVDictionary opts = new AVDictionary(null);
        av_dict_set(opts, "application", "audio", 0);
        av_dict_set(opts, "frame_duration", "20", 0);
        int r = avcodec_open2(e, ec, opts);
        av_dict_free(opts);
        if (r < 0 || e.frame_size() != FRAME_SAMPLES) {
            avcodec_free_context(e);
            avcodec_free_context(d);
            throw new IllegalStateException("cannot open libopus at 48 kHz stereo, 20 ms frames (" + r + ")");
        }
        return new OpusTranscoder(d, e, bitrate);
    }

    /**
     * Decodes one raw AAC frame (an FLV AAC raw tag's body, without its two header bytes) and
     * encodes every whole 20 ms of audio it completes.
     *
     * @param aac the frame; its position and limit are not changed
     * @param ptsMs its presentation time, ms on the stream's timeline
     */
    public void frame(ByteBuffer aac, long ptsMs, Sink sink) {
        int size = aac.remaining();
        if (size <= 0 || av_new_packet(pkt, size) < 0) {
            return;
        }
        pkt.data().capacity(size).asByteBuffer().put(aac.duplicate());
        pkt.pts(ptsMs).dts(ptsMs);
        int ret = avcodec_send_packet(decoder, pkt);
        av_packet_unref(pkt);
        if (ret < 0) {
            decodeErrors++;
            return;
        }
        while (avcodec_receive_frame(decoder, decoded) >= 0) {
            try {
                int rate = decoded.sample_rate();
                if (rate <= 0 || decoded.nb_samples() <= 0) {
                    continue;
                }
                long ms = decoded.pts() == Long.MIN_VALUE ? ptsMs : decoded.pts();
                if (Double.isNaN(expectedMs) || Math.abs(ms - expectedMs) > MAX_GAP_MS) {
                    if (!Double.isNaN(expectedMs)) {
                        restarts++;
                    }
                    av_audio_fifo_reset(fifo);
                    basePts = ms * (CLOCK_HZ / 1000);
                    samplesOut = 0;
                    expectedMs = ms;
                }
                expectedMs += decoded.nb_samples() * 1000.0 / rate;
                resample();
            } finally {
                av_frame_unref(decoded);
            }
            encodeWhole(sink);
        }
    }

    private void resample() {
        av_frame_unref(resampled);
        resampled.format(AV_SAMPLE_FMT_FLT).sample_rate(CLOCK_HZ);
        av_channel_layout_default(resampled.ch_layout(), 2);
        if (swr_convert_frame(swr, resampled, decoded) < 0) {
            decodeErrors++;
            return;
        }
        if (resampled.nb_samples() > 0) {
            av_audio_fifo_write(fifo, resampled.data(), resampled.nb_samples());
        }
    }

    private void encodeWhole(Sink sink) {
        while (av_audio_fifo_size(fifo) >= FRAME_SAMPLES) {
            if (av_frame_make_writable(frame) < 0) {
                return;
            }
            av_audio_fifo_read(fifo, frame.data(), FRAME_SAMPLES);
            frame.pts(basePts + samplesOut);
            samplesOut += FRAME_SAMPLES;
            if (avcodec_send_frame(encoder, frame) < 0) {
                continue;
            }
            while (avcodec_receive_packet(encoder, pkt) >= 0) {
                try {
                    // libopus's packets carry pts = input pts - its look-ahead (initial padding): the
                    // decoder's output of this packet is the input from that time on
                    packets++;
                    sink.packet(pkt.data().capacity(pkt.size()).asByteBuffer(), pkt.pts());
                } finally {
                    av_packet_unref(pkt);
                }
            }
        }
    }

    /** Opus packets produced. */
    public long packets() {
        return packets;
    }

    /** Times a gap or jump in the source restarted the timeline. */
    public long restarts() {
        return restarts;
    }

    /** AAC frames the decoder (or the resampler) refused. */
    public long decodeErrors() {
        return decodeErrors;
    }

    public int bitrate() {
        return bitrate;
    }

    @Override
    public void close() {
        avcodec_free_context(encoder);
        avcodec_free_context(decoder);
        swr_free(swr);
        av_audio_fifo_free(fifo);
        av_packet_free(pkt);
        av_frame_free(decoded);
        av_frame_free(resampled);
        av_frame_free(frame);
    }
}
