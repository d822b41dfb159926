/**
 * Operations: the admin HTTP server ({@link io.edgecdn.ops.AdminServer}: bearer-token auth, JSON
 * routes the node supplies, Prometheus text at {@code /metrics}), the metrics registry
 * ({@link io.edgecdn.ops.Metrics}), and the admin vocabulary ({@link
 * io.edgecdn.ops.AdminException},
 * {@link io.edgecdn.ops.AdminRequest}). It depends on nothing of ours: the node plugs its routes
 * in.
 *
 * <p>May import: nothing of ours: the node plugs its routes in.
 */
package io.edgecdn.ops;
