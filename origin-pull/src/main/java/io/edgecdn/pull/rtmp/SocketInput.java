package io.edgecdn.pull.rtmp;

import io.edgecdn.media.rtmp.RtmpInput;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.function.BooleanSupplier;

/**
 * A socket's bytes for the chunk reader, buffered, with the puller's deadlines: the socket has a
 * short read timeout ({@link RtmpPuller#POLL_MS} ms), and each expiry checks the stop flag and the
 * current deadline, so a stop request ends a blocked read within that time and silence ends it at
 * the deadline. Both end the session: bytes copied before one of them are not given back.
 */
final class SocketInput implements RtmpInput {
    /** The stop flag was set while waiting for bytes. */
    static final class StoppedException extends IOException {
        StoppedException() {
            super("stop requested");
        }
    }

    /** No bytes arrived before the deadline. */
    static final class DeadlineException extends IOException {
        DeadlineException() {
            super("deadline passed");
        }
    }

    private final InputStream in;
    private final BooleanSupplier stop;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private long received;
    private long deadlineNanos = Long.MAX_VALUE;
    private long lastDataNanos = System.nanoTime();
    private long silenceNanos = -1;

    SocketInput(InputStream in, BooleanSupplier stop) {
        this.in = in;
        this.stop = stop;
    }

    /** A fixed deadline (connecting: the connect timeout). */
    void deadline(long nanoTime) {
        deadlineNanos = nanoTime;
        silenceNanos = -1;
    }

    /** A rolling deadline: {@code nanos} after the latest byte received (streaming: the read timeout). */
    void silenceLimit(long nanos) {
        silenceNanos = nanos;
    }

    /**
     * Bytes the reader has taken so far (for Acknowledgement messages): counted as they are
     * consumed, not as the socket delivers them, so that acknowledgements follow the messages
     * processed rather than jumping by a whole buffer.
     */
    long received() {
        return received;
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (pos == limit) {
                fill();
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            received += n;
            off += n;
            len -= n;
        }
    }

    private void fill() throws IOException {
        pos = 0;
        limit = 0;
        while (true) {
            if (stop.getAsBoolean()) {
                throw new StoppedException();
            }
            try {
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    throw new EOFException("connection closed by the upstream");
                }
                if (n > 0) {
                    limit = n;
                    lastDataNanos = System.nanoTime();
                    return;
                }
            } catch (SocketTimeoutException e) {
                long now = System.nanoTime();
                long deadline = silenceNanos >= 0 ? lastDataNanos + silenceNanos : deadlineNanos;
                if (now - deadline > 0) {
                    throw new DeadlineException();
                }
            }
        }
    }
}
