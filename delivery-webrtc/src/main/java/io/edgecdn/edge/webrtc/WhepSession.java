package io.edgecdn.edge.webrtc;

import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamManager;
import io.edgecdn.edge.webrtc.dtls.DtlsRecords;
import io.edgecdn.edge.webrtc.dtls.DtlsSrtpServer;
import io.edgecdn.edge.webrtc.dtls.QueuedDatagramTransport;
import io.edgecdn.edge.webrtc.rtp.RtcpFeedback;
import io.edgecdn.edge.webrtc.rtp.RtcpSenderReport;
import io.edgecdn.edge.webrtc.srtp.SrtpSession;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebRTC viewer (a WHEP session): its ICE credentials, the address its checks came from, its
 * DTLS handshake and SRTP keys, and what it has been sent. Its life: made by {@code POST .../whep}
 * with the answer; a first valid STUN check binds the browser's address and starts the DTLS
 * handshake (on a virtual thread of its own); when that completes the session joins its stream's
 * {@link RtpStream} and is sent media from the cached keyframe on. It ends by {@code DELETE}, by
 * consent expiry (no check for {@code webrtc.session-timeout}), by a failed handshake, when the
 * stream ends, or by an operator's kick.
 *
 * <p>Threads: the port's receive thread calls {@link #checked}, {@link #dtlsReceived} and
 * {@link #rtcpReceived}; the stream's sender thread calls its {@link SessionMedia}; anything may call
 * {@link #close}.
 */
public final class WhepSession {
    private static final Logger log = LoggerFactory.getLogger(WhepSession.class);

    /** The session's state, as the admin API shows it. */
    public enum State { NEW, CONNECTING, PLAYING, CLOSED }

    private final String id;
    private final String ufrag;
    private final String pwd;
    private final StreamKey key;
    private final String remoteFingerprint;
    private final StreamManager.Lease lease;
    private final WebRtcService service;
    private final QueuedDatagramTransport dtls;
    private final SessionMedia media;
    private final AtomicBoolean handshakeStarted = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long createdNanos;
    private final long createdWallMs;
    private final WebRtcTotals totals;
    private volatile @Nullable InetSocketAddress remote;
    private volatile @Nullable SrtpSession srtp;
    private volatile org.bouncycastle.tls.@Nullable DTLSTransport association;
    /** What may arrive over DTLS once the handshake is done; null before. */
    private volatile @Nullable DtlsRecords records;
    private volatile State state = State.NEW;
    private volatile long lastCheckNanos;
    private volatile @Nullable String endReason;
    private final LongAdder nacks = new LongAdder();
    private final LongAdder keyframeRequests = new LongAdder();
    private final LongAdder rtcpDropped = new LongAdder();
    /** A line about dropped datagrams at most this often, in seconds. */
    static final int DROP_LOG_INTERVAL_S = 10;
    private long droppedSinceLog;
    private long lastDropLogNanos;
    private volatile int fractionLost;
    private volatile long jitter;
    private volatile long rttMs = -1;

    WhepSession(String id, String ufrag, String pwd, StreamKey key, String remoteFingerprint, int videoPayloadType,
                int rtxPayloadType, int rtxSsrc, int audioPayloadType, StreamManager.Lease lease, WebRtcService service, long nowNanos) {
        this.id = id;
        this.ufrag = ufrag;
        this.pwd = pwd;
        this.key = key;
        this.remoteFingerprint = remoteFingerprint;
        this.lease = lease;
        this.service = service;
        this.createdNanos = nowNanos;
        this.createdWallMs = service.wallMs();
        this.totals = service.totals();
        this.lastCheckNanos = nowNanos;
        this.media = new SessionMedia(this, service, videoPayloadType, rtxPayloadType, rtxSsrc, audioPayloadType);
        this.dtls = new QueuedDatagramTransport((b, off, len) -> {
            InetSocketAddress to = remote;
            if (to != null) {
                service.port().send(ByteBuffer.wrap(b, off, len), to);
            }
        });
    }

    /** What this session is sent: RTP, RTX, sender reports (the stream's sender thread). */
    SessionMedia media() {
        return media;
    }

    /** The SRTP keys once DTLS is done, else null. */
    @Nullable SrtpSession srtp() {
        return srtp;
    }

    public String id() {
        return id;
    }

    String ufrag() {
        return ufrag;
    }

    String pwd() {
        return pwd;
    }

    public StreamKey key() {
        return key;
    }

    public State state() {
        return state;
    }

    /** The browser's address (the nominated pair), or null before its first check. */
    public @Nullable InetSocketAddress remote() {
        return remote;
    }

    long createdNanos() {
        return createdNanos;
    }

    long lastCheckNanos() {
        return lastCheckNanos;
    }

    StreamManager.Lease lease() {
        return lease;
    }

    /** A valid STUN check from {@code from}: consent refreshed; the first one starts DTLS. Receive thread. */
    void checked(InetSocketAddress from, boolean nominated, long nowNanos) {
        lastCheckNanos = nowNanos;
        InetSocketAddress cur = remote;
        if (cur == null || (nominated && !cur.equals(from))) {
            remote = from;
            service.bind(from, this, cur);
        }
        if (handshakeStarted.compareAndSet(false, true)) {
            state = State.CONNECTING;
            Thread.ofVirtual().name("whep-dtls-" + id).start(this::handshake);
        }
    }

    private void handshake() {
        try {
            DtlsSrtpServer.Established e = DtlsSrtpServer.accept(dtls, service.certificate(), remoteFingerprint);
            if (closed.get()) {
                return;
            }
            srtp = new SrtpSession(e.keys());
            records = e.records();
            association = e.transport();
            state = State.PLAYING;
            log.info("WHEP session {} of {}: DTLS done with {} ({}, {}), playing", id, key, remote, e.cipherSuite(), e.keys());
            service.playing(this);
        } catch (java.io.IOException | RuntimeException e) {
            if (!closed.get()) {
                close("DTLS handshake failed: " + e.getMessage());
            }
            return;
        }
        readAfterHandshake();
    }

    /**
     * Keeps reading the association after the handshake: when our last flight (ChangeCipherSpec,
     * Finished) is lost, the browser sends its Finished again, and only a reader makes BouncyCastle
     * answer with our flight again (RFC 6347 4.2.4); without one, a lossy path leaves the browser
     * connecting for ever while we send media it cannot decrypt. Nothing else arrives over DTLS.
     */
    private void readAfterHandshake() {
        var a = association;
        byte[] buf = new byte[1500];
        while (a != null && !closed.get()) {
            try {
                a.receive(buf, 0, buf.length, 5_000);
            } catch (org.bouncycastle.tls.TlsFatalAlertReceived e) {
                close("the browser sent a fatal DTLS alert: " + e.getMessage());
                return;
            } catch (java.io.IOException | RuntimeException e) {
                if (!closed.get()) {
                    // the browser's close_notify makes BouncyCastle close our transport under the reader
                    close(dtls.isClosed() && !(e instanceof org.bouncycastle.tls.TlsFatalAlert)
                            ? "the browser closed the DTLS association" : "the DTLS association failed: " + e.getMessage());
                }
                return;
            }
        }
    }

    void dtlsReceived(byte[] b, int off, int len) {
        DtlsRecords r = records;
        if (r != null && !r.admissibleAfterHandshake(b, off, len)) {
            dropped("a DTLS record no browser sends after the handshake"); // BouncyCastle would fail the association on it
            return;
        }
        if (!dtls.offer(b, off, len)) {
            dropped("the DTLS queue is full");
        }
    }

    /** SRTCP from the browser: decrypted, parsed, acted on. Receive thread. */
    void rtcpReceived(byte[] b, int off, int len) {
        SrtpSession s = srtp;
        if (s == null) {
            dropped("SRTCP before the DTLS handshake gave the keys");
            return;
        }
        int payloadType = len > 1 ? b[off + 1] & 0xFF : 0;
        if (payloadType < 192 || payloadType > 223) { // RTP from a browser that only receives: nothing to do
            dropped("RTP from the browser, which only receives");
            return;
        }
        int n = s.unprotectRtcp(b, off, len);
        if (n < 0) {
            dropped("SRTCP that failed authentication");
            return;
        }
        RtcpFeedback f = RtcpFeedback.parse(b, off, n);
        for (RtcpFeedback.Report r : f.reports()) {
            fractionLost = r.fractionLost();
            jitter = r.jitter();
            if (r.lastSr() != 0) { // RFC 3550 6.4.1: RTT = arrival - LSR - DLSR, in 1/65536 s
                long rtt = (RtcpSenderReport.compactNtp(service.wallMs()) - r.lastSr() - r.delaySinceLastSr()) & 0xFFFF_FFFFL;
                if (rtt < 65_536L * 10) {
                    rttMs = rtt * 1000 / 65_536;
                    totals.rtt(rttMs);
                }
            }
        }
        for (RtcpFeedback.ReferenceTime t : f.referenceTimes()) {
            service.referenceTime(this, t, service.wallMs());
        }
        for (RtcpFeedback.Nack nack : f.nacked()) {
            nacks.add(nack.sequences().size());
            totals.nacksReceived.add(nack.sequences().size());
            service.nacked(this, nack);
        }
        if (!f.keyframeRequests().isEmpty()) {
            keyframeRequests.increment();
            totals.keyframeRequests.increment();
            service.keyframeRequested(this);
        }
    }

    /**
     * Counts a dropped datagram of this session's address and says so in the log: the first at
     * once, then one line per {@value #DROP_LOG_INTERVAL_S} s at most, with the count since the
     * last line (a flood from a forged address must not flood the log too). Receive thread.
     */
    private void dropped(String why) {
        rtcpDropped.increment();
        totals.rtcpDropped.increment();
        droppedSinceLog++;
        long now = service.nanoTime();
        if (lastDropLogNanos == 0 || now - lastDropLogNanos >= DROP_LOG_INTERVAL_S * 1_000_000_000L) {
            log.info("WHEP session {} of {}: dropped {} datagram(s) from {} since the last such line, the last: {} ({} in all)",
                    id, key, droppedSinceLog, remote, why, rtcpDropped.sum());
            droppedSinceLog = 0;
            lastDropLogNanos = now == 0 ? 1 : now;
        }
    }

    /** The RTCP CNAME of a stream's tracks, the same in the answer's a=ssrc lines. */
    static String cname(StreamKey key) {
        String c = "edge-" + key;
        return c.length() <= 200 ? c : c.substring(0, 200); // SDES items hold 255 bytes at most
    }

    /** Ends the session (idempotent): leaves its stream, releases its lease, forgets its keys. */
    public void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        endReason = reason;
        state = State.CLOSED;
        var a = association;
        if (a != null) {
            try {
                a.close(); // close_notify (RFC 5246 7.2.1): the browser learns at once that no more media comes
            } catch (java.io.IOException | RuntimeException e) {
                log.debug("WHEP session {}: close_notify not sent: {}", id, e.toString());
            }
        }
        dtls.close();
        service.closed(this);
        lease.close();
        SrtpSession s = srtp;
        if (s != null) {
            s.close();
        }
        log.info("WHEP session {} of {} ended: {} ({} packets, {} bytes sent; {} NACKed, {} sent again, {} keyframe requests)", id, key,
                reason, media.packetsSent.sum(), media.bytesSent.sum(), nacks.sum(), media.retransmitted.sum(), keyframeRequests.sum());
    }

    boolean isClosed() {
        return closed.get();
    }

    /** When the offer was answered, Unix ms. */
    public long createdAtMs() {
        return createdWallMs;
    }

    /** Why it ended, or null while it runs. */
    public @Nullable String endReason() {
        return endReason;
    }

    /** Counters of one session, for the admin API and metrics. */
    public record Stats(long packetsSent, long audioPacketsSent, long bytesSent, long nacks, long retransmitted,
                        long keyframeRequests, long rtcpDropped, int fractionLost, long jitter, long rttMs) {
    }

    /**
     * Counters and the browser's last receiver report: {@code fractionLost} in 1/256, {@code jitter}
     * in RTP clock units, {@code rttMs} -1 until a report echoed one of our SRs.
     */
    public Stats stats() {
        return new Stats(media.packetsSent.sum(), media.audioPacketsSent.sum(), media.bytesSent.sum(), nacks.sum(), media.retransmitted.sum(),
                keyframeRequests.sum(), rtcpDropped.sum(), fractionLost, jitter, rttMs);
    }
}
