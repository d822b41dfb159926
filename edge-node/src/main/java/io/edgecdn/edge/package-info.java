/**
 * The edge node: {@link io.edgecdn.edge.EdgeNode} wires configuration, live sources, pulls and
 * HTTP delivery together; {@link io.edgecdn.edge.Main} is the command line ({@code serve},
 * {@code demo}, {@code bench}).
 */
package io.edgecdn.edge;
