package io.edgecdn.edge.hls;

import java.time.Instant;

/**
 * A finished segment as the playlist lists it.
 *
 * @param sequence media sequence number
 * @param durationMs duration in ms (next segment's first timestamp minus this one's)
 * @param discontinuity whether EXT-X-DISCONTINUITY precedes it (upstream reconnect, changed sequence header)
 * @param programDateTime wall-clock time of its first frame (EXT-X-PROGRAM-DATE-TIME)
 * @param bytes size in bytes
 */
public record SegmentInfo(long sequence, long durationMs, boolean discontinuity, Instant programDateTime, int bytes) {
}
