package io.edgecdn.edge.webrtc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The SDP answer of a WHEP session (draft-ietf-wish-whep; RFC 8829 section 5.3): the node is an
 * ICE-lite agent (RFC 8445 section 2.5) and the DTLS server ({@code a=setup:passive}, RFC 5763),
 * sends one H.264 video track (RFC 6184, packetization-mode 1) and one Opus audio track (RFC 7587)
 * on one BUNDLE transport with RTCP multiplexed (RFC 8843, RFC 5761), and receives nothing. Lost
 * video packets are sent again as RTX (RFC 4588) when the offer has {@code rtx} for the chosen
 * H.264 payload type, on an SSRC of their own grouped with the video's ({@code a=ssrc-group:FID}).
 * When the offer has {@code a=rtcp-xr:rcvr-rtt} (RFC 3611 section 5.1) the answer has it too: the
 * receive-only browser then learns its round trip, and asks again for a lost retransmission after
 * that round trip instead of its 100 ms default.
 *
 * <p>Each offered media section is answered in order: a video section gets the offer's H.264
 * payload type whose profile decodes the stream (exact family first), an audio section
 * {@code opus/48000/2}; a section with neither, or of another kind, is rejected (port 0). The
 * answer is refused only when no section can be served.
 */
public final class WhepAnswer {
    private WhepAnswer() {
    }

    /**
     * A host candidate the node advertises.
     *
     * @param transport {@code udp}, or {@code tcp} for an ICE-TCP passive candidate (RFC 6544)
     * @param address the IP address viewers reach
     * @param port the UDP or TCP port
     */
    public record Candidate(String transport, String address, int port) {
    }

    /**
     * What the node puts into its answer.
     *
     * @param iceUfrag the session's ICE username fragment (4-256 ICE characters)
     * @param icePwd the session's ICE password (22-256 ICE characters)
     * @param fingerprint the SHA-256 fingerprint of the node's DTLS certificate, {@code AB:CD:...}
     * @param candidates the node's candidates, all in the first BUNDLE section
     * @param video the profile of the stream's SPS, or null when the stream has no video
     * @param audio whether the stream has audio (sent as Opus)
     * @param videoSsrc the SSRC of the video track
     * @param rtxSsrc the SSRC of the video's retransmissions (RFC 4588), used when the offer has
     *     {@code rtx} for the chosen H.264 payload type
     * @param audioSsrc the SSRC of the audio track
     * @param cname the RTCP CNAME of both tracks (one synchronization context)
     * @param sessionId the {@code o=} line's session id
     */
    public record Params(String iceUfrag, String icePwd, String fingerprint, List<Candidate> candidates,
                         @Nullable H264Profile video, boolean audio, long videoSsrc, long rtxSsrc, long audioSsrc,
                         String cname, long sessionId) {
    }

    /**
     * The answer and what it chose.
     *
     * @param sdp the answer text, lines ending in CRLF
     * @param videoPayloadType the H.264 payload type chosen, or -1
     * @param rtxPayloadType the payload type of its retransmissions ({@code rtx}, RFC 4588), or -1
     *     when the offer has none for it (then lost video packets are not sent again)
     * @param audioPayloadType the Opus payload type chosen, or -1
     * @param videoMid the video section's mid, or null
     * @param audioMid the audio section's mid, or null
     */
    public record Result(String sdp, int videoPayloadType, int rtxPayloadType, int audioPayloadType, @Nullable String videoMid,
                         @Nullable String audioMid) {
    }

