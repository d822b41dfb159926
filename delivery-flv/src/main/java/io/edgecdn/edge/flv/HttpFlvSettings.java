package io.edgecdn.edge.flv;

import io.edgecdn.ops.config.ConfigException;
import io.edgecdn.ops.config.ConfigSection;
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

    /**
     * Reads an {@code http-flv} section: {@code queue-max-bytes}, {@code queue-max-duration},
     * {@code max-skips}, {@code skip-window}, {@code merge-writes}; absent keys keep {@code d}'s values.
     *
     * @throws ConfigException naming the bad key (a queue under 64KiB or 500ms)
     */
    public static HttpFlvSettings read(ConfigSection flv, HttpFlvSettings d) {
        HttpFlvSettings f = new HttpFlvSettings(flv.size("queue-max-bytes", d.queueMaxBytes()),
                flv.duration("queue-max-duration", d.queueMaxDuration()),
                flv.intIn("max-skips", d.maxSkips(), 1, 1000),
                flv.duration("skip-window", d.skipWindow()),
                flv.duration("merge-writes", d.mergeWrites()));
        flv.done();
        if (f.queueMaxBytes() < 64 * 1024 || f.queueMaxDuration().toMillis() < 500) {
            throw flv.error(flv.key("queue-max-bytes") + " must be at least 64KiB and " + flv.key("queue-max-duration") + " at least 500ms");
        }
        return f;
    }
}
