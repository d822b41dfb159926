package io.edgecdn.edge;

import io.edgecdn.edge.cluster.ClusterSettings;

import io.edgecdn.edge.hls.HlsSettings;
import io.edgecdn.edge.config.EdgeConfig;
import io.edgecdn.edge.flv.DeliveryStats;
import io.edgecdn.edge.flv.HttpFlvHandler;
import com.github.benmanes.caffeine.cache.Ticker;
import io.edgecdn.edge.hls.HlsHandler;
import io.edgecdn.edge.hls.HlsService;
import io.edgecdn.edge.hls.SegmentCache;
import io.edgecdn.edge.router.EdgeHttpServer;
import io.edgecdn.edge.transcode.TranscodeService;
import io.edgecdn.edge.hls.Variants;
import java.time.Clock;
import io.edgecdn.edge.source.StreamKey;
import java.util.List;
import io.edgecdn.edge.source.StreamManager;
import io.edgecdn.pull.UpstreamEndpoint;
import io.edgecdn.pull.UpstreamPuller;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One running edge node: the stream manager (pulls and live sources), HTTP-FLV delivery and the
 * HTTP server, started together and closed together. Tests start several on loopback with port 0.
 */
public final class EdgeNode implements AutoCloseable {
    private volatile EdgeConfig config;
    private final ScheduledExecutorService scheduler;
    private final io.edgecdn.edge.upstream.UpstreamChoice upstreams;
    private final StreamManager streams;
    private final DeliveryStats delivery = new DeliveryStats();
    private final io.edgecdn.edge.flv.ViewerRegistry viewers = new io.edgecdn.edge.flv.ViewerRegistry();
    private final EdgeHttpServer http;
    private final HlsService hls;
    private final TranscodeService transcode;
    private final io.edgecdn.edge.webrtc.WebRtcService webrtc;
    private final Function<UpstreamEndpoint, UpstreamPuller> pullers;
    private volatile io.edgecdn.edge.cluster.ClusterService cluster;
    private volatile java.nio.file.Path configFile;
    private io.edgecdn.ops.AdminServer admin;
    private io.edgecdn.edge.admin.NodeMetrics metrics;
    private io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry;

    static {
        // libraries that log through java.util.logging (jitsi-srtp) go to the node's log, not stderr
        if (!org.slf4j.bridge.SLF4JBridgeHandler.isInstalled()) {
            org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
            org.slf4j.bridge.SLF4JBridgeHandler.install();
        }
    }

