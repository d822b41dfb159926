/**
 * Timestamp normalisation: monotonic millisecond timelines out of jittery, wrapping upstream
 * clocks.
 *
 * <p>May import: nothing of ours.
 */
package io.edgecdn.media.time;
