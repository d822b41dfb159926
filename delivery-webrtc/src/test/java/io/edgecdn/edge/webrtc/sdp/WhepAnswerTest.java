package io.edgecdn.edge.webrtc.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Answers to a browser-shaped recvonly offer: codec choice by profile, BUNDLE, ICE-lite, DTLS passive. */
class WhepAnswerTest {
    private static final String FP = "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";

    private static WhepAnswer.Params params(H264Profile video, boolean audio) {
        return new WhepAnswer.Params("uf01", "0123456789abcdefghijkl", FP,
                List.of(new WhepAnswer.Candidate("udp", "192.0.2.10", 8443), new WhepAnswer.Candidate("tcp", "192.0.2.10", 8443)),
                video, audio, 1111, 3333, 2222, "edge-cname", 42);
    }

    @Test
    void highProfileStreamGetsTheHighPayloadType_andTheAnswerIsWhatABrowserNeeds() throws Exception {
        SessionDescription offer = SessionDescription.parse(SessionDescriptionTest.OFFER);
        WhepAnswer.Result r = WhepAnswer.answer(offer, params(new H264Profile(100, 0, 31), true));
        assertThat(r.videoPayloadType()).isEqualTo(127);
        assertThat(r.rtxPayloadType()).as("the offer has no rtx for 127").isEqualTo(-1);
        assertThat(r.audioPayloadType()).isEqualTo(111);
        assertThat(r.videoMid()).isEqualTo("1");
        assertThat(r.audioMid()).isEqualTo("0");
        String sdp = r.sdp();
        assertThat(sdp).startsWith("v=0\r\n").contains("a=ice-lite\r\n", "a=group:BUNDLE 0 1\r\n", "a=setup:passive\r\n",
                "a=fingerprint:sha-256 " + FP + "\r\n", "a=sendonly\r\n", "a=rtcp-mux\r\n",
                "m=video 9 UDP/TLS/RTP/SAVPF 127\r\n", "a=rtpmap:127 H264/90000\r\n",
                "a=fmtp:127 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f\r\n",
                "a=rtcp-fb:127 nack pli\r\n", "a=rtcp-xr:rcvr-rtt=all\r\n", "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n", "a=rtpmap:111 opus/48000/2\r\n",
                "a=candidate:1 1 udp 2130706175 192.0.2.10 8443 typ host\r\n", "tcptype passive\r\n", "a=end-of-candidates\r\n",
                "a=ssrc:1111 cname:edge-cname\r\n", "a=ssrc:2222 cname:edge-cname\r\n");
        assertThat(sdp.indexOf("a=candidate")).as("candidates in the first bundled section")
                .isLessThan(sdp.indexOf("m=video"));
        assertThat(sdp.split("\r\n", -1)).allSatisfy(l -> assertThat(l).doesNotContain("\n"));
        SessionDescription back = SessionDescription.parse(sdp);
        assertThat(back.media()).hasSize(2);
        assertThat(back.media().get(1).codecs().get(0).feedback()).containsExactly("nack", "nack pli", "ccm fir");
        assertThat(sdp.split("a=rtcp-xr", -1)).as("RRTR/DLRR on the video section only").hasSize(2);
        assertThat(WhepAnswer.answer(SessionDescription.parse(SessionDescriptionTest.OFFER.replace("a=rtcp-xr:rcvr-rtt=all\r\n", "")),
                params(new H264Profile(100, 0, 31), true)).sdp()).as("not offered, not answered").doesNotContain("rtcp-xr");
        String withoutNack = SessionDescriptionTest.OFFER.replace("a=rtcp-fb:127 nack\r\n", "");
        assertThat(WhepAnswer.answer(SessionDescription.parse(withoutNack), params(new H264Profile(100, 0, 31), true)).sdp())
                .as("no feedback the offer did not ask for").doesNotContain("a=rtcp-fb:127 nack\r\n").contains("a=rtcp-fb:127 nack pli\r\n");
    }

