/**
 * Time: monotonic millisecond timelines out of jittery, wrapping upstream clocks ({@link
 * io.edgecdn.media.time.TimestampNormalizer}), and {@link io.edgecdn.media.time.TaskTimer}, the
 * one-shot scheduler that time-dependent bookkeeping is given (tests give it a manual time).
 *
 * <p>May import: nothing of ours.
 */
package io.edgecdn.media.time;
