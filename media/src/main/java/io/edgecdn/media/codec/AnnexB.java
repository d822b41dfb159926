package io.edgecdn.media.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Annex-B byte streams (ITU-T H.264 annex B / H.265 annex B): NAL units separated by start codes
 * {@code 00 00 01} or {@code 00 00 00 01}, as carried in MPEG-TS. FLV carries length-prefixed NAL
 * units instead (ISO/IEC 14496-15), so the remuxer splits and re-prefixes them here.
 */
public final class AnnexB {
    private AnnexB() {
    }

    /** Whether the buffer starts with a start code at its position. */
    public static boolean startsWithStartCode(ByteBuffer b) {
        int p = b.position();
        int n = b.remaining();
        return (n >= 3 && b.get(p) == 0 && b.get(p + 1) == 0 && b.get(p + 2) == 1)
                || (n >= 4 && b.get(p) == 0 && b.get(p + 1) == 0 && b.get(p + 2) == 0 && b.get(p + 3) == 1);
    }

    /**
     * Splits an Annex-B buffer into NAL units (views on the same bytes, start codes and trailing
     * zero bytes removed). Bytes before the first start code are ignored.
     */
    public static List<ByteBuffer> split(ByteBuffer b) {
        List<ByteBuffer> nals = new ArrayList<>();
        int end = b.limit();
        int i = b.position();
        int nalStart = -1;
        while (i + 2 < end) {
            if (b.get(i) == 0 && b.get(i + 1) == 0 && b.get(i + 2) == 1) {
                if (nalStart >= 0) {
                    addNal(b, nals, nalStart, i);
                }
                i += 3;
                nalStart = i;
            } else {
                i++;
            }
        }
        if (nalStart >= 0) {
            addNal(b, nals, nalStart, end);
        }
        return nals;
    }

    private static void addNal(ByteBuffer b, List<ByteBuffer> nals, int start, int end) {
        while (end > start && b.get(end - 1) == 0) {
            end--; // trailing_zero_8bits and the leading zero of a 4-byte start code
        }
        if (end > start) {
            nals.add(b.duplicate().position(start).limit(end).slice());
        }
    }

    /** A NAL unit's bytes as a new array. */
    public static byte[] bytes(ByteBuffer nal) {
        byte[] out = new byte[nal.remaining()];
        nal.duplicate().get(out);
        return out;
    }

    /** H.264 nal_unit_type (low 5 bits of the first byte). */
    public static int h264Type(ByteBuffer nal) {
        return nal.get(nal.position()) & 0x1F;
    }

    /** H.265 nal_unit_type (bits 1-6 of the first byte). */
    public static int h265Type(ByteBuffer nal) {
        return (nal.get(nal.position()) >>> 1) & 0x3F;
    }

    /** Total size of the NAL units once each gets a 4-byte length prefix. */
    public static int lengthPrefixedSize(List<ByteBuffer> nals) {
        int size = 0;
        for (ByteBuffer n : nals) {
            size += 4 + n.remaining();
        }
        return size;
    }

    /** Writes each NAL unit with a 4-byte big-endian length prefix (ISO/IEC 14496-15 NALUnitLength). */
    public static void writeLengthPrefixed(List<ByteBuffer> nals, ByteBuffer out) {
        for (ByteBuffer n : nals) {
            out.putInt(n.remaining());
            out.put(n.duplicate());
        }
    }
}
