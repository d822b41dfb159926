package io.edgecdn.edge.webrtc.ice;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * RFC 4571 framing of STUN, DTLS and SRTP packets on an ICE-TCP connection (RFC 6544 section 3.1):
 * each packet is preceded by its length, 16 bits, network order. {@link #feed} takes the bytes of
 * the stream as they are read, in chunks of any size, and hands out each complete packet; {@link
 * #frame} prefixes one packet for sending. Memory is bounded: at most one packet (64 KiB) is held
 * across reads. A zero length is a protocol error here (no packet of ICE, DTLS or SRTP is empty),
 * as is a packet over {@link #maxPacket}, so that a broken peer is closed rather than followed.
 * Confined to one connection's reader.
 */
public final class Rfc4571Framing {
    /** The largest packet the 16-bit length can give, bytes. */
    public static final int MAX_FRAMED = 0xFFFF;

    /** Thrown for a length the connection cannot be carrying. */
    public static final class FramingException extends Exception {
        FramingException(String message) {
            super(message);
        }
    }

    private final int maxPacket;
    private final byte[] length = new byte[2];
    private int lengthRead;
    private byte @Nullable [] packet;
    private int packetRead;
    private long packets;

    /**
     * @param maxPacket the largest packet accepted, bytes, 1-{@value #MAX_FRAMED} (a WHEP session's
     *     are at most a few kB: an MTU-sized SRTP packet, a DTLS flight record)
     * @throws IllegalArgumentException for a bound outside 1-{@value #MAX_FRAMED}
     */
    public Rfc4571Framing(int maxPacket) {
        if (maxPacket < 1 || maxPacket > MAX_FRAMED) {
            throw new IllegalArgumentException("maxPacket " + maxPacket + " must be 1-" + MAX_FRAMED);
        }
        this.maxPacket = maxPacket;
    }

    /**
     * Reads the bytes of {@code in} (position to limit) and hands each packet they complete to
     * {@code out}, as a buffer of its own (position 0, limit its length) that the receiver may keep.
     *
     * @throws FramingException at a length of 0 or over the bound, naming it and how many
     *     packets came before it; the connection should be closed (the framing is lost)
     */
    public void feed(ByteBuffer in, Consumer<ByteBuffer> out) throws FramingException {
        while (in.hasRemaining()) {
            byte[] p = packet;
            if (p == null) {
                length[lengthRead++] = in.get();
                if (lengthRead < 2) {
                    continue;
                }
                lengthRead = 0;
                int n = (length[0] & 0xFF) << 8 | (length[1] & 0xFF);
                if (n == 0 || n > maxPacket) {
                    throw new FramingException("RFC 4571 length " + n + " after " + packets + " packets: must be 1-" + maxPacket);
                }
                p = new byte[n];
                packet = p;
                packetRead = 0;
            }
            int take = Math.min(in.remaining(), p.length - packetRead);
            in.get(p, packetRead, take);
            packetRead += take;
            if (packetRead == p.length) {
                packet = null;
                packets++;
                out.accept(ByteBuffer.wrap(p));
            }
        }
    }

    /** Packets handed out so far. */
    public long packets() {
        return packets;
    }

    /** Bytes of an unfinished packet (with its length) held now, at most 2 + {@code maxPacket}. */
    public int buffered() {
        return packet == null ? lengthRead : 2 + packetRead;
    }

    /**
     * One packet with its length in front, ready to write.
     *
     * @param packet position to limit is the packet
     * @throws IllegalArgumentException for an empty packet or one over {@value #MAX_FRAMED} bytes
     */
    public static ByteBuffer frame(ByteBuffer packet) {
        int n = packet.remaining();
        if (n == 0 || n > MAX_FRAMED) {
            throw new IllegalArgumentException("an RFC 4571 packet is 1-" + MAX_FRAMED + " bytes, got " + n);
        }
        ByteBuffer b = ByteBuffer.allocate(2 + n);
        b.putShort((short) n).put(packet.duplicate()).flip();
        return b;
    }
}
