/**
 * SDP for WHEP (RFC 8866 syntax, RFC 8829 usage): {@link
 * io.edgecdn.edge.webrtc.sdp.SessionDescription} reads an offer (media sections, ICE
 * credentials, DTLS fingerprint and setup, codecs with their fmtp and rtcp-fb), bounded in size;
 * {@link io.edgecdn.edge.webrtc.sdp.WhepAnswer} answers it (ICE-lite, DTLS passive, BUNDLE, H.264
 * chosen by {@link io.edgecdn.edge.webrtc.sdp.H264Profile}, Opus). No I/O.
 *
 * <p>May import: nothing of ours.
 */
@NullMarked
package io.edgecdn.edge.webrtc.sdp;

import org.jspecify.annotations.NullMarked;
