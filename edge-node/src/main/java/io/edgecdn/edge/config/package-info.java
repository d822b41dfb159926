/**
 * Node configuration: {@link io.edgecdn.edge.config.EdgeConfig} read from YAML by
 * {@link io.edgecdn.edge.config.ConfigLoader} (every key documented in {@code edge.example.yaml}),
 * with CLI flags on top; a bad value stops start-up with a message naming the key.
 */
package io.edgecdn.edge.config;
