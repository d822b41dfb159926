package io.edgecdn.edge.admin;

import io.edgecdn.edge.source.LiveSource;
import io.edgecdn.edge.source.StreamStatus;
import io.edgecdn.edge.transcode.TranscodeService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's meters, in Prometheus names:
 * <ul>
 *   <li>{@code edge_viewers{protocol="http-flv"|"hls"}} (HLS: an estimate, see {@link io.edgecdn.edge.hls.HlsViewers}),
 *       {@code edge_hls_sessions}, {@code edge_streams};</li>
 *   <li>{@code edge_viewers_opened_total}, {@code edge_egress_bytes_total{protocol}} (http-flv, hls);</li>
 *   <li>{@code edge_ingress_bytes_total{upstream}} and {@code edge_upstream_reconnects_total{upstream}}
 *       ({@code upstream} = host:port), sampled every second from the streams;</li>
 *   <li>{@code edge_ttff_seconds} histogram: server-side time to first frame, request to the first
 *       keyframe's last byte handed to the socket;</li>
 *   <li>{@code edge_gop_cache_bytes}, {@code edge_frames_skipped_total}, {@code edge_viewers_closed_slow_total};</li>
 *   <li>{@code edge_hls_segment_cache_bytes}, {@code edge_hls_segment_cache_hit_ratio}, {@code edge_hls_segments_produced_total},
 *       {@code edge_hls_segments_cut} (segments of the streams pulled now cut before a keyframe at a bound);</li>
 *   <li>WebRTC: {@code edge_viewers{protocol="webrtc"}} (WHEP sessions open now), {@code
 *       edge_egress_bytes_total{protocol="webrtc"}} (SRTP and SRTCP), {@code edge_webrtc_sessions_opened_total},
 *       {@code edge_webrtc_nacks_received_total} (packets asked for again), {@code
 *       edge_webrtc_packets_retransmitted_total}, {@code edge_webrtc_keyframe_requests_total} (PLI and FIR),
 *       {@code edge_webrtc_rtcp_dropped_total}, and the {@code edge_webrtc_rtt_seconds} histogram, one sample
 *       per receiver report that echoed a sender report;</li>
 *   <li>{@code edge_transcode_fps{stream}} (source frames decoded per second) and
 *       {@code edge_transcode_lag_seconds{stream}}, one series per running session.</li>
 * </ul>
 * JVM and process meters come from {@link io.edgecdn.ops.Metrics}.
 */
public final class NodeMetrics implements AutoCloseable {
    private final AdminViews node;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> ingressByUpstream = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> reconnectsByUpstream = new ConcurrentHashMap<>();
    private final Map<LiveSource, long[]> lastSeen = new IdentityHashMap<>();
    private final Map<String, TranscodeMeters> transcode = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> sampler;

    private static final class TranscodeMeters {
        volatile double fps;
        volatile double lagSeconds;
        long lastFrames = -1;
        long lastNanos;
        List<Meter> meters;
    }

