package io.edgecdn.media.codec;

/**
 * Reads bits, most significant first, and Exp-Golomb codes (ITU-T H.264 9.1) from an RBSP: a NAL
 * unit payload from which emulation-prevention bytes have been removed ({@link #unescape}).
 * Reading past the end throws {@link IllegalArgumentException} naming the bit position.
 */
final class BitReader {
    private final byte[] data;
    private final int end;
    private long bit;

    BitReader(byte[] data, int offset, int length) {
        this.data = data;
        this.bit = (long) offset * 8;
        this.end = offset + length;
    }

    int u(int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 1) | u1();
        }
        return v;
    }

    int u1() {
        int byteIndex = (int) (bit >>> 3);
        if (byteIndex >= end) {
            throw new IllegalArgumentException("parameter set truncated at bit " + bit);
        }
        int v = (data[byteIndex] >>> (7 - (int) (bit & 7))) & 1;
        bit++;
        return v;
    }

    void skip(int n) {
        bit += n;
    }

    int ue() {
        int zeros = 0;
        while (u1() == 0) {
            if (++zeros > 31) {
                throw new IllegalArgumentException("Exp-Golomb code longer than 32 bits at bit " + bit);
            }
        }
        return (int) ((1L << zeros) - 1 + (zeros == 0 ? 0 : Integer.toUnsignedLong(u(zeros))));
    }

    int se() {
        int k = ue();
        return (k & 1) != 0 ? (k + 1) / 2 : -(k / 2);
    }

    /** Removes emulation-prevention bytes (0x000003 -> 0x0000) from a NAL unit (H.264 7.4.1). */
    static byte[] unescape(byte[] nal, int offset, int length) {
        byte[] out = new byte[length];
        int o = 0;
        int zeros = 0;
        for (int i = offset; i < offset + length; i++) {
            int b = nal[i] & 0xFF;
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            out[o++] = (byte) b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return java.util.Arrays.copyOf(out, o);
    }
}
