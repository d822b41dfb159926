/**
 * SRTP and SRTCP (RFC 3711; AES-GCM per RFC 7714) with the keys of a DTLS-SRTP handshake: each
 * WHEP session protects the packets it sends and checks the RTCP the browser sends back. The
 * ciphers are jitsi-srtp's.
 *
 * <p>May import: {@code io.edgecdn.edge.webrtc.dtls} (the keys it is made from).
 */
@NullMarked
package io.edgecdn.edge.webrtc.srtp;

import org.jspecify.annotations.NullMarked;
