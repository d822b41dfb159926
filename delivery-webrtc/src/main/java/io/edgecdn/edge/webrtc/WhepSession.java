package io.edgecdn.edge.webrtc;

import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamManager;
import io.edgecdn.edge.webrtc.dtls.DtlsSrtpServer;
import io.edgecdn.edge.webrtc.dtls.QueuedDatagramTransport;
import io.edgecdn.edge.webrtc.rtp.RtcpFeedback;
import io.edgecdn.edge.webrtc.rtp.RtcpSenderReport;
import io.edgecdn.edge.webrtc.rtp.RtpHeader;
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
 * {@link #rtcpReceived}; the stream's sender thread calls {@link #sendRtp}; anything may call
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
    private final int videoPayloadType;
    private final int audioPayloadType;
    private final StreamManager.Lease lease;
    private final WebRtcService service;
    private final QueuedDatagramTransport dtls;
    private final AtomicBoolean handshakeStarted = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final byte[] out = new byte[2048];
    private final byte[] rtcpOut = new byte[1024];
    // sender thread only: what each track sent, for the sender reports
    private long videoPackets;
    private long videoOctets;
    private long audioPackets;
    private long audioOctets;
    private final long createdNanos;
    private volatile @Nullable InetSocketAddress remote;
    private volatile @Nullable SrtpSession srtp;
    private volatile State state = State.NEW;
    private volatile long lastCheckNanos;
    private volatile @Nullable String endReason;
    private final LongAdder packetsSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder nacks = new LongAdder();
    private final LongAdder retransmitted = new LongAdder();
    private final LongAdder keyframeRequests = new LongAdder();
    private final LongAdder rtcpDropped = new LongAdder();
    private volatile int fractionLost;
    private volatile long jitter;
    private volatile long rttMs = -1;
    private final LongAdder audioPacketsSent = new LongAdder();

    WhepSession(String id, String ufrag, String pwd, StreamKey key, String remoteFingerprint, int videoPayloadType,
                int audioPayloadType, StreamManager.Lease lease, WebRtcService service, long nowNanos) {
        this.id = id;
        this.ufrag = ufrag;
        this.pwd = pwd;
        this.key = key;
        this.remoteFingerprint = remoteFingerprint;
        this.videoPayloadType = videoPayloadType;
        this.audioPayloadType = audioPayloadType;
        this.lease = lease;
        this.service = service;
        this.createdNanos = nowNanos;
        this.lastCheckNanos = nowNanos;
        this.dtls = new QueuedDatagramTransport((b, off, len) -> {
            InetSocketAddress to = remote;
            if (to != null) {
                service.port().send(ByteBuffer.wrap(b, off, len), to);
            }
        });
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
            state = State.PLAYING;
            log.info("WHEP session {} of {}: DTLS done with {} ({}), playing", id, key, remote, e.keys());
            service.playing(this);
        } catch (java.io.IOException | RuntimeException e) {
            if (!closed.get()) {
                close("DTLS handshake failed: " + e.getMessage());
            }
        }
    }

    void dtlsReceived(byte[] b, int off, int len) {
        if (state == State.PLAYING && b[off] == 21) {
            // an (encrypted) alert after the handshake: the browser's close_notify when it closes the
            // peer connection, or a fatal alert; either way it will take no more media
            close("the browser closed the DTLS association");
            return;
        }
        if (!dtls.offer(b, off, len)) {
            rtcpDropped.increment();
        }
    }

    /** SRTCP from the browser: decrypted, parsed, acted on. Receive thread. */
    void rtcpReceived(byte[] b, int off, int len) {
        SrtpSession s = srtp;
        if (s == null) {
            rtcpDropped.increment();
            return;
        }
        int payloadType = len > 1 ? b[off + 1] & 0xFF : 0;
        if (payloadType < 192 || payloadType > 223) { // RTP from a browser that only receives: nothing to do
            rtcpDropped.increment();
            return;
        }
        int n = s.unprotectRtcp(b, off, len);
        if (n < 0) {
            rtcpDropped.increment();
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
                }
            }
        }
        for (RtcpFeedback.Nack nack : f.nacked()) {
            nacks.add(nack.sequences().size());
            service.nacked(this, nack);
        }
        if (!f.keyframeRequests().isEmpty()) {
            keyframeRequests.increment();
            service.keyframeRequested(this);
        }
    }

    /**
     * Sends one RTP packet: copied, given this session's payload type of its track (and {@code
     * timestamp} when it is not -1), protected, written to the browser's address; an audio packet
     * is dropped when the answer has no audio. Sender thread of the stream.
     */
    void sendRtp(byte[] packet, int len, long timestamp, boolean retransmission, boolean audio) {
        SrtpSession s = srtp;
        InetSocketAddress to = remote;
        if (s == null || to == null || closed.get() || len + SrtpSession.OVERHEAD > out.length || (audio && audioPayloadType < 0)) {
            return;
        }
        System.arraycopy(packet, 0, out, 0, len);
        out[1] = (byte) ((packet[1] & 0x80) | (audio ? audioPayloadType : videoPayloadType));
        if (timestamp >= 0) {
            out[4] = (byte) (timestamp >> 24);
            out[5] = (byte) (timestamp >> 16);
            out[6] = (byte) (timestamp >> 8);
            out[7] = (byte) timestamp;
        }
        int n = s.protectRtp(out, 0, len);
        service.port().send(ByteBuffer.wrap(out, 0, n), to);
        packetsSent.increment();
        bytesSent.add(n);
        if (retransmission) {
            retransmitted.increment();
        }
        if (audio) {
            audioPackets++;
            audioOctets += len - RtpHeader.BYTES;
            audioPacketsSent.increment();
        } else {
            videoPackets++;
            videoOctets += len - RtpHeader.BYTES;
        }
    }

    /**
     * Sends one compound RTCP packet: an SR for each track this session has been sent packets of,
     * then the SDES CNAME of the answer. Sender thread of the stream.
     *
     * @param wallMs the wall-clock time, Unix ms, at which both tracks stand at the given timestamps
     */
    void sendSenderReports(long wallMs, int videoSsrc, long videoTs, int audioSsrc, long audioTs) {
        SrtpSession s = srtp;
        InetSocketAddress to = remote;
        if (s == null || to == null || closed.get() || (videoPackets == 0 && audioPackets == 0)) {
            return;
        }
        int n = 0;
        if (videoPackets > 0) {
            n += RtcpSenderReport.write(rtcpOut, n, videoSsrc, wallMs, videoTs, videoPackets, videoOctets);
        }
        if (audioPackets > 0) {
            n += RtcpSenderReport.write(rtcpOut, n, audioSsrc, wallMs, audioTs, audioPackets, audioOctets);
        }
        int[] ssrcs = videoPackets > 0 && audioPackets > 0 ? new int[] {videoSsrc, audioSsrc}
                : new int[] {videoPackets > 0 ? videoSsrc : audioSsrc};
        n += RtcpSenderReport.sdes(rtcpOut, n, ssrcs, cname(key));
        int p = s.protectRtcp(rtcpOut, 0, n);
        if (p > 0) {
            service.port().send(ByteBuffer.wrap(rtcpOut, 0, p), to);
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
        dtls.close();
        service.closed(this);
        lease.close();
        SrtpSession s = srtp;
        if (s != null) {
            s.close();
        }
        log.info("WHEP session {} of {} ended: {} ({} packets, {} bytes sent)", id, key, reason, packetsSent.sum(), bytesSent.sum());
    }

    boolean isClosed() {
        return closed.get();
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
        return new Stats(packetsSent.sum(), audioPacketsSent.sum(), bytesSent.sum(), nacks.sum(), retransmitted.sum(),
                keyframeRequests.sum(), rtcpDropped.sum(), fractionLost, jitter, rttMs);
    }
}
