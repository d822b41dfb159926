/**
 * The admin API's resources ({@link io.edgecdn.edge.admin.AdminApi}: node and drains, streams and
 * viewers, WebRTC sessions, live config) and the node's Prometheus meters ({@link
 * io.edgecdn.edge.admin.NodeMetrics}), served by {@link io.edgecdn.ops.AdminServer}. Both see the
 * node through {@link io.edgecdn.edge.admin.AdminViews}, never the node itself; a live config
 * change is read by the module that owns the section ({@code HlsSettings.read}, ...) and applied to
 * the service that runs it.
 *
 * <p>May import: {@code io.edgecdn.edge.cluster}, {@code io.edgecdn.edge.flv}, {@code
 * io.edgecdn.edge.hls}, {@code io.edgecdn.edge.source}, {@code io.edgecdn.edge.transcode}, {@code
 * io.edgecdn.edge.webrtc}, {@code
 * io.edgecdn.media..}, {@code io.edgecdn.ops..}, {@code io.edgecdn.pull}, {@code
 * io.edgecdn.scheduler..}, {@code io.edgecdn.transcoder}.
 */
package io.edgecdn.edge.admin;
