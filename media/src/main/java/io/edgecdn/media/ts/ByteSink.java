package io.edgecdn.media.ts;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable byte array for building segments and access units without per-write copies or locks
 * (unlike {@link java.io.ByteArrayOutputStream}): writers may {@link #reserve} space and fill it in
 * place. Not thread-safe.
 */
public final class ByteSink {
    private byte[] buf;
    private int size;

    /** @param initialCapacity bytes allocated up front */
    public ByteSink(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Appends {@code n} bytes of room and returns the offset where they start in {@link #array()}. */
    public int reserve(int n) {
        ensure(n);
        int at = size;
        size += n;
        return at;
    }

    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    /** Appends the buffer's remaining bytes without moving its position. */
    public void write(ByteBuffer b) {
        int len = b.remaining();
        ensure(len);
        b.get(b.position(), buf, size, len);
        size += len;
    }

    /** The backing array; valid up to {@link #size()} until the next write. */
    public byte[] array() {
        return buf;
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
    }

    /** A copy of the bytes written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }
}
