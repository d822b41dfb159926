package io.edgecdn.media.rtmp;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The RTMP handshake (Adobe RTMP Specification 1.0, section 5.2): C0/S0 (version 3), C1/S1 and
 * C2/S2 of {@value #PACKET_SIZE} bytes each.
 *
 * <p>The client side sends the plain handshake: C1 carries a zero time and zero version, which
 * servers (nginx-rtmp, SRS, Wowza, MediaMTX) answer with the plain handshake too; S2 is read but
 * not checked, since servers differ in what they echo.
 */
public final class RtmpHandshake {
    /** Size in bytes of C1, S1, C2 and S2. */
    public static final int PACKET_SIZE = 1536;
    /** The RTMP version byte of C0 and S0. */
    public static final int VERSION = 3;

    private RtmpHandshake() {
    }

    /**
     * Runs the client side: sends C0+C1, reads S0+S1, sends C2 (S1 echoed), reads S2.
     *
     * @throws MalformedRtmpException when S0 names another version than 3
     * @throws IOException when the connection fails or ends
     */
    public static void client(RtmpInput in, OutputStream out) throws IOException {
        byte[] c0c1 = new byte[1 + PACKET_SIZE];
        c0c1[0] = VERSION;
        byte[] random = new byte[PACKET_SIZE - 8];
        ThreadLocalRandom.current().nextBytes(random);
        System.arraycopy(random, 0, c0c1, 9, random.length); // time 0, zero 0, then random bytes
        out.write(c0c1);
        out.flush();
        byte[] s0 = new byte[1];
        in.readFully(s0, 0, 1);
        if (s0[0] != VERSION) {
            throw new MalformedRtmpException("server answered the handshake with version " + (s0[0] & 0xFF) + ", expected 3");
        }
        byte[] s1 = new byte[PACKET_SIZE];
        in.readFully(s1, 0, PACKET_SIZE);
        out.write(s1); // C2 echoes S1 (time and random bytes)
        out.flush();
        byte[] s2 = new byte[PACKET_SIZE];
        in.readFully(s2, 0, PACKET_SIZE);
    }
}
