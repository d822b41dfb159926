package io.edgecdn.edge.cli;

import io.edgecdn.edge.router.HttpSettings;

import io.edgecdn.edge.cluster.ClusterSettings;

import io.edgecdn.edge.source.StreamPattern;
import io.edgecdn.edge.EdgeNode;
import io.edgecdn.ops.config.ConfigException;
import io.edgecdn.edge.config.ConfigLoader;
import io.edgecdn.ops.config.ConfigValues;
import io.edgecdn.edge.config.EdgeConfig;
import io.edgecdn.edge.upstream.UpstreamRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edge-node serve}: runs the node until SIGINT/SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the edge node (HTTP-FLV on --http-port, default 8080).")
public final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger("edge-node");

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (see edge.example.yaml)")
    Path config;

    @Option(names = "--http-port", paramLabel = "PORT", description = "viewer HTTP port (default 8080; 0 = any free port)")
    Integer httpPort;

    @Option(names = "--bind", paramLabel = "ADDR", description = "address to listen on (default 0.0.0.0)")
    String bind;

    @Option(names = "--upstream", paramLabel = "PATTERN=URL_TEMPLATE",
            description = "where streams matching PATTERN are pulled from, e.g. 'live/*=srt://127.0.0.1:9000?mode=caller&streamid=#!::r={app}/{stream},m=request'; "
                    + "repeatable; several URLs for one pattern are failover candidates, tried in order")
    List<String> upstreams = new ArrayList<>();

    @Option(names = "--pin", paramLabel = "KEY", description = "keep a stream pulled from start-up and never idle it (app/stream; a pattern with * only prevents idling)")
    List<String> pins = new ArrayList<>();

    @Option(names = "--consul", paramLabel = "URL", description = "register with this Consul agent and discover parents through it, e.g. http://127.0.0.1:8500 (token: CONSUL_HTTP_TOKEN)")
    String consul;

    @Option(names = "--node-id", paramLabel = "ID", description = "unique node id in Consul (default: the host name)")
    String nodeId;

    @Option(names = "--tier", paramLabel = "N", description = "1 = pulls from the origins, 2 = pulls from tier 1, ... (default 1)")
    Integer tier;

    @Option(names = "--region", paramLabel = "REGION", description = "the node's region; same-region parents and edges are preferred (default 'default')")
    String region;

    @Option(names = "--advertise-host", paramLabel = "HOST", description = "address registered for viewers and child nodes (default: the bind address, or the host's)")
    String advertiseHost;

    @Option(names = "--max-viewers", paramLabel = "N", description = "viewers at which the node counts as overloaded: check failing, new viewers redirected (default 10000)")
    Integer maxViewers;

    @Option(names = "--admin-port", paramLabel = "PORT", description = "admin API and /metrics port (default 8081; 0 = any free port; -1 = off)")
    Integer adminPort;

    @Option(names = "--admin-bind", paramLabel = "ADDR", description = "admin API address (default 127.0.0.1; another address needs a token: EDGE_ADMIN_TOKEN)")
    String adminBind;

    @Option(names = "--status-interval", paramLabel = "DURATION", defaultValue = "10s", description = "period of the status line (default 10s; 0s = off)")
    String statusInterval;

    @Override
    public Integer call() throws Exception {
        EdgeConfig cfg;
        Duration status;
        try {
            cfg = configFrom(config, httpPort, bind, upstreams, pins);
            cfg = clusterFrom(cfg, consul, System.getenv("CONSUL_HTTP_TOKEN"), nodeId, tier, region, advertiseHost, maxViewers);
            cfg = adminFrom(cfg, adminPort, adminBind, System.getenv("EDGE_ADMIN_TOKEN"));
            status = ConfigValues.parseDuration(statusInterval);
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("edge-node: config error: " + e.getMessage());
            return 2;
        }
        if (cfg.upstreams().isEmpty() && cfg.cluster().consul() == null) {
            log.warn("no upstream configured: every stream will answer 404; add --upstream 'live/*=srt://HOST:PORT?mode=caller'");
        }
        // FFmpeg's natives (about 14 MiB resident) are loaded only where they are needed: SRT pulls
        // and renditions. A node with SRT upstreams loads them now rather than in its first pull
        // (~0.3 s of a cold start); an RTMP/HTTP-FLV-only node loads them at its first rendition.
        if (cfg.upstreams().stream().flatMap(r -> r.templates().stream()).anyMatch(t -> t.startsWith("srt:"))) {
            Thread.ofPlatform().daemon(true).name("ffmpeg-preload").start(() -> {
                try {
                    io.edgecdn.pull.ffmpeg.FfmpegRuntime.init();
                } catch (Throwable e) {
                    log.warn("FFmpeg natives could not be loaded ({}); SRT pulls and renditions will fail", e.toString());
                }
            });
        }
        EdgeNode node;
        try {
            node = EdgeNode.start(cfg, config);
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("edge-node: cannot start: " + e.getMessage());
            return 2;
        }
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            node.close();
            done.countDown();
        }, "shutdown"));
        log.info("edge node up: play a stream with  ffplay {}/<app>/<stream>.flv  or open {}/play/<app>/<stream>", node.baseUrl(), node.baseUrl());
        long maxHeap = Runtime.getRuntime().maxMemory();
        log.info("JVM heap up to {} MiB (the plan for this config: {} MiB, see edge-node jvm-options)", maxHeap >> 20,
                io.edgecdn.edge.config.HeapPlan.maxHeapBytes(node.config()) >> 20);
        String heapWarning = io.edgecdn.edge.config.HeapPlan.checkRunningHeap(node.config(), maxHeap);
        if (heapWarning != null) {
            log.warn(heapWarning);
        }
        if (node.adminUrl() != null) {
            log.info("admin API and metrics at {} (dashboard: {}/admin/dashboard)", node.adminUrl(), node.adminUrl());
        }
        for (UpstreamRule r : cfg.upstreams()) {
            log.info("upstream {} -> {}", r.pattern(), r.templates());
        }
        io.edgecdn.edge.StatusReporter.schedule(node, status);
        done.await();
        return 0;
    }

    /**
     * The admin flags and {@code EDGE_ADMIN_TOKEN} on top of the config (the environment wins over
     * the file's token, so the file need not hold the secret).
     *
     * @throws ConfigException naming the bad flag
     */
    static EdgeConfig adminFrom(EdgeConfig cfg, Integer port, String bind, String envToken) {
        EdgeConfig.Admin a = cfg.admin();
        if (port != null) {
            if (port < -1 || port > 65535) {
                throw new ConfigException("--admin-port must be -1 (off) or 0-65535, got " + port);
            }
            a = port == -1 ? new EdgeConfig.Admin(false, a.bind(), 0, a.token()) : new EdgeConfig.Admin(true, a.bind(), port, a.token());
        }
        if (bind != null) {
            a = new EdgeConfig.Admin(a.enabled(), bind, a.port(), a.token());
        }
        if (envToken != null && !envToken.isBlank()) {
            if (envToken.strip().length() < 16) {
                throw new ConfigException("EDGE_ADMIN_TOKEN must be at least 16 characters (e.g. openssl rand -hex 24)");
            }
            a = new EdgeConfig.Admin(a.enabled(), a.bind(), a.port(), envToken.strip());
        }
        return cfg.withAdmin(a);
    }

    /**
     * The cluster flags on top of the config: {@code --consul} sets (or replaces) the agent address;
     * the token comes from the config or {@code CONSUL_HTTP_TOKEN}.
     *
     * @throws ConfigException naming the bad flag
     */
    static EdgeConfig clusterFrom(EdgeConfig cfg, String consul, String envToken, String nodeId, Integer tier, String region,
                                  String advertiseHost, Integer maxViewers) {
        ClusterSettings c = cfg.cluster();
        try {
            if (consul != null) {
                io.edgecdn.scheduler.consul.ConsulSettings s = c.consul() != null ? c.consul().withAddress(consul)
                        : io.edgecdn.scheduler.consul.ConsulSettings.defaults(consul);
                c = c.withConsul(s);
            }
            if (c.consul() != null && c.consul().token() == null && envToken != null && !envToken.isBlank()) {
                c = c.withConsul(c.consul().withToken(envToken.strip()));
            }
            c = c.withIdentity(nodeId != null ? nodeId : c.nodeId(), tier != null ? tier : c.tier(), region != null ? region : c.region());
            new io.edgecdn.scheduler.consul.NodeIdentity(c.nodeId(), c.tier(), c.region(), "localhost", 1, c.weight(),
                    c.maxViewers(), c.maxEgressMbps()); // validates the flags
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage().replace("consul.address", "--consul"));
        }
        if (advertiseHost != null) {
            c = c.withAdvertiseHost(advertiseHost);
        }
        if (maxViewers != null) {
            if (maxViewers < 1) {
                throw new ConfigException("--max-viewers must be at least 1, got " + maxViewers);
            }
            c = c.withCapacity(maxViewers, c.maxEgressMbps(), c.redirectThreshold());
        }
        return cfg.withCluster(c);
    }

    /**
     * The config file (or defaults) with the flags applied on top. {@code --upstream} rules come
     * first, grouped by pattern in the order given.
     *
     * @throws ConfigException or IllegalArgumentException naming the bad value
     */
    static EdgeConfig configFrom(Path file, Integer port, String bind, List<String> upstreams, List<String> pins) {
        EdgeConfig cfg = file != null ? ConfigLoader.load(file) : EdgeConfig.defaults();
        if (port != null || bind != null) {
            if (port != null && (port < 0 || port > 65535)) {
                throw new ConfigException("--http-port must be 0-65535, got " + port);
            }
            cfg = cfg.withHttp(new HttpSettings(bind != null ? bind : cfg.http().bind(),
                    port != null ? port : cfg.http().port(), cfg.http().ioThreads()));
        }
        if (!upstreams.isEmpty()) {
            Map<String, List<String>> byPattern = new LinkedHashMap<>();
            for (String spec : upstreams) {
                UpstreamRule one = UpstreamRule.parse(spec);
                byPattern.computeIfAbsent(one.pattern(), k -> new ArrayList<>()).addAll(one.templates());
            }
            List<UpstreamRule> rules = new ArrayList<>();
            byPattern.forEach((p, urls) -> rules.add(new UpstreamRule(p, urls)));
            rules.addAll(cfg.upstreams());
            cfg = cfg.withUpstreams(rules);
        }
        if (!pins.isEmpty()) {
            List<String> all = new ArrayList<>(cfg.pinned());
            for (String pin : pins) {
                if (!StreamPattern.isValid(pin)) {
                    throw new ConfigException("--pin '" + pin + "' must be app/stream");
                }
                all.add(pin);
            }
            cfg = cfg.withPinned(all);
        }
        return cfg;
    }
}
