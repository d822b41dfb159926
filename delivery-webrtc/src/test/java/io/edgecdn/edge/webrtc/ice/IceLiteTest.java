package io.edgecdn.edge.webrtc.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecdn.edge.webrtc.stun.StunMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ICE-lite checks as a browser sends them: USERNAME "ours:theirs", keyed with our ice-pwd. */
class IceLiteTest {
    private static final String UFRAG = "e1a2";
    private static final String PWD = "an-ice-pwd-of-22-chars";
    private final IceLite ice = new IceLite(Map.of(UFRAG, PWD)::get);
    private final InetSocketAddress from = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_123);
    private final byte[] tx = new byte[12];

    IceLiteTest() {
        new Random(7).nextBytes(tx);
    }

    private byte[] check(String username, String pwd, boolean useCandidate) {
        StunMessage.Builder b = new StunMessage.Builder(StunMessage.BINDING_REQUEST, tx)
                .attribute(StunMessage.USERNAME, username.getBytes(StandardCharsets.UTF_8))
                .attribute(StunMessage.PRIORITY, new byte[] {0x6e, 0, 1, (byte) 0xff})
                .attribute(StunMessage.ICE_CONTROLLING, new byte[8]);
        if (useCandidate) {
            b.attribute(StunMessage.USE_CANDIDATE, new byte[0]);
        }
        return b.build(pwd.getBytes(StandardCharsets.UTF_8), true);
    }

    @Test
    void aValidCheckIsAnsweredWithTheSourceAddress() throws Exception {
        byte[] req = check(UFRAG + ":peer", PWD, false);
        IceLite.Outcome o = ice.handle(req, 0, req.length, from);
        assertThat(o).isInstanceOf(IceLite.Answered.class);
        IceLite.Answered a = (IceLite.Answered) o;
        assertThat(a.localUfrag()).isEqualTo(UFRAG);
        assertThat(a.nominated()).isFalse();
        StunMessage resp = StunMessage.parse(a.response(), 0, a.response().length);
        assertThat(resp.type()).isEqualTo(StunMessage.BINDING_SUCCESS);
        assertThat(resp.transactionId()).isEqualTo(tx);
        assertThat(resp.xorMappedAddress()).isEqualTo(from);
        assertThat(resp.hasValidIntegrity(PWD.getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(resp.hasValidFingerprint()).isTrue();

        byte[] nominate = check(UFRAG + ":peer", PWD, true);
        assertThat(((IceLite.Answered) ice.handle(nominate, 0, nominate.length, from)).nominated()).isTrue();
    }

    @Test
    void wrongCredentialsGet401_missingOnesGet400() throws Exception {
        byte[] wrongPwd = check(UFRAG + ":peer", "not-the-password-at-all", false);
        assertThat(errorCode(ice.handle(wrongPwd, 0, wrongPwd.length, from))).isEqualTo(401);
        byte[] unknown = check("zzzz:peer", PWD, false);
        IceLite.Outcome o = ice.handle(unknown, 0, unknown.length, from);
        assertThat(errorCode(o)).isEqualTo(401);
        assertThat(o.why()).contains("zzzz");
        byte[] bare = new StunMessage.Builder(StunMessage.BINDING_REQUEST, tx).build(null, true);
        assertThat(errorCode(ice.handle(bare, 0, bare.length, from))).isEqualTo(400);
    }

    @Test
    void indicationsResponsesAndGarbageAreIgnored() {
        byte[] ind = new StunMessage.Builder(StunMessage.BINDING_INDICATION, tx).build(null, true);
        assertThat(ice.handle(ind, 0, ind.length, from)).isInstanceOf(IceLite.Ignored.class);
        byte[] req = check(UFRAG + ":peer", PWD, false);
        req[req.length - 1] ^= 1; // FINGERPRINT
        assertThat(ice.handle(req, 0, req.length, from).why()).isEqualTo("wrong FINGERPRINT");
        byte[] junk = new byte[64];
        new Random(3).nextBytes(junk);
        assertThat(ice.handle(junk, 0, junk.length, from)).isInstanceOf(IceLite.Ignored.class);
    }

    private static int errorCode(IceLite.Outcome o) throws Exception {
        assertThat(o).isInstanceOf(IceLite.Refused.class);
        byte[] r = ((IceLite.Refused) o).response();
        StunMessage m = StunMessage.parse(r, 0, r.length);
        assertThat(m.type()).isEqualTo(StunMessage.BINDING_ERROR);
        byte[] ec = m.attribute(StunMessage.ERROR_CODE);
        assertThat(ec).isNotNull();
        return (ec[2] & 7) * 100 + ec[3];
    }
}
