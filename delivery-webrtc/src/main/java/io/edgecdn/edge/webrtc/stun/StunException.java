package io.edgecdn.edge.webrtc.stun;

/** A datagram that is not a well-formed STUN message (RFC 8489 section 5); the message says what is wrong. */
public final class StunException extends Exception {
    public StunException(String message) {
        super(message);
    }
}
