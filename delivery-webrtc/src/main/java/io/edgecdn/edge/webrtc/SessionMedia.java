package io.edgecdn.edge.webrtc;

import io.edgecdn.edge.webrtc.rtp.RtcpFeedback;
import io.edgecdn.edge.webrtc.rtp.RtcpSenderReport;
import io.edgecdn.edge.webrtc.rtp.RtpHeader;
import io.edgecdn.edge.webrtc.srtp.SrtpSession;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one WHEP session is sent, written by its stream's sender thread only: the shared RTP
 * packets with this session's payload types (and packed timestamps for the replayed GOP),
 * retransmissions as RTX (RFC 4588), RTCP sender reports with what each track sent, and DLRR
 * answers to the browser's reference times (RFC 3611).
 */
final class SessionMedia {
    private static final Logger log = LoggerFactory.getLogger(SessionMedia.class);

    private final WhepSession session;
    private final WebRtcService service;
    private final WebRtcTotals totals;
    private final int videoPayloadType;
    private final int rtxPayloadType;
    private final int rtxSsrc;
    private final int audioPayloadType;
    private final byte[] out = new byte[2048];
    private final byte[] rtcpOut = new byte[1024];
    private long videoPackets;
    private long videoOctets;
    private long audioPackets;
    private long audioOctets;
    private int rtxSequence = new SecureRandom().nextInt(0x10000);
    /** The packed timestamps of the last packets of the GOP replayed at the join, from {@link #replayFirstSeq} on. */
    private int @Nullable [] replayTs;
    private int replayFirstSeq;
    /** Video packets sent when the replay ended: once {@link RtpStream#HISTORY} more are sent, no replayed packet can be asked for. */
    private long replayEnd;
    private boolean protectFailed;
    final LongAdder packetsSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder retransmitted = new LongAdder();
    final LongAdder audioPacketsSent = new LongAdder();

    /**
     * @param rtxPayloadType the answer's RTX payload type, or -1: lost video packets are then not sent again
     * @param audioPayloadType the answer's Opus payload type, or -1: no audio is sent
     */
    SessionMedia(WhepSession session, WebRtcService service, int videoPayloadType, int rtxPayloadType, int rtxSsrc,
                 int audioPayloadType) {
        this.session = session;
        this.service = service;
        this.totals = service.totals();
        this.videoPayloadType = videoPayloadType;
        this.rtxPayloadType = rtxPayloadType;
        this.rtxSsrc = rtxSsrc;
        this.audioPayloadType = audioPayloadType;
    }

