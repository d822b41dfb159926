/**
 * Node configuration: {@link io.edgecdn.edge.config.EdgeConfig}, composed by {@link
 * io.edgecdn.edge.config.ConfigLoader} from the sections each module reads and validates itself
 * (every key documented in {@code edge.example.yaml}), with CLI flags on top; a bad value stops
 * start-up with a message naming the key.
 *
 * <p>May import: {@code io.edgecdn.ops.config}, {@code io.edgecdn.edge.cluster}, {@code
 * io.edgecdn.edge.router}, {@code io.edgecdn.edge.upstream}, {@code io.edgecdn.edge.flv}, {@code
 * io.edgecdn.edge.hls}, {@code io.edgecdn.edge.source}, {@code io.edgecdn.edge.transcode}, {@code
 * io.edgecdn.ops}, {@code io.edgecdn.pull}, {@code io.edgecdn.scheduler.consul}, {@code
 * io.edgecdn.transcoder}, {@code io.edgecdn.edge.webrtc}: the modules whose settings it composes.
 */
package io.edgecdn.edge.config;
