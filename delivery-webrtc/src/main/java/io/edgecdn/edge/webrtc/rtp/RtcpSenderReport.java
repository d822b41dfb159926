package io.edgecdn.edge.webrtc.rtp;

import java.nio.charset.StandardCharsets;

/**
 * RTCP sender reports (RFC 3550 section 6.4.1) and the SDES CNAME that goes with them (section
 * 6.5.1), which a receiver needs to play the audio and video tracks of one CNAME in sync: each SR
 * ties its track's RTP timestamp to one NTP wall-clock time, and the node writes the SRs of both
 * tracks from the same instant and the same media timeline.
 */
public final class RtcpSenderReport {
    /** Bytes of one SR without report blocks. */
    public static final int SR_BYTES = 28;
    /** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
    static final long NTP_UNIX_OFFSET_S = 2_208_988_800L;

    private RtcpSenderReport() {
    }

    /**
     * Writes one SR with no report blocks at {@code off}.
     *
     * @param wallMs the wall-clock time the report stands for, Unix ms
     * @param rtpTimestamp the track's RTP timestamp at that time (wrapped to 32 bits here)
     * @param packets RTP packets sent on the SSRC so far
     * @param octets RTP payload bytes sent on the SSRC so far
     * @return {@value #SR_BYTES}
     */
    public static int write(byte[] b, int off, int ssrc, long wallMs, long rtpTimestamp, long packets, long octets) {
        b[off] = (byte) 0x80;
        b[off + 1] = (byte) 200;
        b[off + 2] = 0;
        b[off + 3] = 6;
        putInt(b, off + 4, ssrc);
        long seconds = Math.floorDiv(wallMs, 1000) + NTP_UNIX_OFFSET_S;
        long fraction = (Math.floorMod(wallMs, 1000L) << 32) / 1000;
        putInt(b, off + 8, (int) seconds);
        putInt(b, off + 12, (int) fraction);
        putInt(b, off + 16, (int) rtpTimestamp);
        putInt(b, off + 20, (int) packets);
        putInt(b, off + 24, (int) octets);
        return SR_BYTES;
    }

    /**
     * Writes an SDES packet with one CNAME chunk per SSRC at {@code off}.
     *
     * @param cname at most 255 bytes of UTF-8
     * @return the bytes written (a multiple of 4)
     * @throws IllegalArgumentException for more than 31 SSRCs or a CNAME over 255 bytes
     */
    public static int sdes(byte[] b, int off, int[] ssrcs, String cname) {
        byte[] name = cname.getBytes(StandardCharsets.UTF_8);
        if (ssrcs.length > 31 || name.length > 255) {
            throw new IllegalArgumentException("SDES: at most 31 chunks and a CNAME of 255 bytes");
        }
        int chunk = (4 + 2 + name.length + 1 + 3) & ~3; // SSRC, CNAME item, at least one null octet, padded to 32 bits
        int size = 4 + chunk * ssrcs.length;
        b[off] = (byte) (0x80 | ssrcs.length);
        b[off + 1] = (byte) 202;
        b[off + 2] = (byte) ((size / 4 - 1) >> 8);
        b[off + 3] = (byte) (size / 4 - 1);
        int p = off + 4;
        for (int ssrc : ssrcs) {
            putInt(b, p, ssrc);
            b[p + 4] = 1; // CNAME
            b[p + 5] = (byte) name.length;
            System.arraycopy(name, 0, b, p + 6, name.length);
            for (int q = p + 6 + name.length; q < p + chunk; q++) {
                b[q] = 0;
            }
            p += chunk;
        }
        return size;
    }

    /** Bytes of an extended report with one DLRR sub-block. */
    public static final int DLRR_BYTES = 24;

    /**
     * Writes an extended report (RTCP XR, RFC 3611 section 2) holding one DLRR block (section 4.5)
     * at {@code off}: the answer to a receiver reference time report, from which the receiver
     * computes its round trip as arrival − LRR − DLRR.
     *
     * @param ssrc our SSRC, the report's sender
     * @param receiverSsrc the SSRC of the browser that sent the reference time
     * @param lastRr the middle 32 bits of that reference time's NTP timestamp
     * @param delay the time since that reference time arrived, in 1/65536 s (at most 32 bits)
     * @return {@value #DLRR_BYTES}
     */
    public static int dlrr(byte[] b, int off, int ssrc, int receiverSsrc, long lastRr, long delay) {
        b[off] = (byte) 0x80;
        b[off + 1] = (byte) 207;
        b[off + 2] = 0;
        b[off + 3] = (byte) (DLRR_BYTES / 4 - 1);
        putInt(b, off + 4, ssrc);
        b[off + 8] = 5; // DLRR
        b[off + 9] = 0;
        b[off + 10] = 0;
        b[off + 11] = 3; // one sub-block of three words
        putInt(b, off + 12, receiverSsrc);
        putInt(b, off + 16, (int) lastRr);
        putInt(b, off + 20, (int) Math.min(delay, 0xFFFF_FFFFL));
        return DLRR_BYTES;
    }

    /** The middle 32 bits of the NTP time of {@code wallMs}: the LSR a receiver report echoes (RFC 3550 6.4.1). */
    public static long compactNtp(long wallMs) {
        long seconds = Math.floorDiv(wallMs, 1000) + NTP_UNIX_OFFSET_S;
        long fraction = (Math.floorMod(wallMs, 1000L) << 32) / 1000;
        return ((seconds & 0xFFFF) << 16 | fraction >>> 16) & 0xFFFF_FFFFL;
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >> 24);
        b[off + 1] = (byte) (v >> 16);
        b[off + 2] = (byte) (v >> 8);
        b[off + 3] = (byte) v;
    }
}
