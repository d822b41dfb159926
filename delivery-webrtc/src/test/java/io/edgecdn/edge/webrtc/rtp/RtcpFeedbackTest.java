package io.edgecdn.edge.webrtc.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtcpFeedbackTest {
    private static final int OURS = 0x1234_5678;
    private static final int BROWSER = 0x0BAD_CAFE;

    /** An RTCP header (RFC 3550 section 6.4.1) for a packet of {@code words + 1} 32-bit words. */
    private static ByteBuffer packet(int count, int type, int words) {
        ByteBuffer b = ByteBuffer.allocate((words + 1) * 4);
        b.put((byte) (0x80 | count)).put((byte) type).putShort((short) words);
        return b;
    }

    private static byte[] rr(int fractionLost, int cumulativeLost, int highest, int jitter, int lsr, int dlsr) {
        ByteBuffer b = packet(1, 201, 7);
        b.putInt(BROWSER);
        b.putInt(OURS).put((byte) fractionLost).put((byte) (cumulativeLost >> 16)).put((byte) (cumulativeLost >> 8))
                .put((byte) cumulativeLost).putInt(highest).putInt(jitter).putInt(lsr).putInt(dlsr);
        return b.array();
    }

    private static byte[] nack(int pid, int blp) {
        ByteBuffer b = packet(1, 205, 3);
        b.putInt(BROWSER).putInt(OURS).putShort((short) pid).putShort((short) blp);
        return b.array();
    }

    private static byte[] pli() {
        return packet(1, 206, 2).putInt(BROWSER).putInt(OURS).array();
    }

    private static byte[] fir() {
        return packet(4, 206, 4).putInt(BROWSER).putInt(0).putInt(OURS).putInt(7 << 24).array();
    }

    private static byte[] sdes() {
        ByteBuffer b = packet(1, 202, 2);
        b.putInt(BROWSER).put((byte) 1).put((byte) 2).put((byte) 'a').put((byte) 'b');
        return b.array();
    }

    /** An XR packet (RFC 3611) with an unknown block, then a receiver reference time block. */
    private static byte[] xr(int msw, int lsw) {
        ByteBuffer b = packet(0, 207, 1 + 3 + 3);
        b.putInt(BROWSER);
        b.put((byte) 42).put((byte) 0).putShort((short) 2).putInt(-1).putInt(-1); // BT 42, skipped by its length
        b.put((byte) 4).put((byte) 0).putShort((short) 2).putInt(msw).putInt(lsw);
        return b.array();
    }

    private static byte[] compound(byte[]... packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : packets) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void compound_receiverReportNackAndPli_areRead_andSdesIsSkipped() {
        byte[] b = compound(rr(64, -3, 70_000, 450, 0xABCD_0001, 0x0001_8000), sdes(), nack(65_530, 0b1000_0000_0000_0101), pli());

        RtcpFeedback f = RtcpFeedback.parse(b, 0, b.length);

        assertThat(f.malformed()).isFalse();
        assertThat(f.reports()).containsExactly(new RtcpFeedback.Report(OURS, 64, -3, 70_000, 450, 0xABCD_0001L, 0x0001_8000L));
        assertThat(f.nacked()).hasSize(1);
        assertThat(f.nacked().get(0).ssrc()).isEqualTo(OURS);
        assertThat(f.nacked().get(0).sequences()).as("PID, then BLP bits 0, 2 and 15, wrapping at 65535")
                .containsExactly(65_530, 65_531, 65_533, 10);
        assertThat(f.keyframeRequests()).containsExactly(OURS);
    }

    @Test
    void extendedReport_receiverReferenceTime_givesTheMiddle32BitsOfItsNtpTime() {
        byte[] b = compound(rr(0, 0, 1, 0, 0, 0), xr(0xE2D0_1234, 0x5678_9ABC));

        RtcpFeedback f = RtcpFeedback.parse(b, 0, b.length);

        assertThat(f.malformed()).isFalse();
        assertThat(f.referenceTimes()).containsExactly(new RtcpFeedback.ReferenceTime(BROWSER, 0x1234_5678L));
        byte[] cut = xr(1, 2);
        cut[11] = 9; // the first block claims more words than the packet has: nothing read, no exception
        assertThat(RtcpFeedback.parse(cut, 0, cut.length).referenceTimes()).isEmpty();
    }

    @Test
    void fir_asksForAKeyframeOfTheFirstEntrysSsrc() {
        byte[] b = fir();
        assertThat(RtcpFeedback.parse(b, 0, b.length).keyframeRequests()).containsExactly(OURS);
    }

    @Test
    void senderReport_blocksAfterTheSenderInfo_areRead() {
        ByteBuffer b = packet(1, 200, 12);
        b.putInt(BROWSER).putLong(0).putInt(0).putInt(0).putInt(0); // sender info: NTP, RTP ts, counts
        b.putInt(OURS).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 5).putInt(100).putInt(9).putInt(0).putInt(0);
        RtcpFeedback f = RtcpFeedback.parse(b.array(), 0, b.capacity());
        assertThat(f.reports()).extracting(RtcpFeedback.Report::cumulativeLost).containsExactly(5);
    }

    @Test
    void badLengthOrVersion_stopsParsing_keepsWhatCameBefore() {
        byte[] good = pli();
        byte[] truncated = compound(good, nack(5, 0));
        RtcpFeedback f = RtcpFeedback.parse(truncated, 0, truncated.length - 2);
        assertThat(f.keyframeRequests()).containsExactly(OURS);
        assertThat(f.nacked()).isEmpty();
        assertThat(f.malformed()).isTrue();

        byte[] v1 = compound(good, pli());
        v1[good.length] = (byte) 0x41;
        RtcpFeedback g = RtcpFeedback.parse(v1, 0, v1.length);
        assertThat(g.keyframeRequests()).hasSize(1);
        assertThat(g.malformed()).isTrue();
    }

    @Test
    void offsetAndLength_areHonoured() {
        byte[] p = pli();
        byte[] framed = new byte[p.length + 10];
        System.arraycopy(p, 0, framed, 7, p.length);
        RtcpFeedback f = RtcpFeedback.parse(framed, 7, p.length);
        assertThat(f.keyframeRequests()).containsExactly(OURS);
        assertThat(f.malformed()).isFalse();
    }

    @Test
    void randomBytes_neverThrow() {
        Random r = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(120)];
            r.nextBytes(b);
            if (b.length > 0 && r.nextBoolean()) {
                b[0] = (byte) (0x80 | (b[0] & 0x3F)); // version 2, so that parsing goes past the first header
            }
            RtcpFeedback f = RtcpFeedback.parse(b, 0, b.length);
            assertThat(f.reports().size() + f.nacked().size() + f.keyframeRequests().size()).isLessThanOrEqualTo(b.length);
        }
    }
}
