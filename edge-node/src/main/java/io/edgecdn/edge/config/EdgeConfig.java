package io.edgecdn.edge.config;

import io.edgecdn.edge.flv.HttpFlvSettings;
import io.edgecdn.edge.hls.HlsSettings;
import io.edgecdn.edge.source.GopCacheLimits;
import io.edgecdn.edge.source.PullSettings;
import io.edgecdn.edge.source.SourcePolicy;
import io.edgecdn.edge.source.StreamPattern;
import io.edgecdn.edge.transcode.TranscodeSettings;
import io.edgecdn.edge.source.StreamKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The node's whole configuration; see {@code edge.example.yaml} for every key, its unit and default.
 *
 * @param http the viewer-facing HTTP server
 * @param upstreams where streams are pulled from, first matching rule wins
 * @param pull pull timeouts, backoff and idle grace
 * @param pinned stream keys pulled from start-up, or patterns never idled once pulled
 * @param gopCache GOP cache bounds
 * @param httpFlv per-viewer queue and slow-viewer policy
 * @param hls HLS segmenting, playlists and the segment cache
 * @param transcode the adaptive-bitrate ladder
 * @param maxStreams most streams pulled at once; a request for one more gets 503
 * @param cluster the node's place in the CDN: Consul registration, tiers, redirects
 * @param gopCacheOverrides GOP cache bounds for stream patterns, the first match wins over {@code gopCache}
 * @param admin the admin API
 * @param signing signed viewer URLs
 */
