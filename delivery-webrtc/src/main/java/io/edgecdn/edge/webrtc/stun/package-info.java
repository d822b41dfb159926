/**
 * STUN messages (RFC 8489; test vectors of RFC 5769): {@link
 * io.edgecdn.edge.webrtc.stun.StunMessage} parses a datagram, checks MESSAGE-INTEGRITY
 * (HMAC-SHA1) and FINGERPRINT (CRC-32), and writes messages. No I/O.
 *
 * <p>May import: nothing of ours.
 */
@NullMarked
package io.edgecdn.edge.webrtc.stun;

import org.jspecify.annotations.NullMarked;
