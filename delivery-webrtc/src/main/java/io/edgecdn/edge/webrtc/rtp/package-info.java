/**
 * RTP (RFC 3550) for WebRTC playback: {@link io.edgecdn.edge.webrtc.rtp.H264Packetizer} (RFC 6184,
 * packetization-mode 1: single NAL unit, STAP-A with SPS/PPS before every IDR, FU-A) and the
 * fixed {@link io.edgecdn.edge.webrtc.rtp.RtpHeader}. Payloads are made once per stream, headers
 * per viewer. No I/O.
 *
 * <p>May import: nothing of ours.
 */
@NullMarked
package io.edgecdn.edge.webrtc.rtp;

import org.jspecify.annotations.NullMarked;
