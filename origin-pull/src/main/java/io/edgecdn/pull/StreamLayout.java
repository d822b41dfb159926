package io.edgecdn.pull;

/**
 * Which tracks an upstream carries, known once a connection is open (from the MPEG-TS PMT, the
 * RTMP stream's codecs, or the FLV header flags). An audio-only stream starts viewers at once
 * instead of waiting for a keyframe that never comes.
 *
 * @param hasAudio an audio track is present
 * @param hasVideo a video track is present
 */
public record StreamLayout(boolean hasAudio, boolean hasVideo) {
}
