/**
 * Consul registration and uplink scheduling (issue 5). Built so far: the scheduling policy, free of
 * I/O: {@link io.edgecdn.scheduler.RendezvousRanker} (which parent pulls a stream),
 * {@link io.edgecdn.scheduler.PenaltyBox} (parents that keep failing) and
 * {@link io.edgecdn.scheduler.RedirectPolicy} (where an overloaded edge sends a new viewer).
 * Consul registration and discovery come next.
 *
 * <p>May import: nothing of ours.
 */
package io.edgecdn.scheduler;