    /**
     * Answers an offer.
     *
     * @throws SdpException when the offer lacks ICE credentials, a DTLS fingerprint, a mid, or
     *     any section the node can serve (the message says which)
     */
    public static Result answer(SessionDescription offer, Params p) throws SdpException {
        List<String> mids = new ArrayList<>();
        List<StringBuilder> sections = new ArrayList<>();
        int videoPt = -1;
        int rtxPt = -1;
        int audioPt = -1;
        String videoMid = null;
        String audioMid = null;
        H264Profile ours = p.video();
        String profileLevelId = ours == null ? "" : ours.profileLevelId();
        for (SessionDescription.Media m : offer.media()) {
            String mid = m.mid();
            if (mid == null) {
                throw new SdpException("media section " + (sections.size() + 1) + " has no a=mid (WHEP needs BUNDLE)");
            }
            if (offer.attribute(m, "ice-ufrag") == null || offer.attribute(m, "ice-pwd") == null) {
                throw new SdpException("media section " + mid + " has no a=ice-ufrag / a=ice-pwd");
            }
            String fp = offer.attribute(m, "fingerprint");
            if (fp == null || !fp.toLowerCase(Locale.ROOT).startsWith("sha-256 ")) {
                throw new SdpException("media section " + mid + " has no a=fingerprint:sha-256 (DTLS-SRTP, RFC 8827)");
            }
            SessionDescription.Codec chosen = null;
            if (m.kind().equals("video") && ours != null && videoPt < 0 && m.port() != 0) {
                chosen = h264(m, ours);
            } else if (m.kind().equals("audio") && p.audio() && audioPt < 0 && m.port() != 0) {
                chosen = m.codecs().stream().filter(c -> c.name().equalsIgnoreCase("opus") && c.clockRate() == 48_000
                        && c.channels() == 2).findFirst().orElse(null);
            }
            StringBuilder s = new StringBuilder();
            if (chosen == null) {
                String formats = m.formats().isEmpty() ? "0" : m.formats().get(0);
                line(s, "m=" + m.kind() + " 0 " + m.protocol() + " " + formats);
                line(s, "c=IN IP4 0.0.0.0");
                line(s, "a=mid:" + mid);
                line(s, "a=inactive");
                sections.add(s);
                continue;
            }
            boolean video = m.kind().equals("video");
            SessionDescription.Codec rtx = null;
            if (video) {
                videoPt = chosen.payloadType();
                videoMid = mid;
                rtx = rtx(m, videoPt);
                rtxPt = rtx == null ? -1 : rtx.payloadType();
            } else {
                audioPt = chosen.payloadType();
                audioMid = mid;
            }
            boolean firstBundled = mids.isEmpty();
            mids.add(mid);
            line(s, "m=" + m.kind() + " 9 UDP/TLS/RTP/SAVPF " + chosen.payloadType() + (rtx == null ? "" : " " + rtx.payloadType()));
            line(s, "c=IN IP4 0.0.0.0");
            line(s, "a=rtcp:9 IN IP4 0.0.0.0");
            line(s, "a=ice-ufrag:" + p.iceUfrag());
            line(s, "a=ice-pwd:" + p.icePwd());
            line(s, "a=fingerprint:sha-256 " + p.fingerprint());
            line(s, "a=setup:passive");
            line(s, "a=mid:" + mid);
            if (firstBundled) { // ICE runs once for the bundle: the candidates go into its first section
                candidates(s, p.candidates());
            }
            line(s, direction(m.direction()));
            line(s, "a=rtcp-mux");
            if (video && m.attributes().containsKey("rtcp-rsize")) {
                line(s, "a=rtcp-rsize");
            }
            String xr = m.attributes().get("rtcp-xr");
            if (video && xr != null && xr.contains("rcvr-rtt")) { // RFC 3611 5.1: the browser sends RRTR, we answer DLRR
                line(s, "a=rtcp-xr:rcvr-rtt=all");
            }
            int pt = chosen.payloadType();
            if (video) {
                line(s, "a=rtpmap:" + pt + " H264/90000");
                for (String fb : List.of("nack", "nack pli", "ccm fir")) {
                    if (chosen.feedback().contains(fb)) {
                        line(s, "a=rtcp-fb:" + pt + " " + fb);
                    }
                }
                line(s, "a=fmtp:" + pt + " level-asymmetry-allowed=1;packetization-mode=1;profile-level-id="
                        + answeredProfile(chosen, ours, profileLevelId));
                if (rtx != null) {
                    line(s, "a=rtpmap:" + rtx.payloadType() + " rtx/90000");
                    line(s, "a=fmtp:" + rtx.payloadType() + " apt=" + pt);
                    line(s, "a=ssrc-group:FID " + p.videoSsrc() + " " + p.rtxSsrc());
                }
                line(s, "a=msid:edge video");
                ssrc(s, p.videoSsrc(), p.cname(), "video");
                if (rtx != null) {
                    ssrc(s, p.rtxSsrc(), p.cname(), "video");
                }
            } else {
                line(s, "a=rtpmap:" + pt + " opus/48000/2");
                line(s, "a=fmtp:" + pt + " minptime=10;useinbandfec=1");
                line(s, "a=msid:edge audio");
                ssrc(s, p.audioSsrc(), p.cname(), "audio");
            }
            sections.add(s);
        }
        if (mids.isEmpty()) {
            throw new SdpException("no media section can be served: the stream has " + (ours != null ? "H.264 video " + profileLevelId : "no video")
                    + (p.audio() ? " and audio (Opus)" : " and no audio") + "; the offer needs H.264 packetization-mode=1 of a profile that decodes it, or opus/48000/2");
        }
        StringBuilder out = new StringBuilder();
        line(out, "v=0");
        line(out, "o=- " + p.sessionId() + " 2 IN IP4 127.0.0.1");
        line(out, "s=-");
        line(out, "t=0 0");
        line(out, "a=ice-lite");
        line(out, "a=group:BUNDLE " + String.join(" ", mids));
        line(out, "a=msid-semantic: WMS edge");
        sections.forEach(out::append);
        return new Result(out.toString(), videoPt, rtxPt, audioPt, videoMid, audioMid);
    }

