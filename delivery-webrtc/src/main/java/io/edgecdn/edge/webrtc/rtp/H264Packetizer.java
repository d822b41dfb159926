package io.edgecdn.edge.webrtc.rtp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * H.264 access units to RTP payloads, packetization-mode 1 of RFC 6184: a NAL unit that fits is
 * sent as it is (single NAL unit packet, section 5.6), a larger one in FU-A fragments (section
 * 5.8), and every IDR access unit starts with one STAP-A (section 5.7.1) carrying the SPS and PPS,
 * so that a viewer can decode from any keyframe. Access unit delimiters and in-band parameter
 * sets are not sent on their own (the latest in-band ones replace the sequence header's in the
 * STAP-A). Payloads are at most {@code maxPayload} bytes; the last one of an access unit has the
 * RTP marker bit. Runs once per stream: the payloads are shared by every viewer.
 */
public final class H264Packetizer {
    static final int STAP_A = 24;
    static final int FU_A = 28;
    private static final int IDR = 5;
    private static final int SPS = 7;
    private static final int PPS = 8;
    private static final int AUD = 9;

    private final int maxPayload;
    private byte[] sps = new byte[0];
    private byte[] pps = new byte[0];

    /**
     * One RTP payload.
     *
     * @param payload the bytes after the RTP header (position to limit)
     * @param marker whether it ends the access unit
     */
    public record Payload(ByteBuffer payload, boolean marker) {
    }

    /**
     * @param maxPayload largest payload in bytes (a 1200-byte MTU less the 12-byte RTP header and
     *     any header extension); at least 64
     */
    public H264Packetizer(int maxPayload) {
        if (maxPayload < 64) {
            throw new IllegalArgumentException("maxPayload must be at least 64 bytes, got " + maxPayload);
        }
        this.maxPayload = maxPayload;
    }

    /** Sets the parameter sets of a new sequence header (each a NAL unit with its header byte). */
    public void parameterSets(byte[] sps, byte[] pps) {
        this.sps = sps.clone();
        this.pps = pps.clone();
    }

    /**
     * Splits a length-prefixed access unit (the NAL units of an FLV AVC NALU tag, ISO/IEC 14496-15).
     *
     * @param au the NAL units, from position to limit
     * @param lengthSize bytes of each length prefix (1, 2 or 4, from the decoder configuration record)
     * @return slices of {@code au}, one per non-empty NAL unit
     * @throws IllegalArgumentException when a length overruns the access unit
     */
    public static List<ByteBuffer> nalUnits(ByteBuffer au, int lengthSize) {
        List<ByteBuffer> out = new ArrayList<>();
        int p = au.position();
        int end = au.limit();
        while (p < end) {
            if (end - p < lengthSize) {
                throw new IllegalArgumentException("a " + lengthSize + "-byte NAL length is cut off at byte " + (p - au.position()));
            }
            long n = 0;
            for (int i = 0; i < lengthSize; i++) {
                n = n << 8 | (au.get(p + i) & 0xFF);
            }
            p += lengthSize;
            if (n > end - p) {
                throw new IllegalArgumentException("NAL length " + n + " overruns the access unit (" + (end - p) + " bytes left)");
            }
            if (n > 0) {
                out.add(au.slice(p, (int) n));
            }
            p += (int) n;
        }
        return out;
    }

    /**
     * The RTP payloads of one access unit, in order; empty when it has nothing to send.
     *
     * @param nals its NAL units, each starting with its header byte (not modified)
     */
    public List<Payload> packetize(List<ByteBuffer> nals) {
        List<ByteBuffer> send = new ArrayList<>(nals.size() + 1);
        boolean idr = false;
        for (ByteBuffer nal : nals) {
            int type = nal.get(nal.position()) & 0x1F;
            switch (type) {
                case SPS -> sps = bytes(nal);
                case PPS -> pps = bytes(nal);
                case AUD -> { }
                default -> {
                    idr |= type == IDR;
                    send.add(nal);
                }
            }
        }
        List<Payload> out = new ArrayList<>();
        if (send.isEmpty()) {
            return out;
        }
        if (idr && sps.length > 0 && pps.length > 0) {
            out.add(new Payload(stapA(sps, pps), false));
        }
        for (int i = 0; i < send.size(); i++) {
            fragment(send.get(i), i == send.size() - 1, out);
        }
        return out;
    }

    private void fragment(ByteBuffer nal, boolean lastNal, List<Payload> out) {
        int size = nal.remaining();
        if (size <= maxPayload) {
            out.add(new Payload(nal.duplicate(), lastNal));
            return;
        }
        int header = nal.get(nal.position()) & 0xFF;
        int indicator = (header & 0xE0) | FU_A; // F and NRI of the NAL unit
        int type = header & 0x1F;
        int p = nal.position() + 1; // the header byte is carried by the FU indicator and header
        int end = nal.limit();
        int chunk = maxPayload - 2;
        boolean first = true;
        while (p < end) {
            int n = Math.min(chunk, end - p);
            boolean last = p + n == end;
            byte[] b = new byte[2 + n];
            b[0] = (byte) indicator;
            b[1] = (byte) ((first ? 0x80 : 0) | (last ? 0x40 : 0) | type);
            nal.get(p, b, 2, n);
            out.add(new Payload(ByteBuffer.wrap(b), last && lastNal));
            p += n;
            first = false;
        }
    }

    /** A STAP-A of two NAL units; larger than {@code maxPayload} only for absurd parameter sets, which then go as they are. */
    private ByteBuffer stapA(byte[] a, byte[] b) {
        int f = (a[0] | b[0]) & 0x80;
        int nri = Math.max(a[0] & 0x60, b[0] & 0x60);
        ByteBuffer out = ByteBuffer.allocate(1 + 2 + a.length + 2 + b.length);
        out.put((byte) (f | nri | STAP_A));
        out.putShort((short) a.length).put(a);
        out.putShort((short) b.length).put(b);
        return out.flip();
    }

    private static byte[] bytes(ByteBuffer nal) {
        byte[] b = new byte[nal.remaining()];
        nal.get(nal.position(), b);
        return b;
    }
}
