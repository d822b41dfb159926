package io.edgecdn.tests;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lossy UDP path between a client and a server, like a NAT: the client sends to {@link #port()}
 * on 127.0.0.1; each client address gets its own socket toward the server, so the server sees one
 * address per client address, and its replies go back to that client. Each datagram, either way, is
 * dropped with probability {@code lossRate} (a seeded generator, so a run is repeatable). Bounded:
 * at most 64 client addresses; daemon threads end on {@link #close()}.
 */
final class UdpLossRelay implements AutoCloseable {
    private final DatagramSocket front;
    private final InetSocketAddress server;
    private final double lossRate;
    private final Random random;
    private final Map<SocketAddress, DatagramSocket> mappings = new ConcurrentHashMap<>();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    UdpLossRelay(InetSocketAddress server, double lossRate, long seed) throws IOException {
        this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.server = server;
        this.lossRate = lossRate;
        this.random = new Random(seed);
        Thread.ofPlatform().daemon().name("udp-relay-front").start(this::clientToServer);
    }

    int port() {
        return front.getLocalPort();
    }

    /** Datagrams passed on, either way. */
    long forwarded() {
        return forwarded.get();
    }

    /** Datagrams dropped, either way. */
    long dropped() {
        return dropped.get();
    }

    /**
     * Sends a datagram to the server from the first client's relay socket, so that the server takes
     * it as coming from that client's address (as an on-path sender could); false while no client
     * has sent anything yet.
     */
    boolean inject(byte[] b, int len) throws IOException {
        DatagramSocket out = mappings.values().stream().findFirst().orElse(null);
        if (out == null) {
            return false;
        }
        out.send(new DatagramPacket(b, len, server));
        return true;
    }

    private synchronized boolean drop() {
        return random.nextDouble() < lossRate;
    }

    private void clientToServer() {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                p.setLength(buf.length);
                front.receive(p);
                SocketAddress client = p.getSocketAddress();
                DatagramSocket out = mappings.get(client);
                if (out == null) {
                    if (mappings.size() >= 64) {
                        continue;
                    }
                    out = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                    mappings.put(client, out);
                    DatagramSocket back = out;
                    Thread.ofPlatform().daemon().name("udp-relay-back").start(() -> serverToClient(back, client));
                }
                pass(out, new DatagramPacket(buf, p.getLength(), server));
            } catch (IOException e) {
                if (!closed) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }

    private void serverToClient(DatagramSocket socket, SocketAddress client) {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                p.setLength(buf.length);
                socket.receive(p);
                pass(front, new DatagramPacket(buf, p.getLength(), client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pass(DatagramSocket via, DatagramPacket p) throws IOException {
        if (drop()) {
            dropped.incrementAndGet();
            return;
        }
        via.send(p);
        forwarded.incrementAndGet();
    }

    @Override
    public void close() {
        closed = true;
        front.close();
        mappings.values().forEach(DatagramSocket::close);
    }
}