public record EdgeConfig(Http http, List<UpstreamRule> upstreams, PullSettings pull, List<String> pinned,
                         GopCacheLimits gopCache, HttpFlvSettings httpFlv, HlsSettings hls, TranscodeSettings transcode, int maxStreams,
                         Cluster cluster, List<GopCacheOverride> gopCacheOverrides, Admin admin, Signing signing)
        implements SourcePolicy {

    /** Without cluster, overrides and admin sections: a standalone node, no admin API. */
    public EdgeConfig(Http http, List<UpstreamRule> upstreams, PullSettings pull, List<String> pinned,
                      GopCacheLimits gopCache, HttpFlvSettings httpFlv, HlsSettings hls, TranscodeSettings transcode, int maxStreams) {
        this(http, upstreams, pull, pinned, gopCache, httpFlv, hls, transcode, maxStreams, Cluster.STANDALONE, List.of(), Admin.DISABLED, Signing.NONE);
    }

    /**
     * @param clockSkew how long past its expiry a signed URL is still accepted
     * @param rules which streams need a signature and how it is checked; the first matching rule wins
     */
    public record Signing(Duration clockSkew, List<SigningRule> rules) {
        /** Nothing signed. */
        public static final Signing NONE = new Signing(Duration.ofSeconds(30), List.of());

        /** The rule for a stream, or null when its URLs need no signature. */
        public SigningRule ruleFor(StreamKey key) {
            for (SigningRule r : rules) {
                if (StreamPattern.matches(r.pattern(), key.toString())) {
                    return r;
                }
            }
            return null;
        }
    }

    /**
     * @param pattern stream key pattern (app/stream with * wildcards)
     * @param scheme {@code txsecret} (Tencent Cloud's) or {@code hmac}
     * @param key the shared secret
     */
    public record SigningRule(String pattern, io.edgecdn.ops.UrlSigning.Scheme scheme, String key) {
        @Override
        public String toString() {
            return "SigningRule[" + pattern + ", " + scheme + ", key=***]";
        }
    }

    /**
     * @param pattern stream key pattern (app/stream with * wildcards)
     * @param limits the GOP cache bounds of matching streams
     */
    public record GopCacheOverride(String pattern, GopCacheLimits limits) {
    }

    /**
     * @param enabled whether the admin API runs
     * @param bind address it listens on (default 127.0.0.1)
     * @param port its TCP port (default 8081; 0 = any free port)
     * @param token bearer token (at least 16 characters); null: none, allowed on a loopback address only
     */
    public record Admin(boolean enabled, String bind, int port, String token) {
        /** No admin API. */
        public static final Admin DISABLED = new Admin(false, "127.0.0.1", 0, null);

        /** The default: 127.0.0.1:8081, no token. */
        public static final Admin DEFAULT = new Admin(true, "127.0.0.1", 8081, null);
    }

    /** The GOP cache bounds of a stream: the first matching override, else the default. */
    @Override
    public GopCacheLimits gopCacheFor(StreamKey key) {
        for (GopCacheOverride o : gopCacheOverrides) {
            if (StreamPattern.matches(o.pattern(), key.toString())) {
                return o.limits();
            }
        }
        return gopCache;
    }

    /**
     * @param consul the Consul agent and names, or null for a standalone node (static upstreams only,
     *     no registration, {@code /schedule} answers with this node)
     * @param nodeId unique node id (Consul service ID); default: the host name
     * @param tier 1 = pulls from the origins, 2 = pulls from tier 1, ...
     * @param region the node's region; parents and viewers' edges in the same region are preferred
     * @param advertiseHost the address registered for viewers and child nodes; null: the bind address,
     *     or the host's address when bound to all
     * @param weight relative capacity, above 0 (1.0 = a standard node)
     * @param maxViewers HTTP-FLV viewers at which the node counts as overloaded (check failing)
     * @param maxEgressMbps egress in Mbit/s at which the node counts as overloaded
     * @param redirect whether new viewers are redirected (302) to another edge when over the threshold
     * @param redirectThreshold load (0..1 of viewer or egress capacity) from which new viewers are redirected
     * @param penaltyFailures failed pulls from one parent, within {@code penaltyWindow}, that put it in the penalty box
     * @param penaltyWindow window over which failures count
     * @param penaltyDuration how long a boxed parent is tried last
     * @param drainDeadline default longest wait of a drain for viewers to leave
     */
    public record Cluster(io.edgecdn.scheduler.consul.ConsulSettings consul, String nodeId, int tier, String region,
                          String advertiseHost, double weight, int maxViewers, double maxEgressMbps, boolean redirect,
                          double redirectThreshold, int penaltyFailures, Duration penaltyWindow, Duration penaltyDuration,
                          Duration drainDeadline) {
        /** No Consul; default identity. */
        public static final Cluster STANDALONE = new Cluster(null, defaultNodeId(), 1, "default", null, 1.0, 10_000,
                10_000, true, 0.9, 2, Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(5));

        static String defaultNodeId() {
            try {
                String h = java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "-");
                return h.isEmpty() ? "edge-node" : h.length() > 63 ? h.substring(0, 63) : h;
            } catch (java.io.IOException e) {
                return "edge-node";
            }
        }

        public Cluster withConsul(io.edgecdn.scheduler.consul.ConsulSettings c) {
            return new Cluster(c, nodeId, tier, region, advertiseHost, weight, maxViewers, maxEgressMbps, redirect,
                    redirectThreshold, penaltyFailures, penaltyWindow, penaltyDuration, drainDeadline);
        }

        public Cluster withIdentity(String id, int t, String r) {
            return new Cluster(consul, id, t, r, advertiseHost, weight, maxViewers, maxEgressMbps, redirect,
                    redirectThreshold, penaltyFailures, penaltyWindow, penaltyDuration, drainDeadline);
        }

        public Cluster withAdvertiseHost(String host) {
            return new Cluster(consul, nodeId, tier, region, host, weight, maxViewers, maxEgressMbps, redirect,
                    redirectThreshold, penaltyFailures, penaltyWindow, penaltyDuration, drainDeadline);
        }

        public Cluster withCapacity(int viewers, double egressMbps, double threshold) {
            return new Cluster(consul, nodeId, tier, region, advertiseHost, weight, viewers, egressMbps, redirect,
                    threshold, penaltyFailures, penaltyWindow, penaltyDuration, drainDeadline);
        }
    }

    /**
     * @param bind address to listen on
     * @param port TCP port, 0 = any free port
     * @param ioThreads Undertow I/O threads, 0 = one per core
     */
    public record Http(String bind, int port, int ioThreads) {
    }

    /** The built-in defaults: port 8080 on all addresses, no upstream. */
    public static EdgeConfig defaults() {
        return new EdgeConfig(new Http("0.0.0.0", 8080, 0), List.of(),
                new PullSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
                        Duration.ofMillis(200), Duration.ofSeconds(5)),
                List.of(), GopCacheLimits.DEFAULTS,
                new HttpFlvSettings(8L << 20, Duration.ofSeconds(5), 3, Duration.ofSeconds(60), Duration.ofMillis(100)),
                new HlsSettings(Duration.ofSeconds(2), 6, 256L << 20, Duration.ofSeconds(10), Duration.ofSeconds(20)),
                new TranscodeSettings("libx264", io.edgecdn.transcoder.Rendition.DEFAULT_LADDER), 1000, Cluster.STANDALONE, List.of(), Admin.DEFAULT, Signing.NONE);
    }

    /** The first rule matching a stream, if any. */
    public Optional<UpstreamRule> upstreamFor(StreamKey key) {
        return upstreams.stream().filter(r -> r.matches(key)).findFirst();
    }

    /** Whether a stream is pinned (exact key or pattern). */
    @Override
    public boolean isPinned(StreamKey key) {
        return pinned.stream().anyMatch(p -> StreamPattern.matches(p, key.toString()));
    }

    public EdgeConfig withHttp(Http h) {
        return new EdgeConfig(h, upstreams, pull, pinned, gopCache, httpFlv, hls, transcode, maxStreams, cluster, gopCacheOverrides, admin, signing);
    }

    public EdgeConfig withUpstreams(List<UpstreamRule> u) {
        return new EdgeConfig(http, u, pull, pinned, gopCache, httpFlv, hls, transcode, maxStreams, cluster, gopCacheOverrides, admin, signing);
    }

    public EdgeConfig withPinned(List<String> p) {
        return new EdgeConfig(http, upstreams, pull, p, gopCache, httpFlv, hls, transcode, maxStreams, cluster, gopCacheOverrides, admin, signing);
    }

    public EdgeConfig withPull(PullSettings p) {
        return new EdgeConfig(http, upstreams, p, pinned, gopCache, httpFlv, hls, transcode, maxStreams, cluster, gopCacheOverrides, admin, signing);
    }

    public EdgeConfig withHttpFlv(HttpFlvSettings f) {
        return new EdgeConfig(http, upstreams, pull, pinned, gopCache, f, hls, transcode, maxStreams, cluster, gopCacheOverrides, admin, signing);
    }

    public EdgeConfig withHls(HlsSettings h) {
        return new EdgeConfig(http, upstreams, pull, pinned, gopCache, httpFlv, h, transcode, maxStreams, cluster, gopCacheOverrides, admin, signing);
    }

    public EdgeConfig withTranscode(TranscodeSettings t) {
        return new EdgeConfig(http, upstreams, pull, pinned, gopCache, httpFlv, hls, t, maxStreams, cluster, gopCacheOverrides, admin, signing);
    }

    public EdgeConfig withCluster(Cluster c) {
        return new EdgeConfig(http, upstreams, pull, pinned, gopCache, httpFlv, hls, transcode, maxStreams, c, gopCacheOverrides, admin, signing);
    }

    public EdgeConfig withGopCache(GopCacheLimits g, List<GopCacheOverride> overrides) {
        return new EdgeConfig(http, upstreams, pull, pinned, g, httpFlv, hls, transcode, maxStreams, cluster, List.copyOf(overrides), admin, signing);
    }

    public EdgeConfig withAdmin(Admin a) {
        return new EdgeConfig(http, upstreams, pull, pinned, gopCache, httpFlv, hls, transcode, maxStreams, cluster, gopCacheOverrides, a, signing);
    }

    public EdgeConfig withSigning(Signing sg) {
        return new EdgeConfig(http, upstreams, pull, pinned, gopCache, httpFlv, hls, transcode, maxStreams, cluster, gopCacheOverrides, admin, sg);
    }
}
