package io.edgecdn.transcoder;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
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
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import io.edgecdn.media.flv.FlvTag;
import java.util.Arrays;
import java.util.TreeSet;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a source's H.264 or H.265 FLV video tags (legacy AVC header, Adobe FLV v10.1 E.4.3.1, or
 * Enhanced RTMP) with FFmpeg's decoder, in a 1 ms time base: PTS = DTS + CompositionTime. Each
 * picture is handed over in presentation order with whether it came from a keyframe tag. Used by
 * one session thread only, except {@link #framesDecoded()}.
 */
final class SourceDecoder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SourceDecoder.class);

    /** Receives each decoded picture; the frame is unreferenced after the call. */
    interface Pictures {
        void picture(AVFrame pic, long ptsMs, boolean keyframe);
    }

    private final String streamKey;
    private final AVPacket packet = av_packet_alloc();
    private final AVFrame decoded = av_frame_alloc();
    private final TreeSet<Long> keyframePts = new TreeSet<>();
    private AVCodecContext decoder;
    private byte[] config;
    private long lastDts = -1;
    private long dtsIntervalSum;
    private int dtsIntervals;
    private volatile long framesDecoded;

    private static final int[] STANDARD_RATES = {10, 12, 15, 20, 24, 25, 30, 48, 50, 60, 90, 100, 120};

    /**
     * Frames per second for a mean frame interval in ms: the nearest standard rate when within 4 %
     * (millisecond timestamps make 60 fps look like 16 or 17 ms), otherwise the rounded rate, 1-120.
     */
    static int frameRate(double intervalMs) {
        double fps = 1000.0 / Math.max(1, intervalMs);
        for (int r : STANDARD_RATES) {
            if (Math.abs(fps - r) <= 0.04 * r) {
                return r;
            }
        }
        return (int) Math.max(1, Math.min(120, Math.round(fps)));
    }
    SourceDecoder(String streamKey) {
        this.streamKey = streamKey;
    }

    /**
     * Opens the decoder for a video sequence header's decoder configuration record (after the
     * 5-byte FLV video header), or reopens it when the record changed.
     *
     * @throws IllegalStateException when FFmpeg cannot open the decoder
     */
    void configure(FlvTag sequenceHeader) {
        byte[] record = new byte[sequenceHeader.payloadSize() - 5];
        sequenceHeader.payload().position(5).get(record);
        if (Arrays.equals(record, config)) {
            return;
        }
        closeDecoder();
        boolean hevc = sequenceHeader.isHevc();
        AVCodec codec = avcodec_find_decoder(hevc ? AV_CODEC_ID_HEVC : AV_CODEC_ID_H264);
        decoder = avcodec_alloc_context3(codec);
        BytePointer extra = new BytePointer(av_malloc(record.length + AV_INPUT_BUFFER_PADDING_SIZE));
        extra.capacity(record.length + AV_INPUT_BUFFER_PADDING_SIZE);
        extra.fill(0);
        extra.put(record);
        decoder.extradata(extra).extradata_size(record.length);
        decoder.pkt_timebase(av_make_q(1, 1000)).thread_count(1);
        int ret = avcodec_open2(decoder, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
        if (ret < 0) {
            throw new IllegalStateException("cannot open the " + (hevc ? "H.265" : "H.264") + " decoder: error " + ret);
        }
        config = record;
    }

    /** Decodes one video frame tag; nothing before the first sequence header. */
    void decode(FlvTag tag, Pictures out) {
        if (decoder == null) {
            return;
        }
        int b0 = tag.payloadByte(0);
        boolean enhanced = (b0 & 0x80) != 0;
        int offset = enhanced ? ((b0 & 0x0F) == 1 ? 8 : 5) : 5;
        int size = tag.payloadSize() - offset;
        if (size <= 0 || av_new_packet(packet, size) < 0) {
            return;
        }
        packet.data().capacity(size).asByteBuffer().put(tag.payload().position(offset));
        long pts = tag.timestampMs() + tag.compositionTimeMs();
        long dts = tag.timestampMs();
        if (lastDts >= 0 && dts > lastDts && dts - lastDts < 1000 && dtsIntervals < 30) {
            // decode order is evenly spaced even with B-frames (presentation order is not): the frame interval
            dtsIntervalSum += dts - lastDts;
            dtsIntervals++;
        }
        lastDts = dts;
        packet.dts(dts).pts(pts);
        if (tag.isKeyframe()) {
            keyframePts.add(pts);
        }
        int ret = avcodec_send_packet(decoder, packet);
        av_packet_unref(packet);
        if (ret < 0 && ret != RenditionEncoder.EAGAIN) {
            log.warn("{}: decoder rejected a packet at {} ms (error {}); waiting for the next keyframe", streamKey, tag.timestampMs(), ret);
            return;
        }
        while (avcodec_receive_frame(decoder, decoded) >= 0) {
            framesDecoded++;
            try {
                long p = decoded.pts();
                boolean key = keyframePts.remove(p);
                keyframePts.headSet(p).clear();
                out.picture(decoded, p, key);
            } finally {
                av_frame_unref(decoded);
            }
        }
    }

    /**
     * The mean spacing of decode timestamps over the first 30 frames, ms (a 29.97 fps source's
     * 33/34 ms); {@code fallback} before two frames were seen.
     */
    double frameIntervalMs(double fallback) {
        return dtsIntervals > 0 ? dtsIntervalSum / (double) dtsIntervals : fallback;
    }

    /** Pictures decoded so far; any thread. */
    long framesDecoded() {
        return framesDecoded;
    }

    private void closeDecoder() {
        if (decoder != null) {
            avcodec_free_context(decoder);
            decoder = null;
            config = null;
        }
    }

    @Override
    public void close() {
        closeDecoder();
        av_packet_free(packet);
        av_frame_free(decoded);
    }
}
