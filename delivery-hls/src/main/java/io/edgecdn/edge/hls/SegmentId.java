package io.edgecdn.edge.hls;

import io.edgecdn.edge.source.StreamKey;

/**
 * One HLS segment of one stream.
 *
 * @param key the stream
 * @param sequence its media sequence number (EXT-X-MEDIA-SEQUENCE numbering)
 */
public record SegmentId(StreamKey key, long sequence) {
}
