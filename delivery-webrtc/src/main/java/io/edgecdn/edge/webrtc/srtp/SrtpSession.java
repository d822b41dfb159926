package io.edgecdn.edge.webrtc.srtp;

import io.edgecdn.edge.webrtc.dtls.SrtpKeys;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * The SRTP and SRTCP contexts of one WHEP session, seen from the node (the DTLS server): what it
 * sends is protected with the server write keys, what the browser sends is checked and decrypted
 * with the client write keys. One crypto context per SSRC, made at its first packet with a rollover
 * counter of 0 (each session's SRTP starts at the first packet that session is sent).
 *
 * <p>Sizes: protection appends the authentication tag (10 bytes for AES-CM with HMAC-SHA1-80, 16
 * for AES-GCM) and, for SRTCP, a 4-byte index; the buffer passed in must have {@value #OVERHEAD}
 * bytes free after the packet. Sending (protect) and receiving (unprotect) may run on two threads; each is for one thread at a time.
 */
public final class SrtpSession implements AutoCloseable {
    /** Bytes a protected packet may grow by: SRTCP index (4) plus the longest tag (16). */
    public static final int OVERHEAD = 20;

    private final SrtpContextFactory sender;
    private final SrtpContextFactory receiver;
    private final Map<Integer, SrtpCryptoContext> rtpOut = new HashMap<>();
    private final Map<Integer, SrtcpCryptoContext> rtcpOut = new HashMap<>();
    private final Map<Integer, SrtcpCryptoContext> rtcpIn = new HashMap<>();
    private final Packet outPacket = new Packet();
    private final Packet inPacket = new Packet();

    /**
     * Protects one RTP and one RTCP packet of each profile with throwaway keys, so that the
     * one-time costs of the first use (jitsi-srtp picks its AES implementation by timing the
     * candidates; class loading; about 1.3 s on a 2-core machine) are paid at start-up and not by
     * the first viewer's media, which would otherwise stall and then reach the browser in a burst.
     *
     * @return the time it took, in ms
     */
    public static long warmUp() {
        long t0 = System.nanoTime();
        java.util.Random r = new java.util.Random();
        for (int profile : new int[] {SrtpKeys.AEAD_AES_128_GCM, SrtpKeys.AES128_CM_HMAC_SHA1_80}) {
            byte[][] k = new byte[4][];
            for (int i = 0; i < 4; i++) {
                k[i] = new byte[i % 2 == 0 ? SrtpKeys.keyLength(profile) : SrtpKeys.saltLength(profile)];
                r.nextBytes(k[i]);
            }
            try (SrtpSession s = new SrtpSession(new SrtpKeys(profile, k[0], k[1], k[2], k[3]))) {
                byte[] rtp = new byte[12 + 100 + OVERHEAD];
                rtp[0] = (byte) 0x80;
                rtp[1] = 96;
                s.protectRtp(rtp, 0, 112);
                byte[] rtcp = new byte[8 + OVERHEAD];
                rtcp[0] = (byte) 0x80;
                rtcp[1] = (byte) 201; // an empty receiver report
                rtcp[3] = 1;
                s.protectRtcp(rtcp, 0, 8);
            }
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    public SrtpSession(SrtpKeys keys) {
        SrtpPolicy policy = policy(keys.profile());
        LoggerImpl log = new LoggerImpl(SrtpSession.class.getName(), Level.WARNING);
        this.sender = new SrtpContextFactory(true, keys.serverKey(), keys.serverSalt(), policy, policy, log);
        this.receiver = new SrtpContextFactory(false, keys.clientKey(), keys.clientSalt(), policy, policy, log);
    }

    private static SrtpPolicy policy(int profile) {
        return switch (profile) {
            case SrtpKeys.AES128_CM_HMAC_SHA1_80 ->
                    new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
            case SrtpKeys.AEAD_AES_128_GCM ->
                    new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12);
            default -> throw new IllegalArgumentException("unsupported SRTP profile " + SrtpKeys.name(profile));
        };
    }

    /**
     * Protects an RTP packet in place.
     *
     * @param b holds the packet at {@code off}, with {@link #OVERHEAD} bytes free after it
     * @return the protected length in bytes
     * @throws IllegalStateException when the packet cannot be protected (shorter than an RTP header)
     */
    public int protectRtp(byte[] b, int off, int len) {
        int ssrc = readInt(b, off + 8);
        try {
            SrtpCryptoContext c = rtpOut.get(ssrc);
            if (c == null) {
                c = sender.deriveContext(ssrc, 0);
                rtpOut.put(ssrc, c);
            }
            outPacket.set(b, off, len);
            SrtpErrorStatus s = c.transformPacket(outPacket);
            if (s != SrtpErrorStatus.OK) {
                throw new IllegalStateException("SRTP protect failed: " + s.desc);
            }
            return outPacket.getLength();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SRTP protect failed: " + e, e);
        }
    }

    /** Protects an RTCP compound packet in place; as {@link #protectRtp}. */
    public int protectRtcp(byte[] b, int off, int len) {
        int ssrc = readInt(b, off + 4);
        try {
            SrtcpCryptoContext c = rtcpOut.get(ssrc);
            if (c == null) {
                c = sender.deriveControlContext(ssrc);
                rtcpOut.put(ssrc, c);
            }
            outPacket.set(b, off, len);
            SrtpErrorStatus s = c.transformPacket(outPacket);
            if (s != SrtpErrorStatus.OK) {
                throw new IllegalStateException("SRTCP protect failed: " + s.desc);
            }
            return outPacket.getLength();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SRTCP protect failed: " + e, e);
        }
    }

    /**
     * Checks and decrypts an SRTCP packet from the browser in place.
     *
     * @return the plain RTCP length in bytes, or -1 when it fails authentication, is a replay or
     *     is malformed (the caller counts and drops it)
     */
    public int unprotectRtcp(byte[] b, int off, int len) {
        if (len < 8 + 4 + 10) {
            return -1;
        }
        int ssrc = readInt(b, off + 4);
        try {
            SrtcpCryptoContext c = rtcpIn.get(ssrc);
            if (c == null) {
                if (rtcpIn.size() >= 16) { // a browser has a handful of SSRCs; bound what a peer can make us keep
                    return -1;
                }
                c = receiver.deriveControlContext(ssrc);
                rtcpIn.put(ssrc, c);
            }
            inPacket.set(b, off, len);
            return c.reverseTransformPacket(inPacket) == SrtpErrorStatus.OK ? inPacket.getLength() : -1;
        } catch (GeneralSecurityException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        sender.close();
        receiver.close();
    }

    private static int readInt(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }

    /** A view of the caller's buffer for jitsi-srtp; growth stays within the buffer. */
    private static final class Packet implements ByteArrayBuffer {
        private byte[] buffer = new byte[0];
        private int offset;
        private int length;

        void set(byte[] b, int off, int len) {
            buffer = b;
            offset = off;
            length = len;
        }

        @Override
        public byte[] getBuffer() {
            return buffer;
        }

        @Override
        public int getOffset() {
            return offset;
        }

        @Override
        public int getLength() {
            return length;
        }

        @Override
        public void setLength(int len) {
            length = len;
        }

        @Override
        public void setOffset(int off) {
            offset = off;
        }

        @Override
        public boolean isInvalid() {
            return false;
        }

        @Override
        public void readRegionToBuff(int off, int len, byte[] outBuf) {
            System.arraycopy(buffer, offset + off, outBuf, 0, len);
        }

        @Override
        public void grow(int howMuch) {
            if (offset + length + howMuch > buffer.length) {
                throw new IllegalStateException("no room for " + howMuch + " more bytes after the packet");
            }
        }

        @Override
        public void append(byte[] data, int len) {
            grow(len);
            System.arraycopy(data, 0, buffer, offset + length, len);
            length += len;
        }

        @Override
        public void shrink(int len) {
            length = Math.max(0, length - len);
        }
    }
}
