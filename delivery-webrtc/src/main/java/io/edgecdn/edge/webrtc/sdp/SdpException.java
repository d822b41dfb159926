package io.edgecdn.edge.webrtc.sdp;

/** An SDP offer that cannot be read or answered; the message names the line or what is missing (a WHEP 400). */
public final class SdpException extends Exception {
    public SdpException(String message) {
        super(message);
    }
}
