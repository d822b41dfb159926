/**
 * What the modules' tests share, on their test class path only: {@link
 * io.edgecdn.testsupport.ManualTime}, one fake time (wall clock, monotonic nanos and a task timer)
 * that moves only when a test advances it, so time-dependent behaviour is tested without sleeping;
 * {@link io.edgecdn.testsupport.Tags}, minimal FLV tags (sequence headers, keyframes, frames, audio).
 *
 * <p>May import: {@code io.edgecdn.media.time}, {@code io.edgecdn.media.flv}.
 */
package io.edgecdn.testsupport;
