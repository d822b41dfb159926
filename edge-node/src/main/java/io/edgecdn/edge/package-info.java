/**
 * The edge node: {@link io.edgecdn.edge.EdgeNode} wires configuration, live sources, pulls and
 * HTTP delivery together; {@link io.edgecdn.edge.cli.Main} is the command line ({@code serve},
 * {@code demo}, {@code bench}).
 *
 * <p>May import: {@code io.edgecdn..}: it is the composition root, which wires every module.
 */
package io.edgecdn.edge;
