/**
 * Live sources: one {@link io.edgecdn.edge.source.LiveSource} per stream key holding metadata,
 * sequence headers and the {@link io.edgecdn.edge.source.GopCache}, fanning tags out to its
 * consumers; and the {@link io.edgecdn.edge.source.StreamManager} that starts a pull for the first
 * viewer, shares it, and stops it after the idle grace.
 *
 * <p>May import: {@code io.edgecdn.ops.config} (to read its config section), {@code io.edgecdn.media..}, {@code io.edgecdn.pull}, {@code io.edgecdn.ops} (the
 * error vocabulary): the live source knows no delivery protocol, no config file and no upstream
 * protocol.
 */
@NullMarked
package io.edgecdn.edge.source;

import org.jspecify.annotations.NullMarked;
