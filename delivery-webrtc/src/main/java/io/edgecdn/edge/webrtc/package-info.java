/**
 * WebRTC playback (WHEP, draft-ietf-wish-whep): the {@code POST /{app}/{stream}/whep} handler
 * ({@link io.edgecdn.edge.webrtc.WhepHandler}), the WHEP sessions, the one UDP port every session
 * shares ({@link io.edgecdn.edge.webrtc.WebRtcPort}: STUN, DTLS and SRTP told apart by their first
 * byte, RFC 7983), and the per-stream RTP packetizer that feeds them
 * ({@link io.edgecdn.edge.webrtc.RtpStream}: packetized once per stream, protected per session).
 *
 * <p>May import: {@code io.edgecdn.edge.webrtc..}, {@code io.edgecdn.edge.source},
 * {@code io.edgecdn.media..}, {@code io.edgecdn.ops..} and {@code io.edgecdn.pull}.
 */
@NullMarked
package io.edgecdn.edge.webrtc;

import org.jspecify.annotations.NullMarked;
