/**
 * The node's place in the CDN ({@link io.edgecdn.edge.cluster.ClusterService}): Consul registration
 * with its load ({@link io.edgecdn.edge.cluster.LoadMeter}), the parents of each stream ranked by
 * rendezvous hashing (a {@link io.edgecdn.edge.upstream.ParentDiscovery}), viewer scheduling and
 * redirects, drains.
 *
 * <p>May import: {@code io.edgecdn.ops.config} (to read its config section), {@code io.edgecdn.edge.source}, {@code
 * io.edgecdn.edge.upstream}, {@code io.edgecdn.pull}, {@code io.edgecdn.scheduler..}.
 */
package io.edgecdn.edge.cluster;
