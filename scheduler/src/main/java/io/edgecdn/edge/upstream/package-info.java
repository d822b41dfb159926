/**
 * Upstream choice: {@link io.edgecdn.edge.upstream.UpstreamChoice} turns a stream key into its
 * upstream candidates (renditions from the transcoder, Consul parents through {@link
 * io.edgecdn.edge.upstream.ParentDiscovery}, the static {@code --upstream} rules, signing of pulls
 * from parents). Nothing here knows Consul or a protocol.
 *
 * <p>May import: {@code io.edgecdn.ops.config} (to read its config section), {@code io.edgecdn.edge.source}, {@code
 * io.edgecdn.ops}, {@code io.edgecdn.pull}.
 */
package io.edgecdn.edge.upstream;
