package io.edgecdn.edge.webrtc.rtp;

import java.util.ArrayList;
import java.util.List;

/**
 * What a browser's (decrypted) compound RTCP packet says to a sender: receiver report blocks
 * (RFC 3550 section 6.4.2), generic NACKs (RFC 4585 section 6.2.1), PLI (section 6.3.1) and FIR
 * (RFC 5104 section 4.3.1), and the receiver reference times of extended reports (RTCP XR, RFC
 * 3611 section 4.4) with which a receive-only browser measures its round trip when the answer has
 * {@code a=rtcp-xr:rcvr-rtt}. Other packet types (SDES, BYE, REMB, transport-cc) are skipped. Parsing
 * stops at the first packet whose header or length is wrong; what came before it is kept.
 *
 * @param reports receiver report blocks about our SSRCs
 * @param nacked sequence numbers the browser asked to be sent again, per media SSRC
 * @param keyframeRequests media SSRCs for which a PLI or FIR asked for a keyframe
 * @param referenceTimes receiver reference time blocks, to be answered with DLRR blocks
 * @param malformed whether parsing stopped at a bad packet
 */
public record RtcpFeedback(List<Report> reports, List<Nack> nacked, List<Integer> keyframeRequests,
                           List<ReferenceTime> referenceTimes, boolean malformed) {
    static final int SR = 200;
    static final int RR = 201;
    static final int RTPFB = 205;
    static final int PSFB = 206;
    static final int XR = 207;
    /** XR block type of a receiver reference time report (RFC 3611 section 4.4). */
    static final int RRTR = 4;

    /**
     * One report block.
     *
     * @param ssrc the source reported on (ours)
     * @param fractionLost lost since the last report, in 1/256
     * @param cumulativeLost packets lost in all (signed 24 bits)
     * @param highestSequence extended highest sequence number received
     * @param jitter interarrival jitter, in RTP clock units
     * @param lastSr middle 32 bits of the NTP time of our last SR, 0 if none
     * @param delaySinceLastSr the receiver's delay since that SR, in 1/65536 s
     */
    public record Report(int ssrc, int fractionLost, int cumulativeLost, long highestSequence, long jitter,
                         long lastSr, long delaySinceLastSr) {
    }

    /** Lost packets of one media SSRC. */
    public record Nack(int ssrc, List<Integer> sequences) {
    }

    /**
     * One receiver reference time report block.
     *
     * @param ssrc the browser's SSRC that sent it
     * @param lastRr the middle 32 bits of its NTP timestamp: the LRR a DLRR block echoes (RFC 3611 section 4.5)
     */
    public record ReferenceTime(int ssrc, long lastRr) {
    }

    /** Parses {@code len} bytes at {@code off}; never throws for bad input. */
    public static RtcpFeedback parse(byte[] b, int off, int len) {
        List<Report> reports = new ArrayList<>();
        List<Nack> nacks = new ArrayList<>();
        List<Integer> keyframes = new ArrayList<>();
        List<ReferenceTime> times = new ArrayList<>();
        int p = off;
        int end = off + len;
        boolean malformed = false;
        while (p + 4 <= end) {
            int v = (b[p] & 0xC0) >> 6;
            int count = b[p] & 0x1F;
            int type = b[p + 1] & 0xFF;
            int words = ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            int size = (words + 1) * 4;
            if (v != 2 || p + size > end) {
                malformed = true;
                break;
            }
            switch (type) {
                case SR -> blocks(b, p + 28, count, p + size, reports);
                case RR -> blocks(b, p + 8, count, p + size, reports);
                case RTPFB -> {
                    if (count == 1 && size >= 16) {
                        int media = readInt(b, p + 8);
                        List<Integer> seqs = new ArrayList<>();
                        for (int q = p + 12; q + 4 <= p + size; q += 4) {
                            int pid = ((b[q] & 0xFF) << 8) | (b[q + 1] & 0xFF);
                            int blp = ((b[q + 2] & 0xFF) << 8) | (b[q + 3] & 0xFF);
                            seqs.add(pid);
                            for (int bit = 0; bit < 16; bit++) {
                                if ((blp & (1 << bit)) != 0) {
                                    seqs.add((pid + bit + 1) & 0xFFFF);
                                }
                            }
                        }
                        nacks.add(new Nack(media, seqs));
                    }
                }
                case PSFB -> {
                    if (count == 1 && size >= 12) {
                        keyframes.add(readInt(b, p + 8)); // PLI: media source SSRC
                    } else if (count == 4 && size >= 20) {
                        keyframes.add(readInt(b, p + 12)); // FIR: the SSRC of the first FCI entry
                    }
                }
                case XR -> {
                    int sender = size >= 8 ? readInt(b, p + 4) : 0;
                    for (int q = p + 8; q + 4 <= p + size; ) {
                        int blockSize = (((b[q + 2] & 0xFF) << 8 | (b[q + 3] & 0xFF)) + 1) * 4;
                        if (q + blockSize > p + size) {
                            break;
                        }
                        if ((b[q] & 0xFF) == RRTR && blockSize == 12) {
                            long middle = (readInt(b, q + 4) & 0xFFFFL) << 16 | (readInt(b, q + 8) & 0xFFFF_FFFFL) >>> 16;
                            times.add(new ReferenceTime(sender, middle));
                        }
                        q += blockSize;
                    }
                }
                default -> {
                    // SDES, BYE, APP, REMB (206/15), transport-cc (205/15): not used
                }
            }
            p += size;
        }
        return new RtcpFeedback(reports, nacks, keyframes, times, malformed || (p != end && p + 4 > end));
    }

    private static void blocks(byte[] b, int start, int count, int end, List<Report> out) {
        for (int i = 0, q = start; i < count && q + 24 <= end; i++, q += 24) {
            int lost = ((b[q + 5] & 0xFF) << 16) | ((b[q + 6] & 0xFF) << 8) | (b[q + 7] & 0xFF);
            if ((lost & 0x80_0000) != 0) {
                lost |= 0xFF00_0000;
            }
            out.add(new Report(readInt(b, q), b[q + 4] & 0xFF, lost, readInt(b, q + 8) & 0xFFFF_FFFFL,
                    readInt(b, q + 12) & 0xFFFF_FFFFL, readInt(b, q + 16) & 0xFFFF_FFFFL, readInt(b, q + 20) & 0xFFFF_FFFFL));
        }
    }

    static int readInt(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }
}