    @Test
    void highStreamToABrowserThatOffersHigh444ButNotHigh_isAnsweredOnHigh444WithTheOffersProfile() throws Exception {
        // Debian's Chromium 156: 42001f, 42e01f, 4d001f and f4001f (High 4:4:4 Predictive), no 64001f
        String offer = SessionDescriptionTest.OFFER.replace("profile-level-id=640032", "profile-level-id=f4001f");
        assertThat(offer).contains("profile-level-id=f4001f").doesNotContain("640032");
        WhepAnswer.Result r = WhepAnswer.answer(SessionDescription.parse(offer), params(new H264Profile(100, 0, 40), true));
        assertThat(r.videoPayloadType()).as("High 4:4:4 Predictive decodes High (H.264 A.2.7)").isEqualTo(127);
        assertThat(r.sdp()).as("the offer's profile, the stream's level (4.0)")
                .contains("a=fmtp:127 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=f40028\r\n");
        assertThat(new H264Profile(100, 0, 31).decodableBy(new H264Profile(77, 0, 31))).as("Main does not decode High").isFalse();
        assertThat(new H264Profile(244, 0, 31).decodableBy(new H264Profile(100, 0, 31))).as("nor High 4:4:4").isFalse();
        assertThat(new H264Profile(77, 0, 31).decodableBy(new H264Profile(244, 0, 31))).as("High 4:4:4 decodes Main").isTrue();
        assertThat(WhepAnswer.answer(SessionDescription.parse(SessionDescriptionTest.OFFER), params(new H264Profile(77, 0, 31), true)).sdp())
                .as("the stream's own profile when the format's family is the stream's or not High")
                .containsPattern("profile-level-id=4d001f\r\n");
    }

    @Test
    void constrainedBaselineTakesTheSameFamilyBeforeAContainingOne() throws Exception {
        String offer = SessionDescriptionTest.OFFER.replace("profile-level-id=42001f", "profile-level-id=42e01f");
        WhepAnswer.Result r = WhepAnswer.answer(SessionDescription.parse(offer), params(new H264Profile(66, 0xC0, 31), true));
        assertThat(r.videoPayloadType()).isEqualTo(102);
        // RFC 4588: the offer's rtx for 102, on an SSRC of its own in one FID group with the video's
        assertThat(r.rtxPayloadType()).isEqualTo(103);
        assertThat(r.sdp()).contains("m=video 9 UDP/TLS/RTP/SAVPF 102 103\r\n", "a=rtpmap:103 rtx/90000\r\n", "a=fmtp:103 apt=102\r\n",
                "a=ssrc-group:FID 1111 3333\r\n", "a=ssrc:3333 cname:edge-cname\r\n", "a=ssrc:3333 msid:edge video\r\n");
        assertThat(r.sdp().split("a=msid:edge video\r\n", -1)).as("one msid line per track").hasSize(2);
        assertThat(SessionDescription.parse(r.sdp()).media().get(1).codecs()).extracting(SessionDescription.Codec::name)
                .containsExactly("H264", "rtx");
        WhepAnswer.Result viaHigh = WhepAnswer.answer(SessionDescription.parse(offer.replace("packetization-mode=1;profile-level-id=42e01f",
                "packetization-mode=0;profile-level-id=42e01f")), params(new H264Profile(66, 0xC0, 31), true));
        assertThat(viaHigh.videoPayloadType()).as("High decodes Constrained Baseline").isEqualTo(127);
    }

    @Test
    void aSectionThatCannotBeServedIsRejected_andNothingServableIsRefused() throws Exception {
        SessionDescription offer = SessionDescription.parse(SessionDescriptionTest.OFFER);
        WhepAnswer.Result audioOnly = WhepAnswer.answer(offer, params(null, true));
        assertThat(audioOnly.videoPayloadType()).isEqualTo(-1);
        assertThat(audioOnly.sdp()).contains("m=video 0 ", "a=group:BUNDLE 0\r\n");
        // an Extended-profile stream: no offered decoder
        assertThatThrownBy(() -> WhepAnswer.answer(offer, params(new H264Profile(88, 0, 31), false)))
                .isInstanceOf(SdpException.class).hasMessageContaining("no media section can be served");
        assertThatThrownBy(() -> WhepAnswer.answer(SessionDescription.parse(SessionDescriptionTest.OFFER.replace("a=fingerprint", "a=x-fingerprint")),
                params(new H264Profile(100, 0, 31), true))).hasMessageContaining("fingerprint");
    }

    @Test
    void profileLevelIds() {
        H264Profile cb = H264Profile.parse("42e01f");
        assertThat(cb).isNotNull();
        assertThat(cb.family()).isEqualTo(H264Profile.Family.CONSTRAINED_BASELINE);
        assertThat(H264Profile.parse("4d801f").family()).isEqualTo(H264Profile.Family.CONSTRAINED_BASELINE);
        assertThat(H264Profile.parse("4d001f").family()).isEqualTo(H264Profile.Family.MAIN);
        assertThat(H264Profile.parse("640032").profileLevelId()).isEqualTo("640032");
        assertThat(H264Profile.parse("xyz")).isNull();
        assertThat(H264Profile.parse("4d001f").decodableBy(H264Profile.parse("42e01f"))).isFalse();
        assertThat(H264Profile.parse("4d001f").decodableBy(H264Profile.parse("640c1f"))).isTrue();
    }
}
