package io.edgecdn.edge.webrtc;

import io.edgecdn.edge.webrtc.ice.IceLite;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one UDP port of every WHEP session. A receive thread reads each datagram and tells what it
 * is by its first byte (RFC 7983 section 7): 0-3 STUN (answered by {@link IceLite}; a valid check
 * binds the sender's address to its session), 20-63 DTLS (to the session of that address), 128-191
 * RTP/RTCP (the browser's SRTCP feedback, to the session of that address); anything else, and
 * anything from an address no check has bound, is dropped and counted. Sends come from the
 * sessions' threads; a {@link DatagramChannel} may be written by several threads at once.
 */
public final class WebRtcPort implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebRtcPort.class);

    /** Where the port hands what it received. */
    interface Sessions {
        /** The ice-pwd of a session's ufrag, or null. */
        @Nullable String password(String ufrag);

        /** A valid connectivity check for the session of {@code ufrag} came from {@code from}. */
        void checked(String ufrag, InetSocketAddress from, boolean nominated);

        /** The session whose selected address is {@code from}, or null. */
        @Nullable WhepSession byAddress(InetSocketAddress from);
    }

    private final DatagramChannel channel;
    private final IceLite ice;
    private final Sessions sessions;
    private final Thread receiver;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder stunRefused = new LongAdder();
    private volatile boolean closed;

    /**
     * Binds the port; {@link #start()} starts receiving.
     *
     * @throws IOException when the address cannot be bound (in use, not an address of this host)
     */
    WebRtcPort(InetSocketAddress bind, Sessions sessions) throws IOException {
        this.sessions = sessions;
        this.ice = new IceLite(sessions::password);
        this.channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        channel.bind(bind);
        this.receiver = Thread.ofPlatform().name("webrtc-udp-" + port()).daemon(true).unstarted(this::receive);
    }

    void start() {
        receiver.start();
        log.info("WebRTC UDP port listening on {}", address());
    }

    /** The bound address (with the real port when 0 was configured). */
    InetSocketAddress address() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return address().getPort();
    }

    /** Datagrams dropped: unknown kind, or from an address no check has bound. */
    long dropped() {
        return dropped.sum();
    }

    /** STUN requests refused (400/401). */
    long stunRefused() {
        return stunRefused.sum();
    }

    /**
     * Sends one datagram; a full socket buffer or an unreachable peer loses it (UDP), a closed
     * port is ignored.
     */
    void send(ByteBuffer datagram, SocketAddress to) {
        try {
            channel.send(datagram, to);
        } catch (ClosedChannelException e) {
            // the node is stopping
        } catch (IOException e) {
            log.debug("WebRTC send to {} failed: {}", to, e.toString());
        }
    }

    private void receive() {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        byte[] b = buf.array();
        while (!closed) {
            InetSocketAddress from;
            try {
                buf.clear();
                from = (InetSocketAddress) channel.receive(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    log.warn("WebRTC UDP receive failed: {}", e.toString());
                }
                continue;
            }
            if (from == null) {
                continue;
            }
            try {
                demultiplex(b, buf.position(), from);
            } catch (RuntimeException e) { // one bad datagram must not stop the port
                dropped.increment();
                log.warn("WebRTC datagram of {} bytes from {} failed: {}", buf.position(), from, e.toString());
            }
        }
    }

    private void demultiplex(byte[] b, int len, InetSocketAddress from) {
        if (len == 0) {
            dropped.increment();
            return;
        }
        int first = b[0] & 0xFF;
        if (first <= 3) {
            switch (ice.handle(b, 0, len, from)) {
                case IceLite.Answered a -> {
                    send(ByteBuffer.wrap(a.response()), from);
                    sessions.checked(a.localUfrag(), from, a.nominated());
                }
                case IceLite.Refused r -> {
                    stunRefused.increment();
                    log.debug("STUN check from {} refused: {}", from, r.why());
                    send(ByteBuffer.wrap(r.response()), from);
                }
                case IceLite.Ignored i -> dropped.increment();
            }
            return;
        }
        WhepSession s = sessions.byAddress(from);
        if (s == null) {
            dropped.increment();
            return;
        }
        if (first >= 20 && first <= 63) {
            s.dtlsReceived(b, 0, len);
        } else if (first >= 128 && first <= 191) {
            s.rtcpReceived(b, 0, len);
        } else {
            dropped.increment();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing the WebRTC port: {}", e.toString());
        }
    }
}
