/**
 * Live sources: one {@link io.edgecdn.edge.source.LiveSource} per stream key holding metadata,
 * sequence headers and the {@link io.edgecdn.edge.source.GopCache}, fanning tags out to its
 * consumers; and the {@link io.edgecdn.edge.source.StreamManager} that starts a pull for the first
 * viewer, shares it, and stops it after the idle grace.
 */
package io.edgecdn.edge.source;
