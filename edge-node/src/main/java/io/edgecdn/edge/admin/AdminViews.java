package io.edgecdn.edge.admin;

import io.edgecdn.edge.cluster.ClusterService;
import io.edgecdn.edge.config.EdgeConfig;
import io.edgecdn.edge.flv.DeliveryStats;
import io.edgecdn.edge.flv.ViewerRegistry;
import io.edgecdn.edge.hls.HlsService;
import io.edgecdn.edge.source.StreamManager;
import io.edgecdn.edge.transcode.TranscodeService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the admin API and the metrics see of the node: narrow views handed over by the composition
 * root, so nothing here imports the node itself.
 *
 * @param config the configuration in force
 * @param updateConfig replaces it, live (new streams and requests use it; GOP cache bounds apply at once)
 * @param streams pulled streams, their live sources and pins
 * @param viewers HTTP-FLV viewers connected now (list, kick)
 * @param delivery HTTP-FLV counters
 * @param hls HLS sessions, viewers, segment cache and its live config
 * @param transcode transcode sessions and the live ladders
 * @param cluster the cluster membership (set once the viewer port is bound; read on each request)
 */
public record AdminViews(Supplier<EdgeConfig> config, Consumer<EdgeConfig> updateConfig, StreamManager streams,
                         ViewerRegistry viewers, DeliveryStats delivery, HlsService hls, TranscodeService transcode,
                         Supplier<ClusterService> cluster) {
}
