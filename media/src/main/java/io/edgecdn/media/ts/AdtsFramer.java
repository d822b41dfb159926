package io.edgecdn.media.ts;

import io.edgecdn.media.codec.Adts;
import java.nio.ByteBuffer;

/**
 * Splits the PES payload of an AAC elementary stream with ADTS transport syntax (ISO/IEC 13818-7,
 * 6.2; ISO/IEC 14496-3, 1.A.2) into ADTS frames, each with its own presentation time.
 *
 * <p>One audio PES usually holds several frames (FFmpeg's muxer puts about 170 ms in each), and a
 * frame may be split across two PES packets. The PES's PTS belongs to the first frame that starts
 * in it (ISO/IEC 13818-1, 2.4.3.7); every other frame is timed from the previous one plus its
 * duration: 1024 samples per raw data block at the ADTS header's sampling rate. For HE-AAC with
 * implicit SBR signalling that is the core rate, so the duration is still right. Frames come out as
 * soon as their last byte arrives, without waiting for the PES to end.
 *
 * <p>CRC-protected headers (9 bytes) pass through; frames with more than one raw data block, which
 * FLV cannot carry as one AAC frame, are dropped and counted. Bytes that are not a valid ADTS
 * frame are skipped up to the next sync word (counted). A PES that lost bytes drops its partial
 * frame. Memory: at most one frame (8191 bytes, the largest aac_frame_length) is held.
 *
 * <p>Not thread-safe: used by the demuxing thread.
 */
public final class AdtsFramer {
    /** Receives each complete ADTS frame (header included). */
    public interface Sink {
        /**
         * @param frame the ADTS header and raw frame; only valid during the call
         * @param pts presentation timestamp, 90 kHz (may exceed 33 bits by a frame before wrapping back)
         */
        void frame(ByteBuffer frame, long pts);
    }

    private static final int MAX_FRAME = 8191;
    private static final long WRAP = 1L << 33;

    private final Sink sink;
    private final byte[] buf = new byte[MAX_FRAME * 2];
    private int fill;
    /** PTS of the PES in progress, not yet given to a frame, and the buffer offset where that PES's bytes start. */
    private long pendingPts = TsDemuxer.NO_TIMESTAMP;
    private int pendingFrom;
    /** The timeline: the last PTS taken from a PES header and the samples since then. */
    private long basePts = TsDemuxer.NO_TIMESTAMP;
    private long samplesSinceBase;
    private int baseRate;
    private long frames;
    private long skippedBytes;
    private long droppedFrames;

    public AdtsFramer(Sink sink) {
        this.sink = sink;
    }

    /** A PES starts; {@code pts} in 90 kHz, or {@link TsDemuxer#NO_TIMESTAMP}. */
    public void pesStart(long pts) {
        if (pts != TsDemuxer.NO_TIMESTAMP) {
            pendingPts = pts;
            pendingFrom = fill;
        }
    }

    /** PES payload bytes. */
    public void data(ByteBuffer data) {
        while (data.hasRemaining()) {
            int n = Math.min(buf.length - fill, data.remaining());
            data.get(buf, fill, n);
            fill += n;
            drain();
        }
    }

    /** The PES ended; a damaged one loses its partial frame. */
    public void pesEnd(boolean intact) {
        if (!intact) {
            fill = 0;
            pendingPts = TsDemuxer.NO_TIMESTAMP;
            basePts = TsDemuxer.NO_TIMESTAMP; // the timeline resumes at the next PES with a PTS
        }
    }

    /** Frames delivered, bytes skipped while looking for a sync word, frames dropped. */
    public long frames() {
        return frames;
    }

    public long skippedBytes() {
        return skippedBytes;
    }

    public long droppedFrames() {
        return droppedFrames;
    }

    private void drain() {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, fill);
        int p = 0;
        while (fill - p >= Adts.HEADER_SIZE) {
            if (!Adts.isSync(b, p) || (buf[p + 1] & 0x06) != 0) { // sync word, layer '00'
                p++;
                skippedBytes++;
                continue;
            }
            int headerLength = Adts.headerLength(b, p);
            int length = Adts.frameLength(b, p);
            int rate = Adts.sampleRate(b, p);
            if (length <= headerLength || rate <= 0) {
                p++;
                skippedBytes++;
                continue;
            }
            if (fill - p < length) {
                break; // the rest of this frame has not arrived yet
            }
            int blocks = (buf[p + 6] & 0x03) + 1;
            long pts = timestamp(p, rate, blocks);
            if (blocks > 1) {
                droppedFrames++; // several raw data blocks in one ADTS frame: not one AAC frame for FLV
            } else if (pts != TsDemuxer.NO_TIMESTAMP) {
                frames++;
                sink.frame(ByteBuffer.wrap(buf, p, length).slice(), pts);
            } else {
                droppedFrames++; // no PES has given a timestamp yet
            }
            p += length;
        }
        if (p > 0) {
            System.arraycopy(buf, p, buf, 0, fill - p);
            fill -= p;
            pendingFrom = Math.max(0, pendingFrom - p);
        }
        if (fill == buf.length) { // cannot happen with valid frames (at most 8191 bytes each): resync
            skippedBytes += fill;
            fill = 0;
        }
    }

    /** The PTS of the frame starting at buffer offset {@code at}, then advances the timeline by it. */
    private long timestamp(int at, int rate, int blocks) {
        if (pendingPts != TsDemuxer.NO_TIMESTAMP && at >= pendingFrom) {
            basePts = pendingPts;
            samplesSinceBase = 0;
            baseRate = rate;
            pendingPts = TsDemuxer.NO_TIMESTAMP;
        }
        if (basePts == TsDemuxer.NO_TIMESTAMP) {
            return TsDemuxer.NO_TIMESTAMP;
        }
        if (rate != baseRate) { // a rate change without a new PES timestamp: restart the count here
            basePts = basePts + samplesSinceBase * 90_000 / baseRate;
            samplesSinceBase = 0;
            baseRate = rate;
        }
        long pts = (basePts + samplesSinceBase * 90_000 / rate) % WRAP;
        samplesSinceBase += 1024L * blocks;
        return pts;
    }
}
