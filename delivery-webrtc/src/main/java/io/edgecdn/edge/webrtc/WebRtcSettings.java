package io.edgecdn.edge.webrtc;

import io.edgecdn.ops.config.ConfigException;
import io.edgecdn.ops.config.ConfigSection;
import java.time.Duration;
import java.util.List;

/**
 * WebRTC playback settings ({@code webrtc} in the config).
 *
 * @param enabled whether {@code POST .../whep} is served (503 otherwise)
 * @param bind the address of the UDP port ({@code 0.0.0.0}: all)
 * @param udpPort the one UDP port of every WHEP session (ICE, DTLS, SRTP); 0 = any free port
 * @param advertise the IP addresses put into the answer's host candidates; empty: the bind address
 *     when it is a single one, else every IPv4 address of the node's interfaces that are up
 * @param sessionTimeout a session without a STUN check for this long is closed (ICE consent
 *     freshness, RFC 7675, is 30 s)
 * @param maxSessions most WHEP sessions at once; one more gets 503
 */
public record WebRtcSettings(boolean enabled, String bind, int udpPort, List<String> advertise, Duration sessionTimeout,
                             int maxSessions) {
    /** The default: all addresses, UDP 8189 (as MediaMTX), 30 s consent, 2,000 sessions. */
    public static final WebRtcSettings DEFAULTS = new WebRtcSettings(true, "0.0.0.0", 8189, List.of(), Duration.ofSeconds(30), 2000);

    /** Loopback, any free port: for nodes made in code (tests). */
    public static final WebRtcSettings LOOPBACK = new WebRtcSettings(true, "127.0.0.1", 0, List.of(), Duration.ofSeconds(30), 2000);

    public WebRtcSettings {
        advertise = List.copyOf(advertise);
    }

    /**
     * Reads a {@code webrtc} section: {@code enabled}, {@code bind}, {@code udp-port}, {@code
     * advertise} (a list of IP addresses), {@code session-timeout}, {@code max-sessions}; absent keys
     * keep {@code d}'s values.
     *
     * @throws ConfigException naming the bad key
     */
    public static WebRtcSettings read(ConfigSection w, WebRtcSettings d) {
        List<String> advertise = w.has("advertise") ? w.stringList("advertise") : d.advertise();
        for (String a : advertise) {
            if (!a.matches("[0-9.]{7,15}|[0-9A-Fa-f:]{2,39}")) {
                throw w.bad("advertise", "entry '" + a + "' is not an IP address (candidates carry addresses, not names)");
            }
        }
        WebRtcSettings s = new WebRtcSettings(w.bool("enabled", d.enabled()), w.string("bind", d.bind()),
                w.intIn("udp-port", d.udpPort(), 0, 65535), advertise, w.duration("session-timeout", d.sessionTimeout()),
                w.intIn("max-sessions", d.maxSessions(), 1, 1_000_000));
        w.done();
        if (s.sessionTimeout().toMillis() < 1000) {
            throw w.bad("session-timeout", "must be at least 1s");
        }
        return s;
    }
}
