/**
 * JMH micro-benchmarks; each is run by a {@code bin/bench-*} script and reported in
 * docs/BENCHMARKS.md.
 *
 * <p>May import: {@code io.edgecdn..}.
 */
package io.edgecdn.benchmarks;
