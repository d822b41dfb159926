package io.edgecdn.edge.webrtc.ice;

import io.edgecdn.edge.webrtc.stun.StunException;
import io.edgecdn.edge.webrtc.stun.StunMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The connectivity checks of an ICE-lite agent (RFC 8445 section 2.5): it gathers only host
 * candidates, is always the controlled agent, and answers the Binding requests of full agents
 * (browsers); it never sends checks of its own. One instance serves every session on a UDP port:
 * the first half of a request's USERNAME ({@code <our ufrag>:<their ufrag>}) names the session,
 * whose ice-pwd keys MESSAGE-INTEGRITY (short-term credentials, RFC 8489 section 9.1).
 *
 * <p>What a datagram gets (section 7.3): a success response with XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY
 * and FINGERPRINT; 400 when USERNAME or MESSAGE-INTEGRITY is missing; 401 when the ufrag is
 * unknown or the integrity is wrong; nothing for indications (keepalives), responses, a wrong
 * FINGERPRINT or bytes that are not STUN. A request with USE-CANDIDATE nominates the pair it came
 * on: media then goes to its source address.
 */
public final class IceLite {
    private final Function<String, @Nullable String> passwords;

    /**
     * @param passwords our ice-pwd for one of our ufrags, or null when no session has it
     */
    public IceLite(Function<String, @Nullable String> passwords) {
        this.passwords = passwords;
    }

    /** What to do with one datagram. */
    public sealed interface Outcome {
        /** Why, for a log line or a counter. */
        String why();
    }

    /**
     * A valid check: send {@code response} back to {@code from}.
     *
     * @param localUfrag the session's ufrag
     * @param nominated whether the request carried USE-CANDIDATE
     */
    public record Answered(byte[] response, String localUfrag, InetSocketAddress from, boolean nominated) implements Outcome {
        @Override
        public String why() {
            return nominated ? "nominated" : "check";
        }
    }

    /** An invalid request: send the error {@code response} back (no session is touched). */
    public record Refused(byte[] response, String why) implements Outcome {
    }

    /** Nothing to send. */
    public record Ignored(String why) implements Outcome {
    }

    /** Handles a datagram received from {@code from}; never throws for bad input. */
    public Outcome handle(byte[] b, int off, int len, InetSocketAddress from) {
        StunMessage m;
        try {
            m = StunMessage.parse(b, off, len);
        } catch (StunException e) {
            return new Ignored("malformed STUN: " + e.getMessage());
        }
        if (m.type() != StunMessage.BINDING_REQUEST) {
            return new Ignored(m.type() == StunMessage.BINDING_INDICATION ? "binding indication (keepalive)"
                    : String.format("STUN type 0x%04x is not a Binding request", m.type()));
        }
        if (m.has(StunMessage.FINGERPRINT) && !m.hasValidFingerprint()) {
            return new Ignored("wrong FINGERPRINT");
        }
        String username = m.username();
        if (username == null || !m.has(StunMessage.MESSAGE_INTEGRITY)) {
            return refuse(m, 400, "Bad Request", "a check without USERNAME or MESSAGE-INTEGRITY");
        }
        int colon = username.indexOf(':');
        String localUfrag = colon < 0 ? username : username.substring(0, colon);
        String pwd = passwords.apply(localUfrag);
        if (pwd == null) {
            return refuse(m, 401, "Unauthorized", "no session has ufrag '" + printable(localUfrag) + "'");
        }
        byte[] key = pwd.getBytes(StandardCharsets.UTF_8);
        if (!m.hasValidIntegrity(key)) {
            return refuse(m, 401, "Unauthorized", "wrong MESSAGE-INTEGRITY for ufrag '" + printable(localUfrag) + "'");
        }
        byte[] response = new StunMessage.Builder(StunMessage.BINDING_SUCCESS, m.transactionId())
                .xorMappedAddress(from)
                .build(key, true);
        return new Answered(response, localUfrag, from, m.has(StunMessage.USE_CANDIDATE));
    }

    private static Refused refuse(StunMessage m, int code, String reason, String why) {
        return new Refused(new StunMessage.Builder(StunMessage.BINDING_ERROR, m.transactionId())
                .errorCode(code, reason).build(null, true), why);
    }

    /** At most 64 characters of a peer-given string, with control characters replaced, for logs. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return s.length() > 64 ? out + "..." : out.toString();
    }
}
