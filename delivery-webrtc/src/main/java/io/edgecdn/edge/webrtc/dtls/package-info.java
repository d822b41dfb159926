/**
 * DTLS 1.2 (RFC 6347) with the use_srtp extension (RFC 5764), the key exchange of WebRTC media
 * (RFC 8827): the node is always the DTLS server ({@code a=setup:passive}), proves itself with a
 * self-signed ECDSA P-256 certificate whose SHA-256 fingerprint is in the SDP answer, and checks
 * the browser's certificate against the fingerprint of its offer. The protocol is BouncyCastle's
 * {@code bctls}; this package gives it the node's certificate, the SRTP profiles it accepts, and
 * takes out the SRTP keying material.
 *
 * <p>May import: nothing of ours.
 */
@NullMarked
package io.edgecdn.edge.webrtc.dtls;

import org.jspecify.annotations.NullMarked;
