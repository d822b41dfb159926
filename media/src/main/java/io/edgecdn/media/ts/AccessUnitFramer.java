package io.edgecdn.media.ts;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the PES payload of an H.264 or H.265 elementary stream (Annex-B byte stream) into access
 * units: one coded picture with its NAL units, and its DTS and PTS.
 *
 * <p>A PES with a PTS starts a new access unit (ISO/IEC 13818-1, 2.4.3.7: the PTS belongs to the
 * first access unit that starts in the packet); a PES without one continues the current unit, as
 * muxers that split large pictures over several bounded PES packets do. Inside the byte stream a
 * new access unit also starts where the codec says one does (H.264 7.4.1.2.3, H.265 7.4.2.4.4): an
 * access unit delimiter, a parameter set or prefix SEI after a picture's slices, or the first slice
 * of another picture. A unit found that way inside one PES gets the previous unit's timestamps plus
 * the last frame interval. An access unit is handed on when the next one starts, so a unit leaves
 * one PES after it arrived (the same delay as FFmpeg's demuxer and parser).
 *
 * <p>Bounds: an access unit over {@code maxBytes} is dropped and counted, and so is any unit of a
 * PES that lost bytes; the next unit with a PTS starts clean. Memory: the pending unit's bytes.
 *
 * <p>Not thread-safe: used by the demuxing thread.
 */
public final class AccessUnitFramer {
    /** Receives each complete access unit. */
    public interface Sink {
        /**
         * @param nals the unit's NAL units without start codes; only valid during the call
         * @param dts decode timestamp, 90 kHz
         * @param pts presentation timestamp, 90 kHz
         */
        void accessUnit(List<ByteBuffer> nals, long dts, long pts);
    }

    private static final long WRAP = 1L << 33;

    private final Sink sink;
    private final boolean hevc;
    private final int maxBytes;
    private byte[] buf = new byte[64 * 1024];
    private int fill;
    private int scanFrom;           // where the start-code scan resumes
    private int nalStart = -1;      // first byte of the NAL unit in progress (after its start code)
    private final List<int[]> nals = new ArrayList<>(); // [start, end) of the pending unit's NAL units
    private boolean hasVcl;
    private long dts = TsDemuxer.NO_TIMESTAMP;
    private long pts = TsDemuxer.NO_TIMESTAMP;
    private long frameInterval = 3003; // 29.97 fps until two units show the real interval
    private long lastEmittedDts = TsDemuxer.NO_TIMESTAMP;
    private boolean discard;
    private long units;
    private long dropped;

    /**
     * @param hevc H.265 rules instead of H.264
     * @param maxBytes largest access unit kept, bytes (larger ones are dropped)
     */
    public AccessUnitFramer(Sink sink, boolean hevc, int maxBytes) {
        this.sink = sink;
        this.hevc = hevc;
        this.maxBytes = maxBytes;
    }

    /** A PES starts; timestamps in 90 kHz or {@link TsDemuxer#NO_TIMESTAMP} (a DTS absent means DTS = PTS). */
    public void pesStart(long pesPts, long pesDts) {
        if (pesPts == TsDemuxer.NO_TIMESTAMP) {
            return; // continues the unit in progress
        }
        finishPending();
        reset();
        discard = false;
        pts = pesPts;
        dts = pesDts == TsDemuxer.NO_TIMESTAMP ? pesPts : pesDts;
    }

    /** PES payload bytes. */
    public void data(ByteBuffer data) {
        if (discard) {
            return;
        }
        int n = data.remaining();
        if (fill + n > maxBytes) {
            dropped++;
            discard = true; // until the next PES with a PTS
            reset();
            return;
        }
        if (fill + n > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.min(maxBytes, Math.max(buf.length * 2, fill + n)));
        }
        data.get(buf, fill, n);
        fill += n;
    }

    /** The PES ended: its NAL units are placed into access units; a damaged PES drops the unit. */
    public void pesEnd(boolean intact) {
        if (discard) {
            return;
        }
        if (!intact) {
            dropped++;
            discard = true;
            reset();
            return;
        }
        scan();
    }

    /** Hands on the access unit in progress (the input ended). */
    public void flush() {
        finishPending();
        reset();
    }

    /** Access units delivered, and dropped (too large, or damaged). */
    public long units() {
        return units;
    }

    public long dropped() {
        return dropped;
    }

    private void scan() {
        int i = Math.max(scanFrom, nalStart >= 0 ? nalStart : 0);
        while (i + 2 < fill) {
            if (buf[i] == 0 && buf[i + 1] == 0 && buf[i + 2] == 1) {
                if (nalStart >= 0) {
                    nal(nalStart, i);
                }
                i += 3;
                nalStart = i;
            } else {
                i++;
            }
        }
        scanFrom = Math.max(i, 0);
    }

    /** The NAL unit in progress ends at the end of the data: the unit is complete. */
    private void finishPending() {
        if (discard || dts == TsDemuxer.NO_TIMESTAMP) {
            return;
        }
        scan();
        if (nalStart >= 0) {
            nal(nalStart, fill);
            nalStart = -1;
        }
        emit();
    }

    private void nal(int start, int end) {
        while (end > start && buf[end - 1] == 0) {
            end--; // trailing_zero_8bits, and the first byte of a 4-byte start code
        }
        if (end <= start) {
            return;
        }
        boolean vcl;
        boolean startsUnit;
        int h = buf[start] & 0xFF;
        if (hevc) {
            int type = (h >>> 1) & 0x3F;
            vcl = type <= 31;
            boolean firstSlice = end - start > 2 && (buf[start + 2] & 0x80) != 0; // first_slice_segment_in_pic_flag
            startsUnit = type == 35 || (hasVcl && (type == 32 || type == 33 || type == 34 || type == 39
                    || (type >= 41 && type <= 44) || (type >= 48 && type <= 55) || (vcl && firstSlice)));
        } else {
            int type = h & 0x1F;
            vcl = type >= 1 && type <= 5;
            boolean firstSlice = end - start > 1 && (buf[start + 1] & 0x80) != 0; // first_mb_in_slice == 0
            startsUnit = type == 9 || (hasVcl && (type == 6 || type == 7 || type == 8 || (type >= 14 && type <= 18)
                    || (vcl && firstSlice)));
        }
        if (startsUnit && !nals.isEmpty() && emit()) {
            long next = (lastEmittedDts + frameInterval) % WRAP;
            pts = next + Math.max(0, pts - dts);
            dts = next;
        }
        nals.add(new int[] {start, end});
        hasVcl |= vcl;
    }

    /** Hands on the pending unit; false when there was none with a picture and a timestamp. */
    private boolean emit() {
        if (nals.isEmpty() || dts == TsDemuxer.NO_TIMESTAMP || !hasVcl) {
            nals.clear(); // parameter sets or SEI with no picture: the picture brings its own
            hasVcl = false;
            return false;
        }
        List<ByteBuffer> out = new ArrayList<>(nals.size());
        for (int[] r : nals) {
            out.add(ByteBuffer.wrap(buf, r[0], r[1] - r[0]).slice());
        }
        if (lastEmittedDts != TsDemuxer.NO_TIMESTAMP) {
            long d = Math.floorMod(dts - lastEmittedDts, WRAP);
            if (d > 0 && d < 90_000) {
                frameInterval = d;
            }
        }
        lastEmittedDts = dts;
        units++;
        sink.accessUnit(out, dts, pts);
        nals.clear();
        hasVcl = false;
        return true;
    }

    private void reset() {
        fill = 0;
        scanFrom = 0;
        nalStart = -1;
        nals.clear();
        hasVcl = false;
    }
}
