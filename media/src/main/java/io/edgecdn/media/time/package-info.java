/** Timestamp normalisation: monotonic millisecond timelines out of jittery, wrapping upstream clocks. */
package io.edgecdn.media.time;