    /**
     * Sends one RTP packet: copied, given this session's payload type of its track (and {@code
     * timestamp} when it is not -1), protected, written to the browser's address; an audio packet
     * is dropped when the answer has no audio. Sender thread of the stream.
     */
    void sendRtp(byte[] packet, int len, long timestamp, boolean audio) {
        SrtpSession s = session.srtp();
        InetSocketAddress to = session.remote();
        if (s == null || to == null || session.isClosed() || len + SrtpSession.OVERHEAD > out.length
                || (audio ? audioPayloadType : videoPayloadType) < 0) { // a track the answer rejected gets nothing
            return;
        }
        System.arraycopy(packet, 0, out, 0, len);
        out[1] = (byte) ((packet[1] & 0x80) | (audio ? audioPayloadType : videoPayloadType));
        if (timestamp >= 0) {
            RtpHeader.timestamp(out, timestamp);
        }
        if (!send(s, len, to)) {
            return;
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
     * Sends a video packet again, as RTX (RFC 4588 section 4): the RTX payload type and SSRC, this
     * session's next RTX sequence number, the original sequence number ahead of the payload, and
     * the timestamp this session was first sent. Nothing is sent when the answer has no RTX: SRTP
     * must not protect a sequence number twice (RFC 3711 3.3.2). Sender thread of the stream.
     *
     * @return whether it was sent
     */
    boolean retransmit(byte[] packet, int len) {
        SrtpSession s = session.srtp();
        InetSocketAddress to = session.remote();
        if (rtxPayloadType < 0 || s == null || to == null || session.isClosed() || len + 2 + SrtpSession.OVERHEAD > out.length) {
            return false;
        }
        int seq = ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF);
        if (replayTs != null && videoPackets - replayEnd > RtpStream.HISTORY) {
            replayTs = null; // the sequence numbers wrap: a later packet must not get a replayed packet's timestamp
        }
        int[] packed = replayTs;
        int d = (seq - replayFirstSeq) & 0xFFFF;
        long ts = packed != null && d < packed.length ? packed[d] & 0xFFFF_FFFFL : -1;
        RtpHeader.rtx(packet, len, out, rtxPayloadType, rtxSequence, rtxSsrc, ts);
        rtxSequence = (rtxSequence + 1) & 0xFFFF;
        if (!send(s, len + 2, to)) {
            return false;
        }
        retransmitted.increment();
        totals.retransmitted.increment();
        return true;
    }

    /** Notes the packed timestamps of the GOP replayed at the join ({@code firstSeq}: the first of {@code ts}). Sender thread. */
    void replayed(int firstSeq, int[] ts) {
        replayFirstSeq = firstSeq;
        replayTs = ts;
        replayEnd = videoPackets;
    }

    /** Protects {@code out[0, len)} and sends it; false (logged once) when SRTP refuses it. */
    private boolean send(SrtpSession s, int len, InetSocketAddress to) {
        int n;
        try {
            n = s.protectRtp(out, 0, len);
        } catch (IllegalStateException e) {
            if (!protectFailed) {
                protectFailed = true;
                log.warn("WHEP session {} of {}: a packet was not sent: {}", session.id(), session.key(), e.getMessage());
            }
            return false;
        }
        service.port().send(ByteBuffer.wrap(out, 0, n), to);
        packetsSent.increment();
        bytesSent.add(n);
        totals.packetsSent.increment();
        totals.bytesSent.add(n);
        return true;
    }

    /**
     * Answers a receiver reference time report with an extended report holding a DLRR block (RFC
     * 3611 section 4.5), so that the browser, which sends no media, learns its round trip.
     *
     * @param arrivedMs when the reference time arrived, Unix ms (the delay is counted from it)
     */
    void sendDlrr(int ssrc, RtcpFeedback.ReferenceTime t, long arrivedMs) {
        SrtpSession s = session.srtp();
        InetSocketAddress to = session.remote();
        if (s == null || to == null || session.isClosed()) {
            return;
        }
        long delay = Math.max(0, service.wallMs() - arrivedMs) * 65_536 / 1000;
        int n = RtcpSenderReport.dlrr(rtcpOut, 0, ssrc, t.ssrc(), t.lastRr(), delay);
        sendRtcp(s, n, to);
    }

    private void sendRtcp(SrtpSession s, int n, InetSocketAddress to) {
        int p;
        try {
            p = s.protectRtcp(rtcpOut, 0, n);
        } catch (IllegalStateException e) {
            if (!protectFailed) {
                protectFailed = true;
                log.warn("WHEP session {} of {}: an RTCP packet was not sent: {}", session.id(), session.key(), e.getMessage());
            }
            return;
        }
        if (p > 0) {
            service.port().send(ByteBuffer.wrap(rtcpOut, 0, p), to);
            bytesSent.add(p);
            totals.bytesSent.add(p);
        }
    }

    /**
     * Sends one compound RTCP packet: an SR for each track this session has been sent packets of,
     * then the SDES CNAME of the answer. Sender thread of the stream.
     *
     * @param wallMs the wall-clock time, Unix ms, at which both tracks stand at the given timestamps
     */
    void sendSenderReports(long wallMs, int videoSsrc, long videoTs, int audioSsrc, long audioTs) {
        SrtpSession s = session.srtp();
        InetSocketAddress to = session.remote();
        if (s == null || to == null || session.isClosed() || (videoPackets == 0 && audioPackets == 0)) {
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
        n += RtcpSenderReport.sdes(rtcpOut, n, ssrcs, WhepSession.cname(session.key()));
        sendRtcp(s, n, to);
    }
}
