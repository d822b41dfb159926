/**
 * The viewer port (Undertow): {@link io.edgecdn.edge.router.EdgeHttpServer} routes each request to
 * a delivery handler (HTTP-FLV, HLS), the player page or {@code /schedule}, after the signed-URL
 * check ({@link io.edgecdn.edge.router.SignatureCheck}) and the cluster's redirect decision. It
 * sits above the delivery packages and may import them; they never import it.
 *
 * <p>May import: {@code io.edgecdn.ops.config} (to read its config section), {@code io.edgecdn.edge.cluster}, {@code io.edgecdn.edge.upstream} (the signing rules), {@code
 * io.edgecdn.edge.flv}, {@code io.edgecdn.edge.hls}, {@code io.edgecdn.edge.webrtc}, {@code io.edgecdn.ops.http}, {@code
 * io.edgecdn.edge.source}, {@code io.edgecdn.edge.web}, {@code io.edgecdn.ops}, {@code
 * io.edgecdn.pull..}, {@code io.edgecdn.scheduler}.
 */
@NullMarked
package io.edgecdn.edge.router;

import org.jspecify.annotations.NullMarked;
