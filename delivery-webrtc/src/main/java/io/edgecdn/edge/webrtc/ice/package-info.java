/**
 * ICE-lite (RFC 8445 section 2.5): {@link io.edgecdn.edge.webrtc.ice.IceLite} answers the
 * connectivity checks of full agents (browsers) for every WHEP session on one UDP port, and
 * reports nominations; {@link io.edgecdn.edge.webrtc.ice.HostCandidates} picks the addresses the
 * answer advertises; {@link io.edgecdn.edge.webrtc.ice.Rfc4571Framing} frames packets on ICE-TCP
 * connections (RFC 6544, RFC 4571; not listened on yet). No I/O: the port hands it datagrams and sends what it returns.
 *
 * <p>May import: {@code io.edgecdn.edge.webrtc.stun}.
 */
@NullMarked
package io.edgecdn.edge.webrtc.ice;

import org.jspecify.annotations.NullMarked;
