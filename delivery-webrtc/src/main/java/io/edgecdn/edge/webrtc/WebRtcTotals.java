package io.edgecdn.edge.webrtc;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The node's WebRTC counters since start, ended sessions included: what {@code /metrics} exports
 * and the admin API shows beside the sessions open now. Every session adds to these as it adds to
 * its own {@link WhepSession.Stats}.
 */
public final class WebRtcTotals {
    final LongAdder opened = new LongAdder();
    final LongAdder packetsSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder nacksReceived = new LongAdder();
    final LongAdder retransmitted = new LongAdder();
    final LongAdder keyframeRequests = new LongAdder();
    final LongAdder rtcpDropped = new LongAdder();
    private volatile @Nullable LongConsumer rtt;

    /** WHEP sessions opened. */
    public long opened() {
        return opened.sum();
    }

    /** SRTP packets sent (video and audio, retransmissions included). */
    public long packetsSent() {
        return packetsSent.sum();
    }

    /** SRTP and SRTCP bytes sent, UDP payloads. */
    public long bytesSent() {
        return bytesSent.sum();
    }

    /** Packets the browsers asked again for in generic NACKs (RFC 4585 6.2.1), counted per sequence number. */
    public long nacksReceived() {
        return nacksReceived.sum();
    }

    /** Packets sent again from the stream's history in answer to a NACK. */
    public long retransmitted() {
        return retransmitted.sum();
    }

    /** RTCP packets with a PLI or FIR (RFC 4585 6.3.1, RFC 5104 4.3.1): each moved its viewer to the next keyframe. */
    public long keyframeRequests() {
        return keyframeRequests.sum();
    }

    /** Datagrams from browsers that were not used: SRTCP that failed authentication, RTP, a full DTLS queue. */
    public long rtcpDropped() {
        return rtcpDropped.sum();
    }

    /** Sets the listener of round-trip times, ms, one per receiver report that echoed an SR (null: none). */
    public void onRtt(@Nullable LongConsumer listener) {
        rtt = listener;
    }

    void rtt(long ms) {
        LongConsumer l = rtt;
        if (l != null) {
            l.accept(ms);
        }
    }
}