    private static void candidates(StringBuilder c, List<Candidate> candidates) {
        int foundation = 1;
        for (Candidate k : candidates) {
            boolean tcp = k.transport().equalsIgnoreCase("tcp");
            long priority = (tcp ? 90L : 126L) << 24 | (65535L - foundation) << 8 | 255; // RFC 8445 5.1.2.1, component 1
            line(c, "a=candidate:" + foundation + " 1 " + (tcp ? "tcp" : "udp") + " " + priority + " " + k.address() + " " + k.port()
                    + " typ host" + (tcp ? " tcptype passive" : ""));
            foundation++;
        }
        line(c, "a=end-of-candidates");
    }

    /**
     * The {@code profile-level-id} the answer gives the chosen H.264 format: the stream's own, except
     * for a High stream answered on a higher High profile's format, where the offer's profile is kept
     * with the stream's level (RFC 6184 8.2.2: the answer keeps the offer's profile for the format;
     * Chromium refuses an answer whose H.264 profile it did not offer).
     */
    private static String answeredProfile(SessionDescription.Codec chosen, @Nullable H264Profile ours, String profileLevelId) {
        H264Profile offered = H264Profile.parse(chosen.parameters().getOrDefault("profile-level-id", "42001f"));
        if (ours == null || offered == null || !ours.family().isHigh() || offered.family() == ours.family()) {
            return profileLevelId;
        }
        return new H264Profile(offered.profileIdc(), offered.constraints(), ours.levelIdc()).profileLevelId();
    }

    /** The payload type for an H.264 stream of {@code ours}: packetization-mode 1, same family first, then a decoder that contains it. */
    static SessionDescription.@Nullable Codec h264(SessionDescription.Media m, H264Profile ours) {
        SessionDescription.Codec fallback = null;
        for (SessionDescription.Codec c : m.codecs()) {
            if (!c.name().equalsIgnoreCase("H264") || c.clockRate() != 90_000
                    || !"1".equals(c.parameters().get("packetization-mode"))) {
                continue;
            }
            H264Profile decoder = H264Profile.parse(c.parameters().getOrDefault("profile-level-id", "42001f")); // RFC 6184 default
            if (decoder == null || !ours.decodableBy(decoder)) {
                continue;
            }
            if (decoder.family() == ours.family()) {
                return c;
            }
            if (fallback == null) {
                fallback = c;
            }
        }
        return fallback;
    }

    /** The offer's {@code rtx/90000} payload type associated with {@code pt} ({@code apt}, RFC 4588 8.6), or null. */
    static SessionDescription.@Nullable Codec rtx(SessionDescription.Media m, int pt) {
        for (SessionDescription.Codec c : m.codecs()) {
            if (c.name().equalsIgnoreCase("rtx") && c.clockRate() == 90_000 && String.valueOf(pt).equals(c.parameters().get("apt"))) {
                return c;
            }
        }
        return null;
    }

    private static String direction(String offered) {
        return switch (offered) {
            case "recvonly", "sendrecv" -> "a=sendonly";
            default -> "a=inactive";
        };
    }

    private static void ssrc(StringBuilder s, long ssrc, String cname, String track) {
        line(s, "a=ssrc:" + ssrc + " cname:" + cname);
        line(s, "a=ssrc:" + ssrc + " msid:edge " + track);
    }

    private static void line(StringBuilder s, String line) {
        s.append(line).append("\r\n");
    }
}
