package io.edgecdn.edge.webrtc.rtp;

/**
 * The fixed RTP header (RFC 3550 section 5.1), 12 bytes: version 2, no padding, no extension, no
 * CSRC. Written per viewer, in front of a payload shared by all of them.
 */
public final class RtpHeader {
    /** Bytes of the fixed header. */
    public static final int BYTES = 12;
    /** The RTP clock of H.264 video (RFC 6184): 90 kHz. */
    public static final int VIDEO_CLOCK_HZ = 90_000;

    private RtpHeader() {
    }

    /**
     * Writes the header at {@code off}.
     *
     * @param payloadType 0-127, as negotiated in the SDP
     * @param sequence 16-bit sequence number (wraps)
     * @param timestamp 32-bit media timestamp in the clock of the payload type (wraps)
     * @param ssrc the synchronization source
     */
    public static void write(byte[] b, int off, boolean marker, int payloadType, int sequence, long timestamp, int ssrc) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type must be 0-127, got " + payloadType);
        }
        b[off] = (byte) 0x80;
        b[off + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        b[off + 2] = (byte) (sequence >> 8);
        b[off + 3] = (byte) sequence;
        b[off + 4] = (byte) (timestamp >> 24);
        b[off + 5] = (byte) (timestamp >> 16);
        b[off + 6] = (byte) (timestamp >> 8);
        b[off + 7] = (byte) timestamp;
        b[off + 8] = (byte) (ssrc >> 24);
        b[off + 9] = (byte) (ssrc >> 16);
        b[off + 10] = (byte) (ssrc >> 8);
        b[off + 11] = (byte) ssrc;
    }

    /** Overwrites the timestamp of the header at the start of {@code b} (32 bits, wraps). */
    public static void timestamp(byte[] b, long timestamp) {
        b[4] = (byte) (timestamp >> 24);
        b[5] = (byte) (timestamp >> 16);
        b[6] = (byte) (timestamp >> 8);
        b[7] = (byte) timestamp;
    }

    /**
     * Writes the retransmission of an RTP packet as an RTX packet (RFC 4588 section 4) into {@code
     * out}: the packet's header with the RTX payload type, sequence number and SSRC (marker bit
     * and timestamp kept), then the original sequence number (OSN), then the original payload.
     *
     * @param packet the original packet, a fixed header and its payload, {@code len} bytes
     * @param timestamp the timestamp to send, or -1 to keep the packet's
     * @return the RTX packet's length, {@code len + 2}
     * @throws IndexOutOfBoundsException when {@code out} holds fewer than {@code len + 2} bytes
     */
    public static int rtx(byte[] packet, int len, byte[] out, int payloadType, int sequence, int ssrc, long timestamp) {
        System.arraycopy(packet, RtpHeader.BYTES, out, BYTES + 2, len - BYTES);
        write(out, 0, (packet[1] & 0x80) != 0, payloadType, sequence,
                timestamp >= 0 ? timestamp : (packet[4] & 0xFFL) << 24 | (packet[5] & 0xFF) << 16 | (packet[6] & 0xFF) << 8 | (packet[7] & 0xFF),
                ssrc);
        out[BYTES] = packet[2];
        out[BYTES + 1] = packet[3];
        return len + 2;
    }

    /** A presentation time in ms on the 90 kHz clock, wrapped to 32 bits. */
    public static long videoTimestamp(long presentationTimeMs) {
        return (presentationTimeMs * 90) & 0xFFFF_FFFFL;
    }
}
