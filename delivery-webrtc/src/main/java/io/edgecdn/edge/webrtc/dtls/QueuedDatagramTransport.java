package io.edgecdn.edge.webrtc.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;

/**
 * The datagram side of one DTLS association on a shared UDP port: the port's receive loop
 * {@linkplain #offer offers} the DTLS records of this session's peer, the handshake thread takes
 * them, and what DTLS sends goes out through the port to the peer's address. The inbound queue is
 * bounded ({@value #QUEUE} datagrams); a peer that floods it loses the excess, as on a real network.
 */
public final class QueuedDatagramTransport implements DatagramTransport {
    /** Datagrams held for the handshake thread at most. */
    static final int QUEUE = 64;
    /** Largest DTLS record the node sends, in bytes: fits a 1200-byte path with IP and UDP headers. */
    public static final int MTU = 1200;

    /** Sends one datagram to the peer (the port's socket, addressed to the session's selected pair). */
    @FunctionalInterface
    public interface Sender {
        void send(byte[] b, int off, int len) throws IOException;
    }

    private final ArrayBlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(QUEUE);
    private final Sender sender;
    private volatile boolean closed;

    public QueuedDatagramTransport(Sender sender) {
        this.sender = sender;
    }

    /**
     * Queues a record received from the peer (copied); false when the queue is full or closed.
     * Any thread, never blocks.
     */
    public boolean offer(byte[] b, int off, int len) {
        if (closed) {
            return false;
        }
        return inbound.offer(java.util.Arrays.copyOfRange(b, off, off + len));
    }

    @Override
    public int getReceiveLimit() {
        return 1500;
    }

    @Override
    public int getSendLimit() {
        return MTU - 28; // IPv4 and UDP headers
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("the DTLS transport is closed");
        }
        byte[] d;
        try {
            d = inbound.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a DTLS record");
        }
        if (d == null) {
            if (closed) {
                throw new IOException("the DTLS transport is closed");
            }
            return -1;
        }
        int n = Math.min(len, d.length);
        System.arraycopy(d, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the DTLS transport is closed");
        }
        sender.send(buf, off, len);
    }

    /** Whether {@link #close} was called: by us, or by BouncyCastle when the peer's close_notify arrived. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        inbound.clear();
    }
}
