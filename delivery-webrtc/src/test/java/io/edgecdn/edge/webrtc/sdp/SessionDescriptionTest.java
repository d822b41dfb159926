package io.edgecdn.edge.webrtc.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A recvonly offer shaped like a browser's WHEP offer, and offers that are not SDP. */
class SessionDescriptionTest {
    static final String OFFER = String.join("\r\n",
            "v=0",
            "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
            "a=group:BUNDLE 0 1",
            "a=extmap-allow-mixed",
            "a=msid-semantic: WMS",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8",
            "c=IN IP4 0.0.0.0",
            "a=rtcp:9 IN IP4 0.0.0.0",
            "a=ice-ufrag:Qm3x",
            "a=ice-pwd:9vS1mQ1v3kY2m0pQ8Ld0rT5a",
            "a=ice-options:trickle",
            "a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08",
            "a=setup:actpass",
            "a=mid:0",
            "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
            "a=recvonly",
            "a=rtcp-mux",
            "a=rtpmap:111 opus/48000/2",
            "a=rtcp-fb:111 transport-cc",
            "a=fmtp:111 minptime=10;useinbandfec=1",
            "a=rtpmap:63 red/48000/2",
            "a=fmtp:63 111/111",
            "a=rtpmap:9 G722/8000",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:8 PCMA/8000",
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 127",
            "c=IN IP4 0.0.0.0",
            "a=ice-ufrag:Qm3x",
            "a=ice-pwd:9vS1mQ1v3kY2m0pQ8Ld0rT5a",
            "a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08",
            "a=setup:actpass",
            "a=mid:1",
            "a=recvonly",
            "a=rtcp-mux",
            "a=rtcp-rsize",
            "a=rtcp-xr:rcvr-rtt=all",
            "a=rtpmap:96 VP8/90000",
            "a=rtcp-fb:96 nack",
            "a=rtpmap:97 rtx/90000",
            "a=fmtp:97 apt=96",
            "a=rtpmap:102 H264/90000",
            "a=rtcp-fb:102 goog-remb",
            "a=rtcp-fb:102 nack",
            "a=rtcp-fb:102 nack pli",
            "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f",
            "a=rtpmap:103 rtx/90000",
            "a=fmtp:103 apt=102",
            "a=rtpmap:127 H264/90000",
            "a=rtcp-fb:127 nack",
            "a=rtcp-fb:127 nack pli",
            "a=rtcp-fb:127 ccm fir",
            "a=fmtp:127 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640032",
            "");

    @Test
    void readsWhatAnAnswerNeeds() throws Exception {
        SessionDescription d = SessionDescription.parse(OFFER);
        assertThat(d.attributes()).containsKey("group");
        assertThat(d.media()).hasSize(2);
        SessionDescription.Media audio = d.media().get(0);
        assertThat(audio.kind()).isEqualTo("audio");
        assertThat(audio.mid()).isEqualTo("0");
        assertThat(audio.direction()).isEqualTo("recvonly");
        assertThat(d.attribute(audio, "ice-ufrag")).isEqualTo("Qm3x");
        assertThat(d.attribute(audio, "setup")).isEqualTo("actpass");
        assertThat(d.attribute(audio, "fingerprint")).startsWith("sha-256 7B:8B");
        SessionDescription.Codec opus = audio.codecs().get(0);
        assertThat(opus.name()).isEqualTo("opus");
        assertThat(opus.clockRate()).isEqualTo(48_000);
        assertThat(opus.channels()).isEqualTo(2);
        assertThat(opus.parameters()).containsEntry("useinbandfec", "1");
        SessionDescription.Media video = d.media().get(1);
        assertThat(video.codecs()).extracting(SessionDescription.Codec::payloadType).containsExactly(96, 97, 102, 103, 127);
        SessionDescription.Codec h264 = video.codecs().get(2);
        assertThat(h264.name()).isEqualTo("H264");
        assertThat(h264.parameters()).containsEntry("packetization-mode", "1").containsEntry("profile-level-id", "42001f");
        assertThat(h264.feedback()).containsExactly("goog-remb", "nack", "nack pli");
        assertThat(video.all("rtpmap")).hasSize(5);
    }

    @Test
    void notSdpIsRefusedWithTheLine() {
        assertThatThrownBy(() -> SessionDescription.parse("hello")).isInstanceOf(SdpException.class).hasMessageContaining("v=0");
        assertThatThrownBy(() -> SessionDescription.parse("v=0\r\nm=video\r\n")).hasMessageContaining("line 2");
        assertThatThrownBy(() -> SessionDescription.parse("v=0\r\nm=video x UDP/TLS/RTP/SAVPF 96\r\n")).hasMessageContaining("port 'x'");
        assertThatThrownBy(() -> SessionDescription.parse("v=0\r\n" + "a=x\r\n".repeat(20_000))).hasMessageContaining("characters");
        assertThatThrownBy(() -> SessionDescription.parse("v=0\r\n" + "m=audio 9 RTP/AVP 0\r\n".repeat(40))).hasMessageContaining("media sections");
        assertThatThrownBy(() -> SessionDescription.parse("v=0\r\nm=audio 9 RTP/AVP 0\r\n" + "a=y\r\n".repeat(300))).hasMessageContaining("lines");
    }

    /** Mangled offers: either parsed or an SdpException, and the codec view never throws. */
    @Test
    void fuzz_onlySdpExceptions() {
        Random r = new Random(11);
        int parsed = 0;
        for (int i = 0; i < 3_000; i++) {
            char[] c = OFFER.toCharArray();
            for (int k = 0; k < 1 + r.nextInt(12); k++) {
                String pick = " :/=;\r\nam0x9\u0000";
                c[r.nextInt(c.length)] = pick.charAt(r.nextInt(pick.length()));
            }
            try {
                SessionDescription d = SessionDescription.parse(new String(c));
                for (SessionDescription.Media m : d.media()) {
                    List<SessionDescription.Codec> codecs = m.codecs();
                    assertThat(codecs).isNotNull();
                    m.direction();
                }
                parsed++;
            } catch (SdpException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
        assertThat(parsed).isPositive();
    }
}
