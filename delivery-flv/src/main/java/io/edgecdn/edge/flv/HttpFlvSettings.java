package io.edgecdn.edge.flv;

import java.time.Duration;

/**
 * HTTP-FLV delivery settings ({@code http-flv} in the config): the per-viewer queue and the
 * slow-viewer policy.
 *
 * @param queueMaxBytes payload bytes queued for one viewer (not yet handed to its socket) before it skips
 * @param queueMaxDuration media time queued for one viewer before it skips to the next keyframe
 * @param maxSkips skips within {@code skipWindow} after which the viewer is closed
 * @param skipWindow window over which skips are counted
 * @param mergeWrites delay that batches a viewer's tags into one write, 0 = write at once
 */
public record HttpFlvSettings(long queueMaxBytes, Duration queueMaxDuration, int maxSkips, Duration skipWindow,
                              Duration mergeWrites) {
}