    private EdgeNode(EdgeConfig config, Function<UpstreamEndpoint, UpstreamPuller> pullers) {
        if (!config.transcode().alwaysOn().isEmpty()) { // renditions kept running: pins of the rendition streams
            List<String> pins = new java.util.ArrayList<>(config.pinned());
            pins.addAll(TranscodeService.alwaysOnPins(config.transcode()));
            config = config.withPinned(pins);
        }
        this.config = config;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("edge-scheduler").daemon(true).unstarted(r));
        this.pullers = pullers;
        this.upstreams = new io.edgecdn.edge.upstream.UpstreamChoice(() -> this.config);
        this.streams = new StreamManager(config, upstreams, this::pullerFor, io.edgecdn.media.time.TaskTimer.of(scheduler));
        this.transcode = new TranscodeService(streams, config.transcode());
        upstreams.internal(transcode::resolve);
        HlsSettings h = config.hls();
        this.hls = new HlsService(streams, h, new SegmentCache(h.cacheBytes(), h.retention(), Ticker.systemTicker()),
                Clock.systemUTC(), Ticker.systemTicker(), scheduler);
        Variants variants = new Variants(hls, streams, (key, width, height) -> rungs(transcode, key, width, height));
        this.http = new EdgeHttpServer(config.http(), new HttpFlvHandler(streams, () -> this.config.httpFlv(),
                () -> this.config.pull().connectTimeout(), delivery, viewers),
                new HlsHandler(hls, variants::playlist));
        this.webrtc = new io.edgecdn.edge.webrtc.WebRtcService(() -> this.config.webrtc(), new FfmpegOpus(),
                Clock.systemUTC(), System::nanoTime, scheduler);
        http.webrtc(new io.edgecdn.edge.webrtc.WhepHandler(webrtc, streams, () -> this.config.pull().connectTimeout(),
                k -> transcode.parse(k).isPresent() ? null
                        : new StreamKey(k.app(), k.stream() + "_" + TranscodeService.WEBRTC_RENDITION)));
        http.signatures(new io.edgecdn.edge.router.SignatureCheck(() -> this.config.signing(),
                k -> transcode.parse(k).map(java.util.Map.Entry::getKey).orElse(null), Clock.systemUTC()));
    }

    /** The ladder of a stream as HLS sees it: each rendition smaller than the source, as a stream of its own. */
    private static List<Variants.Ladder.Rung> rungs(TranscodeService transcode, StreamKey key, int width, int height) {
        List<Variants.Ladder.Rung> rungs = new java.util.ArrayList<>();
        for (io.edgecdn.transcoder.Rendition r : transcode.config().ladderFor(key)) {
            int[] size = r.sizeFor(width, height);
            if (size != null) {
                rungs.add(new Variants.Ladder.Rung(new StreamKey(key.app(), key.stream() + "_" + r.name()),
                        size[0], size[1], r.maxRate(), r.profileIdc()));
            }
        }
        return rungs;
    }

    /** Renditions ({@code transcode://}) come from the node's transcoder, every other upstream from the pullers. */
    private UpstreamPuller pullerFor(UpstreamEndpoint upstream) {
        return upstream.scheme().equals(UpstreamEndpoint.TRANSCODE_SCHEME) ? transcode.puller() : pullers.apply(upstream);
    }

    /** Starts a node: HTTP listening, pinned streams pulling. */
    public static EdgeNode start(EdgeConfig config) {
        UpstreamPullers standard = new UpstreamPullers();
        return start(config, standard::forEndpoint);
    }

    /** Starts a node whose admin API writes {@code ?persist=true} changes to {@code configFile}. */
    public static EdgeNode start(EdgeConfig config, java.nio.file.Path configFile) {
        UpstreamPullers standard = new UpstreamPullers();
        return start(config, standard::forEndpoint, configFile);
    }

    /** Starts a node whose pulls use the given pullers (by upstream URL) instead of the standard ones. */
    public static EdgeNode start(EdgeConfig config, Function<UpstreamEndpoint, UpstreamPuller> pullers) {
        return start(config, pullers, null);
    }

    private static EdgeNode start(EdgeConfig config, Function<UpstreamEndpoint, UpstreamPuller> pullers, java.nio.file.Path configFile) {
        EdgeNode node = new EdgeNode(config, pullers);
        node.configFile = configFile;
        try {
            node.http.start();
            node.webrtc.start();
            node.startCluster();
            node.startAdmin();
            node.streams.startPinned();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** Registers with Consul and turns on discovery, redirects and /schedule (standalone without Consul). */
    private void startCluster() {
        ClusterSettings c = config.cluster();
        InetSocketAddress a = http.address();
        String host = c.advertiseHost();
        if (host == null) {
            host = a.getAddress().isAnyLocalAddress() ? localAddress() : a.getAddress().getHostAddress();
        }
        io.edgecdn.scheduler.consul.NodeIdentity self = new io.edgecdn.scheduler.consul.NodeIdentity(c.nodeId(), c.tier(),
                c.region(), host, a.getPort(), c.weight(), c.maxViewers(), c.maxEgressMbps());
        io.edgecdn.edge.cluster.LoadMeter load = new io.edgecdn.edge.cluster.LoadMeter(() -> delivery.viewers() + webrtc.count(),
                () -> delivery.bytesOut() + hls.stats().bytesOut() + webrtc.totals().bytesSent(), streams::count);
        cluster = new io.edgecdn.edge.cluster.ClusterService(c, self, load,
                () -> delivery.viewers() + hls.sessions() + webrtc.count(), scheduler,
                Clock.systemUTC());
        if (cluster.clustered()) {
            upstreams.discovery(cluster);
        }
        http.cluster(cluster);
        cluster.start();
    }

    /** The admin API and metrics, on their own port, when enabled. */
    private void startAdmin() {
        EdgeConfig.Admin a = config.admin();
        if (!a.enabled()) {
            return;
        }
        registry = io.edgecdn.ops.Metrics.create();
        var views = new io.edgecdn.edge.admin.AdminViews(() -> config.gopCache(), g -> updateConfig(config.withGopCache(g)),
                streams, viewers, delivery, hls, transcode, webrtc, this::cluster, Clock.systemUTC());
        metrics = new io.edgecdn.edge.admin.NodeMetrics(views, registry, scheduler);
        admin = new io.edgecdn.ops.AdminServer(a.bind(), a.port(), a.token(),
                new io.edgecdn.edge.admin.AdminApi(views, configFile).routes(), registry, dashboard(), this::notReady);
        admin.start();
    }

    /** Why the node should not get new traffic now: draining, or registered with Consul but not passing. */
    private List<String> notReady() {
        List<String> why = new java.util.ArrayList<>();
        var c = cluster;
        if (c == null) {
            why.add("starting");
            return why;
        }
        if (c.drainState() != io.edgecdn.edge.cluster.ClusterService.DrainState.NONE) {
            why.add("draining (" + c.drainState().name().toLowerCase() + ")");
        }
        if (c.clustered() && c.registrationState() != io.edgecdn.scheduler.consul.NodeRegistration.State.REGISTERED) {
            why.add("Consul registration " + c.registrationState().name().toLowerCase());
        }
        return why;
    }

    private static java.util.Map<String, io.edgecdn.ops.AdminServer.Asset> dashboard() {
        var html = new io.edgecdn.ops.AdminServer.Asset("text/html; charset=utf-8", io.edgecdn.edge.web.WebAssets.bytes("dashboard.html"));
        return java.util.Map.of("/admin/dashboard", html, "/admin/", html,
                "/admin/dashboard.js", new io.edgecdn.ops.AdminServer.Asset("application/javascript; charset=utf-8",
                        io.edgecdn.edge.web.WebAssets.bytes("dashboard.js")));
    }

    /** {@code http://127.0.0.1:PORT} of the admin API, or null when it is off. */
    public String adminUrl() {
        if (admin == null) {
            return null;
        }
        InetSocketAddress a = admin.address();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return "http://" + host + ":" + a.getPort();
    }

    private static String localAddress() {
        try {
            return java.net.InetAddress.getLocalHost().getHostAddress();
        } catch (java.io.IOException e) {
            return "127.0.0.1";
        }
    }

    /** The node's cluster membership (standalone without Consul). */
    public io.edgecdn.edge.cluster.ClusterService cluster() {
        return cluster;
    }

    /** The configuration in force (admin changes included: the ladders and HLS settings the services run with now). */
    public EdgeConfig config() {
        return config.withTranscode(transcode.config()).withHls(hls.config());
    }

    /**
     * Replaces the configuration in force, live: new streams, requests and signature checks use it
     * from now on, and the GOP cache bounds of every pulled stream follow it at once. Sections
     * with their own live update (HLS, ladders) are applied by their services.
     */
    public void updateConfig(EdgeConfig next) {
        this.config = next;
        streams.updatePolicy(next);
    }

    /** The HTTP listener's address (real port when 0 was configured). */
    public InetSocketAddress httpAddress() {
        return http.address();
    }

    /** {@code http://127.0.0.1:PORT}-style base URL of the viewer port. */
    public String baseUrl() {
        InetSocketAddress a = http.address();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return "http://" + host + ":" + a.getPort();
    }

    public StreamManager streams() {
        return streams;
    }

    /** The HTTP-FLV viewers connected now. */
    public io.edgecdn.edge.flv.ViewerRegistry viewers() {
        return viewers;
    }

    public DeliveryStats delivery() {
        return delivery;
    }

    public TranscodeService transcode() {
        return transcode;
    }

    /** WebRTC playback: the WHEP sessions and the UDP port. */
    public io.edgecdn.edge.webrtc.WebRtcService webrtc() {
        return webrtc;
    }

    public HlsService hls() {
        return hls;
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
        if (metrics != null) {
            metrics.close();
            registry.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        hls.close();
        webrtc.close();
        streams.close();
        transcode.close();
        http.close();
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
