package io.edgecdn.edge.source;

/**
 * A snapshot of one live source.
 *
 * @param key the stream key
 * @param consumers consumers attached now
 * @param ingressBytes FLV bytes received from the upstream since the source was created
 * @param tagsIn tags received
 * @param keyframes keyframes received
 * @param droppedAwaitingKeyframe video tags dropped after a reconnect while waiting for a keyframe
 * @param gopFrames tags in the GOP cache
 * @param gopBytes payload bytes in the GOP cache
 * @param gopDurationMs span of the GOP cache, ms
 * @param gopOverflows GOPs dropped for outgrowing a cache bound
 * @param lastTagNanos {@link System#nanoTime()} of the latest tag, 0 if none
 * @param fps video frames per second over the last complete GOP (keyframe to keyframe), 0 before
 * @param ingressKbps kbit/s received over the last complete GOP (all tags), 0 before
 */
public record SourceStats(StreamKey key, int consumers, long ingressBytes, long tagsIn, long keyframes,
                          long droppedAwaitingKeyframe, int gopFrames, long gopBytes, long gopDurationMs,
                          long gopOverflows, long lastTagNanos, double fps, long ingressKbps) {
}
