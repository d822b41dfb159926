package io.edgecdn.media.codec;

import java.nio.ByteBuffer;

/**
 * ADTS framing of AAC (ISO/IEC 14496-3, 1.A.2), as found in MPEG-TS: a 7-byte header (9 with
 * CRC) before each raw AAC frame. FLV carries raw frames, so the header is stripped when remuxing.
 */
public final class Adts {
    /** Size in bytes of an ADTS header without CRC. */
    public static final int HEADER_SIZE = 7;

    private Adts() {
    }

    /** Whether an ADTS sync word (12 bits set) starts at {@code index}. */
    public static boolean isSync(ByteBuffer b, int index) {
        return index + 1 < b.limit() && (b.get(index) & 0xFF) == 0xFF && (b.get(index + 1) & 0xF0) == 0xF0;
    }

    /** Header length at {@code index}: 7, or 9 when protection_absent is 0 (a CRC follows). */
    public static int headerLength(ByteBuffer b, int index) {
        return (b.get(index + 1) & 0x01) == 0 ? 9 : 7;
    }

    /** aac_frame_length at {@code index}: header plus raw frame, in bytes. */
    public static int frameLength(ByteBuffer b, int index) {
        return ((b.get(index + 3) & 0x03) << 11) | ((b.get(index + 4) & 0xFF) << 3) | ((b.get(index + 5) & 0xE0) >>> 5);
    }

    /** Sampling rate in Hz of the ADTS header at {@code index}, or -1 for a reserved index. */
    public static int sampleRate(ByteBuffer b, int index) {
        return AudioSpecificConfig.SAMPLE_RATES[(b.get(index + 2) & 0x3C) >>> 2];
    }
}
