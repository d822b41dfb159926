package io.edgecdn.edge.webrtc.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The test vectors of RFC 5769, round trips, and malformed datagrams. */
class StunMessageTest {
    /** RFC 5769 section 2.1: a Binding request with USERNAME "evtj:h6vY", key "VOkJxbRl1RmTxUk/WvJxBt". */
    static final byte[] SAMPLE_REQUEST = HexFormat.of().parseHex(
            "000100582112a442b7e7a701bc34d686fa87dfae"
            + "802200105354554e207465737420636c69656e74"
            + "002400046e0001ff"
            + "80290008932ff9b151263b36"
            + "000600096576746a3a68367659202020"
            + "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
            + "80280004e57a3bcf");
    /** RFC 5769 section 2.2: the IPv4 response, XOR-MAPPED-ADDRESS 192.0.2.1:32853. */
    static final byte[] SAMPLE_IPV4_RESPONSE = HexFormat.of().parseHex(
            "0101003c2112a442b7e7a701bc34d686fa87dfae"
            + "8022000b7465737420766563746f7220"
            + "002000080001a147e112a643"
            + "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7"
            + "80280004c07d4c96");
    static final byte[] KEY = "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.UTF_8);

    @Test
    void rfc5769Request_integrityAndFingerprintCheck() throws Exception {
        StunMessage m = StunMessage.parse(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length);
        assertThat(m.type()).isEqualTo(StunMessage.BINDING_REQUEST);
        assertThat(m.username()).isEqualTo("evtj:h6vY");
        assertThat(m.attributeTypes()).containsExactly(StunMessage.SOFTWARE, StunMessage.PRIORITY, StunMessage.ICE_CONTROLLED,
                StunMessage.USERNAME, StunMessage.MESSAGE_INTEGRITY, StunMessage.FINGERPRINT);
        assertThat(m.hasValidIntegrity(KEY)).isTrue();
        assertThat(m.hasValidFingerprint()).isTrue();
        assertThat(m.hasValidIntegrity("wrong".getBytes(StandardCharsets.UTF_8))).isFalse();
        byte[] tampered = SAMPLE_REQUEST.clone();
        tampered[30] ^= 1; // inside SOFTWARE
        StunMessage t = StunMessage.parse(tampered, 0, tampered.length);
        assertThat(t.hasValidIntegrity(KEY)).isFalse();
        assertThat(t.hasValidFingerprint()).isFalse();
    }

    @Test
    void rfc5769Response_isWhatTheBuilderWrites() throws Exception {
        StunMessage m = StunMessage.parse(SAMPLE_IPV4_RESPONSE, 0, SAMPLE_IPV4_RESPONSE.length);
        InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);
        assertThat(m.xorMappedAddress()).isEqualTo(mapped);
        assertThat(m.hasValidIntegrity(KEY)).isTrue();
        assertThat(m.hasValidFingerprint()).isTrue();
        byte[] built = new StunMessage.Builder(StunMessage.BINDING_SUCCESS, m.transactionId())
                .attribute(StunMessage.SOFTWARE, "test vector".getBytes(StandardCharsets.UTF_8))
                .xorMappedAddress(mapped)
                .build(KEY, true);
        // the vector pads SOFTWARE with a space where we pad with 0: the padding is not covered by its length
        byte[] expected = SAMPLE_IPV4_RESPONSE.clone();
        expected[20 + 4 + 11] = 0;
        StunMessage rebuilt = StunMessage.parse(built, 0, built.length);
        assertThat(rebuilt.hasValidIntegrity(KEY)).isTrue();
        assertThat(rebuilt.hasValidFingerprint()).isTrue();
        assertThat(HexFormat.of().formatHex(built, 0, 52)).isEqualTo(HexFormat.of().formatHex(expected, 0, 52));
    }

    @Test
    void ipv6MappedAddressRoundTrips() throws Exception {
        byte[] tx = new byte[12];
        new Random(1).nextBytes(tx);
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
        byte[] b = new StunMessage.Builder(StunMessage.BINDING_SUCCESS, tx).xorMappedAddress(a).build(null, true);
        StunMessage m = StunMessage.parse(b, 0, b.length);
        assertThat(m.xorMappedAddress()).isEqualTo(a);
        assertThat(m.transactionId()).isEqualTo(tx);
        assertThat(m.hasValidFingerprint()).isTrue();
        assertThat(m.hasValidIntegrity(KEY)).as("no MESSAGE-INTEGRITY").isFalse();
    }

    @Test
    void malformedDatagramsAreNamed() {
        assertThatThrownBy(() -> StunMessage.parse(new byte[10], 0, 10)).isInstanceOf(StunException.class).hasMessageContaining("shorter");
        byte[] noCookie = SAMPLE_REQUEST.clone();
        noCookie[4] = 0;
        assertThatThrownBy(() -> StunMessage.parse(noCookie, 0, noCookie.length)).hasMessageContaining("magic cookie");
        assertThatThrownBy(() -> StunMessage.parse(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length - 4)).hasMessageContaining("message length");
        byte[] overrun = SAMPLE_REQUEST.clone();
        overrun[23] = (byte) 0xFF; // SOFTWARE claims 255 bytes
        assertThatThrownBy(() -> StunMessage.parse(overrun, 0, overrun.length)).hasMessageContaining("overruns");
        byte[] afterFingerprint = new byte[SAMPLE_REQUEST.length + 8];
        System.arraycopy(SAMPLE_REQUEST, 0, afterFingerprint, 0, SAMPLE_REQUEST.length);
        afterFingerprint[3] += 8;
        afterFingerprint[SAMPLE_REQUEST.length + 1] = 0x24;
        afterFingerprint[SAMPLE_REQUEST.length + 3] = 4;
        assertThatThrownBy(() -> StunMessage.parse(afterFingerprint, 0, afterFingerprint.length)).hasMessageContaining("follows FINGERPRINT");
        assertThat(StunMessage.looksLikeStun(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length)).isTrue();
        assertThat(StunMessage.looksLikeStun(new byte[] {22, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 0, 21))
                .as("a DTLS record").isFalse();
    }

    /** Random and bit-flipped datagrams: parsing either succeeds or throws StunException, never anything else. */
    @Test
    void fuzz_onlyStunExceptions() {
        Random r = new Random(42);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = SAMPLE_REQUEST.clone();
                for (int k = 0; k < 1 + r.nextInt(4); k++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            } else {
                b = new byte[r.nextInt(200)];
                r.nextBytes(b);
                if (b.length >= 20) {
                    b[0] &= 0x3F;
                    System.arraycopy(SAMPLE_REQUEST, 4, b, 4, 4);
                    b[2] = (byte) ((b.length - 20) >> 8);
                    b[3] = (byte) (b.length - 20);
                }
            }
            try {
                StunMessage m = StunMessage.parse(b, 0, b.length);
                m.hasValidIntegrity(KEY);
                m.hasValidFingerprint();
                m.username();
                try {
                    m.xorMappedAddress();
                } catch (StunException e) {
                    // a malformed address value is reported, not thrown as anything else
                }
                parsed++;
            } catch (StunException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
        assertThat(parsed).as("some mutations stay well-formed").isPositive();
    }
}
