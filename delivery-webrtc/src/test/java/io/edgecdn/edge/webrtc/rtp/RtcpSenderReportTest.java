package io.edgecdn.edge.webrtc.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RtcpSenderReportTest {
    @Test
    void senderReport_carriesNtpRtpAndCounts_andParsesAsRtcp() {
        byte[] b = new byte[64];
        // 2026-12-04T00:00:00.250Z
        long wallMs = 1_796_342_400_250L;
        int n = RtcpSenderReport.write(b, 4, 0xCAFE_BABE, wallMs, 0x1_0000_0005L, 1234, 567_890);
        assertThat(n).isEqualTo(28);
        ByteBuffer p = ByteBuffer.wrap(b, 4, n);
        assertThat(p.get() & 0xFF).as("V=2, P=0, RC=0").isEqualTo(0x80);
        assertThat(p.get() & 0xFF).isEqualTo(200);
        assertThat(p.getShort()).as("length in words - 1").isEqualTo((short) 6);
        assertThat(p.getInt()).isEqualTo(0xCAFE_BABE);
        assertThat(p.getInt() & 0xFFFF_FFFFL).as("NTP seconds since 1900").isEqualTo(1_796_342_400L + 2_208_988_800L);
        assertThat(p.getInt() & 0xFFFF_FFFFL).as("a quarter second").isEqualTo(1L << 30);
        assertThat(p.getInt()).as("RTP timestamp wrapped to 32 bits").isEqualTo(5);
        assertThat(p.getInt()).isEqualTo(1234);
        assertThat(p.getInt()).isEqualTo(567_890);
        RtcpFeedback f = RtcpFeedback.parse(b, 4, n);
        assertThat(f.malformed()).isFalse();
        assertThat(f.reports()).isEmpty();
    }

    @Test
    void dlrr_echoesTheReferenceTimeAndTheDelay() {
        byte[] b = new byte[32];
        int n = RtcpSenderReport.dlrr(b, 4, 0xCAFE_BABE, 0x0BAD_CAFE, 0x1234_5678L, 0x0001_8000L);
        assertThat(n).isEqualTo(24);
        ByteBuffer p = ByteBuffer.wrap(b, 4, n);
        assertThat(p.get() & 0xFF).isEqualTo(0x80);
        assertThat(p.get() & 0xFF).as("XR").isEqualTo(207);
        assertThat(p.getShort()).isEqualTo((short) 5);
        assertThat(p.getInt()).isEqualTo(0xCAFE_BABE);
        assertThat(p.getInt()).as("BT 5, reserved, block length 3 words").isEqualTo(0x0500_0003);
        assertThat(p.getInt()).isEqualTo(0x0BAD_CAFE);
        assertThat(p.getInt()).isEqualTo(0x1234_5678);
        assertThat(p.getInt()).as("1.5 s in 1/65536 s").isEqualTo(0x0001_8000);
        assertThat(RtcpFeedback.parse(b, 4, n).malformed()).isFalse();
    }

    @Test
    void compactNtp_isTheMiddle32Bits() {
        long wallMs = 1_796_342_400_500L;
        long seconds = 1_796_342_400L + 2_208_988_800L;
        assertThat(RtcpSenderReport.compactNtp(wallMs)).isEqualTo(((seconds & 0xFFFF) << 16) | 0x8000);
    }

    @Test
    void sdes_hasOneCnameChunkPerSsrc_paddedTo32Bits() {
        byte[] b = new byte[128];
        int n = RtcpSenderReport.sdes(b, 0, new int[] {1, 2}, "edge-live/a");
        // header 4 + 2 x (SSRC 4 + type 1 + length 1 + 11 bytes + at least one null, padded to 20)
        assertThat(n).isEqualTo(44);
        assertThat(b[0] & 0xFF).isEqualTo(0x82);
        assertThat(b[1] & 0xFF).isEqualTo(202);
        assertThat(((b[2] & 0xFF) << 8 | (b[3] & 0xFF)) + 1).isEqualTo(n / 4);
        assertThat(ByteBuffer.wrap(b, 4, 4).getInt()).isEqualTo(1);
        assertThat(b[8]).isEqualTo((byte) 1);
        assertThat(b[9]).isEqualTo((byte) 11);
        assertThat(new String(b, 10, 11, StandardCharsets.UTF_8)).isEqualTo("edge-live/a");
        assertThat(b[21]).isZero();
        assertThat(ByteBuffer.wrap(b, 24, 4).getInt()).isEqualTo(2);
        assertThat(RtcpFeedback.parse(b, 0, n).malformed()).isFalse();
        assertThatThrownBy(() -> RtcpSenderReport.sdes(b, 0, new int[] {1}, "x".repeat(256))).isInstanceOf(IllegalArgumentException.class);
    }
}
