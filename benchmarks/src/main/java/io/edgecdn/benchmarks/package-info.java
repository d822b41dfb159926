/** JMH micro-benchmarks; each is run by a {@code bin/bench-*} script and reported in docs/BENCHMARKS.md. */
package io.edgecdn.benchmarks;
