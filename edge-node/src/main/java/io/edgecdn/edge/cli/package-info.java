/**
 * The command line: {@code serve}, {@code demo} and {@code bench} (picocli).
 *
 * <p>May import: {@code io.edgecdn.edge}, {@code io.edgecdn.edge.bench}, {@code
 * io.edgecdn.edge.cluster}, {@code io.edgecdn.edge.config}, {@code io.edgecdn.edge.router}, {@code
 * io.edgecdn.edge.upstream} (the settings records the command line fills in), {@code io.edgecdn.edge.demo}, {@code io.edgecdn.edge.source}, {@code
 * io.edgecdn.ops..}, {@code io.edgecdn.pull..}, {@code io.edgecdn.scheduler..}.
 */
package io.edgecdn.edge.cli;
