package io.edgecdn.edge.webrtc.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RtpHeaderTest {
    private static byte[] packet(boolean marker, int seq, long ts) {
        byte[] p = new byte[RtpHeader.BYTES + 5];
        RtpHeader.write(p, 0, marker, 102, seq, ts, 0x1111_2222);
        System.arraycopy(new byte[] {0x7C, 1, 2, 3, 4}, 0, p, RtpHeader.BYTES, 5);
        return p;
    }

    @Test
    void rtx_carriesTheOriginalSequenceNumberAheadOfThePayload_onItsOwnSsrcAndSequence() {
        byte[] out = new byte[64];
        int n = RtpHeader.rtx(packet(true, 0xFFFE, 0xFFFF_FFF0L), 17, out, 103, 7, 0x3333_4444, -1);

        assertThat(n).isEqualTo(19);
        ByteBuffer b = ByteBuffer.wrap(out, 0, n);
        assertThat(b.get() & 0xFF).isEqualTo(0x80);
        assertThat(b.get() & 0xFF).as("marker kept, RTX payload type").isEqualTo(0x80 | 103);
        assertThat(b.getShort() & 0xFFFF).as("the RTX stream's own sequence number").isEqualTo(7);
        assertThat(b.getInt() & 0xFFFF_FFFFL).as("the original timestamp").isEqualTo(0xFFFF_FFF0L);
        assertThat(b.getInt()).isEqualTo(0x3333_4444);
        assertThat(b.getShort() & 0xFFFF).as("OSN, RFC 4588 section 4").isEqualTo(0xFFFE);
        assertThat(out).containsSubsequence((byte) 0x7C, (byte) 1, (byte) 2, (byte) 3, (byte) 4);
        assertThat(out[18]).isEqualTo((byte) 4);
    }

    @Test
    void rtx_givenATimestamp_sendsThatOne_andKeepsAClearedMarker() {
        byte[] out = new byte[64];
        RtpHeader.rtx(packet(false, 5, 1000), 17, out, 103, 8, 0x3333_4444, 90);

        assertThat(out[1] & 0xFF).isEqualTo(103);
        assertThat(ByteBuffer.wrap(out, 4, 4).getInt()).isEqualTo(90);
        assertThat(ByteBuffer.wrap(out, 12, 2).getShort()).isEqualTo((short) 5);
    }
}