    public NodeMetrics(AdminViews node, MeterRegistry registry, ScheduledExecutorService scheduler) {
        this.node = node;
        this.registry = registry;
        var d = node.delivery();
        var hls = node.hls();
        Gauge.builder("edge.viewers", d, x -> x.viewers()).tag("protocol", "http-flv")
                .description("HTTP-FLV viewers connected now (child nodes included)").register(registry);
        Gauge.builder("edge.viewers", hls.viewers(), x -> x.count()).tag("protocol", "hls")
                .description("HLS viewers now, estimated: distinct client address and User-Agent per stream within the session timeout").register(registry);
        Gauge.builder("edge.hls.sessions", hls, x -> x.sessions()).description("streams watched over HLS now").register(registry);
        Gauge.builder("edge.streams", node.streams(), x -> x.count()).description("streams pulled now").register(registry);
        FunctionCounter.builder("edge.viewers.opened", d, x -> x.viewersTotal()).description("HTTP-FLV viewers served since start").register(registry);
        FunctionCounter.builder("edge.egress", d, x -> x.bytesOut()).baseUnit("bytes").tag("protocol", "http-flv")
                .description("bytes sent to viewers").register(registry);
        FunctionCounter.builder("edge.egress", hls.stats(), x -> x.bytesOut()).baseUnit("bytes").tag("protocol", "hls")
                .description("bytes sent to viewers").register(registry);
        FunctionCounter.builder("edge.frames.skipped", d, x -> x.framesSkipped()).description("media tags dropped for slow viewers").register(registry);
        FunctionCounter.builder("edge.viewers.closed.slow", d, x -> x.closedSlow()).description("viewers closed for staying behind").register(registry);
        Gauge.builder("edge.gop.cache", node, NodeMetrics::gopBytes).baseUnit("bytes").description("GOP cache payload, all streams").register(registry);
        Gauge.builder("edge.hls.segment.cache", hls.cache(), x -> x.weightedBytes()).baseUnit("bytes").description("HLS segment cache").register(registry);
        Gauge.builder("edge.hls.segments.cut", hls, x -> x.forcedCuts())
                .description("segments of the streams pulled now that outgrew hls.max-segment-duration or max-segment-bytes and were cut before a keyframe")
                .register(registry);
        Gauge.builder("edge.hls.segment.cache.hit.ratio", hls.cache(), x -> x.stats().hitRate()).description("HLS segment cache hit ratio since start").register(registry);
        FunctionCounter.builder("edge.hls.segments.produced", hls.stats(), x -> x.segmentsProduced()).register(registry);
        Timer ttff = Timer.builder("edge.ttff").description("server-side time to first frame: request to the first keyframe's last byte")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
                        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5))
                .register(registry);
        d.onTtff(micros -> ttff.record(micros, TimeUnit.MICROSECONDS));
        webrtc(node.webrtc(), registry);
        sampler = scheduler.scheduleWithFixedDelay(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    private static void webrtc(io.edgecdn.edge.webrtc.WebRtcService w, MeterRegistry registry) {
        var t = w.totals();
        Gauge.builder("edge.viewers", w, x -> x.count()).tag("protocol", "webrtc")
                .description("WHEP sessions open now").register(registry);
        FunctionCounter.builder("edge.egress", t, x -> x.bytesSent()).baseUnit("bytes").tag("protocol", "webrtc")
                .description("bytes sent to viewers").register(registry);
        FunctionCounter.builder("edge.webrtc.sessions.opened", t, x -> x.opened()).description("WHEP sessions opened since start").register(registry);
        FunctionCounter.builder("edge.webrtc.nacks.received", t, x -> x.nacksReceived())
                .description("RTP packets the browsers asked for again (generic NACK, RFC 4585)").register(registry);
        FunctionCounter.builder("edge.webrtc.packets.retransmitted", t, x -> x.retransmitted())
                .description("RTP packets sent again from the stream's packet history").register(registry);
        FunctionCounter.builder("edge.webrtc.keyframe.requests", t, x -> x.keyframeRequests())
                .description("PLI and FIR received; each moves its viewer to the next keyframe").register(registry);
        FunctionCounter.builder("edge.webrtc.rtcp.dropped", t, x -> x.rtcpDropped())
                .description("datagrams from browsers not used: SRTCP failing authentication, RTP, DTLS beyond its queue").register(registry);
        Timer rtt = Timer.builder("edge.webrtc.rtt").description("round-trip time to WebRTC viewers, from their receiver reports (RFC 3550 6.4.1)")
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
                        Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofSeconds(1))
                .register(registry);
        t.onRtt(ms -> rtt.record(ms, TimeUnit.MILLISECONDS));
    }

    private static double gopBytes(AdminViews n) {
        long b = 0;
        for (StreamStatus s : n.streams().status()) {
            b += s.source().gopBytes();
        }
        return b;
    }

    /** Folds each stream's ingress and reconnects since the last sample into its upstream's counters. */
    synchronized void sample() {
        Map<LiveSource, long[]> seen = new IdentityHashMap<>();
        for (StreamStatus s : node.streams().status()) {
            LiveSource src = node.streams().source(s.source().key());
            if (src == null || s.upstream() == null) {
                continue;
            }
            String upstream = s.upstream().uri().getScheme() + "://" + s.upstream().uri().getHost()
                    + (s.upstream().uri().getPort() > 0 ? ":" + s.upstream().uri().getPort() : "");
            long[] last = lastSeen.getOrDefault(src, new long[] {0, 0});
            long bytes = s.source().ingressBytes();
            long reconnects = s.reconnects();
            counter(ingressByUpstream, "edge.ingress", upstream, "bytes").addAndGet(Math.max(0, bytes - last[0]));
            counter(reconnectsByUpstream, "edge.upstream.reconnects", upstream, null).addAndGet(Math.max(0, reconnects - last[1]));
            seen.put(src, new long[] {bytes, reconnects});
        }
        lastSeen.clear();
        lastSeen.putAll(seen);
        sampleTranscode();
    }

    private AtomicLong counter(Map<String, AtomicLong> map, String name, String upstream, String unit) {
        return map.computeIfAbsent(upstream, u -> {
            AtomicLong v = new AtomicLong();
            FunctionCounter.Builder<AtomicLong> b = FunctionCounter.builder(name, v, AtomicLong::get).tag("upstream", u);
            if (unit != null) {
                b.baseUnit(unit);
            }
            b.register(registry);
            return v;
        });
    }

    private void sampleTranscode() {
        long now = System.nanoTime();
        Map<String, TranscodeService.SessionInfo> live = new java.util.HashMap<>();
        for (TranscodeService.SessionInfo s : node.transcode().sessions()) {
            live.put(s.base().toString(), s);
        }
        for (var e : live.entrySet()) {
            TranscodeMeters m = transcode.computeIfAbsent(e.getKey(), k -> {
                TranscodeMeters t = new TranscodeMeters();
                t.meters = List.of(
                        Gauge.builder("edge.transcode.fps", t, x -> x.fps).tags(Tags.of("stream", k))
                                .description("source frames decoded per second by the stream's transcode session").register(registry),
                        Gauge.builder("edge.transcode.lag", t, x -> x.lagSeconds).tags(Tags.of("stream", k)).baseUnit("seconds")
                                .description("how far the renditions trail the source").register(registry));
                return t;
            });
            TranscodeService.SessionInfo s = e.getValue();
            if (m.lastFrames >= 0 && now > m.lastNanos) {
                m.fps = (s.framesDecoded() - m.lastFrames) * 1e9 / (now - m.lastNanos);
            }
            m.lastFrames = s.framesDecoded();
            m.lastNanos = now;
            m.lagSeconds = s.lagMs() / 1000.0;
        }
        for (var it = transcode.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!live.containsKey(e.getKey())) {
                e.getValue().meters.forEach(registry::remove);
                it.remove();
            }
        }
    }

    @Override
    public void close() {
        sampler.cancel(false);
        node.delivery().onTtff(null);
        node.webrtc().totals().onRtt(null);
    }
}
