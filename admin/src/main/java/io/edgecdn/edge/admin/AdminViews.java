package io.edgecdn.edge.admin;

import io.edgecdn.edge.cluster.ClusterService;
import io.edgecdn.edge.flv.DeliveryStats;
import io.edgecdn.edge.flv.ViewerRegistry;
import io.edgecdn.edge.hls.HlsService;
import io.edgecdn.edge.source.GopCacheSettings;
import io.edgecdn.edge.source.StreamManager;
import io.edgecdn.edge.transcode.TranscodeService;
import io.edgecdn.edge.webrtc.WebRtcService;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the admin API and the metrics see of the node: narrow views handed over by the composition
 * root, so nothing here imports the node itself or its config file format. Live settings are read
 * from and applied to the services that own them (HLS, ladders); the GOP cache bounds, which every
 * live source applies, go through the node.
 *
 * @param gopCache the GOP cache bounds in force
 * @param updateGopCache applies new bounds to every stream, live
 * @param streams pulled streams, their live sources and pins
 * @param viewers HTTP-FLV viewers connected now (list, kick)
 * @param delivery HTTP-FLV counters
 * @param hls HLS sessions, viewers, segment cache and its live config
 * @param transcode transcode sessions and the live ladders
 * @param webrtc WHEP sessions open now (list, kick) and the WebRTC counters
 * @param cluster the cluster membership (set once the viewer port is bound; read on each request)
 * @param clock wall time: uptime, how long a stream has been connected
 */
public record AdminViews(Supplier<GopCacheSettings> gopCache, Consumer<GopCacheSettings> updateGopCache, StreamManager streams,
                         ViewerRegistry viewers, DeliveryStats delivery, HlsService hls, TranscodeService transcode,
                         WebRtcService webrtc,
                         Supplier<ClusterService> cluster, Clock clock) {
}
