package io.edgecdn.edge.config;

import io.edgecdn.edge.cluster.ClusterSettings;
import io.edgecdn.edge.flv.HttpFlvSettings;
import io.edgecdn.edge.hls.HlsSettings;
import io.edgecdn.edge.router.HttpSettings;
import io.edgecdn.edge.source.GopCacheLimits;
import io.edgecdn.edge.source.GopCacheSettings;
import io.edgecdn.edge.source.PullSettings;
import io.edgecdn.edge.source.SourcePolicy;
import io.edgecdn.edge.source.StreamPattern;
import io.edgecdn.edge.transcode.TranscodeSettings;
import io.edgecdn.edge.upstream.SigningRules;
import io.edgecdn.edge.upstream.UpstreamPolicy;
import io.edgecdn.edge.upstream.UpstreamRule;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.webrtc.WebRtcSettings;
import java.time.Duration;
import java.util.List;

/**
 * The node's whole configuration; see {@code edge.example.yaml} for every key, its unit and default.
 *
 * @param http the viewer-facing HTTP server
 * @param upstreams where streams are pulled from, first matching rule wins
 * @param pull pull timeouts, backoff and idle grace
 * @param pinned stream keys pulled from start-up, or patterns never idled once pulled
 * @param gopCache GOP cache bounds, and those of stream patterns
 * @param httpFlv per-viewer queue and slow-viewer policy
 * @param hls HLS segmenting, playlists and the segment cache
 * @param transcode the adaptive-bitrate ladder
 * @param maxStreams most streams pulled at once; a request for one more gets 503
 * @param cluster the node's place in the CDN: Consul registration, tiers, redirects
 * @param admin the admin API
 * @param signing signed viewer URLs
 * @param webrtc WebRTC playback (WHEP): its UDP port and candidates
 */
public record EdgeConfig(HttpSettings http, List<UpstreamRule> upstreams, PullSettings pull, List<String> pinned,
                         GopCacheSettings gopCache, HttpFlvSettings httpFlv, HlsSettings hls, TranscodeSettings transcode, int maxStreams,
                         ClusterSettings cluster, Admin admin, SigningRules signing, WebRtcSettings webrtc)
        implements SourcePolicy, UpstreamPolicy {

    /** Without cluster, admin, signing and WebRTC sections: a standalone node, no admin API, WebRTC on a free loopback port. */
    public EdgeConfig(HttpSettings http, List<UpstreamRule> upstreams, PullSettings pull, List<String> pinned,
                      GopCacheSettings gopCache, HttpFlvSettings httpFlv, HlsSettings hls, TranscodeSettings transcode, int maxStreams) {
        this(http, upstreams, pull, pinned, gopCache, httpFlv, hls, transcode, maxStreams, ClusterSettings.STANDALONE, Admin.DISABLED,
                SigningRules.NONE, WebRtcSettings.LOOPBACK);
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
        return gopCache.limitsFor(key);
    }


    /** The built-in defaults: port 8080 on all addresses, no upstream. */
    public static EdgeConfig defaults() {
        return new EdgeConfig(new HttpSettings("0.0.0.0", 8080, 0), List.of(),
                new PullSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
                        Duration.ofMillis(200), Duration.ofSeconds(5)),
                List.of(), GopCacheSettings.DEFAULTS,
                new HttpFlvSettings(8L << 20, Duration.ofSeconds(5), 3, Duration.ofSeconds(60), Duration.ofMillis(100)),
                new HlsSettings(Duration.ofSeconds(2), 6, 256L << 20, Duration.ofSeconds(10), Duration.ofSeconds(20)),
                new TranscodeSettings("libx264", io.edgecdn.transcoder.Rendition.DEFAULT_LADDER), 1000, ClusterSettings.STANDALONE, Admin.DEFAULT, SigningRules.NONE,
                WebRtcSettings.DEFAULTS);
    }

    /** Whether a stream is pinned (exact key or pattern). */
    @Override
    public boolean isPinned(StreamKey key) {
        return pinned.stream().anyMatch(p -> StreamPattern.matches(p, key.toString()));
    }

    public EdgeConfig withHttp(HttpSettings h) {
        return new EdgeConfig(h, upstreams, pull, pinned, gopCache, httpFlv, hls, transcode, maxStreams, cluster, admin, signing, webrtc);
    }

    public EdgeConfig withUpstreams(List<UpstreamRule> u) {
        return new EdgeConfig(http, u, pull, pinned, gopCache, httpFlv, hls, transcode, maxStreams, cluster, admin, signing, webrtc);
    }

    public EdgeConfig withPinned(List<String> p) {
        return new EdgeConfig(http, upstreams, pull, p, gopCache, httpFlv, hls, transcode, maxStreams, cluster, admin, signing, webrtc);
    }

    public EdgeConfig withPull(PullSettings p) {
        return new EdgeConfig(http, upstreams, p, pinned, gopCache, httpFlv, hls, transcode, maxStreams, cluster, admin, signing, webrtc);
    }

    public EdgeConfig withHttpFlv(HttpFlvSettings f) {
        return new EdgeConfig(http, upstreams, pull, pinned, gopCache, f, hls, transcode, maxStreams, cluster, admin, signing, webrtc);
    }

    public EdgeConfig withHls(HlsSettings h) {
        return new EdgeConfig(http, upstreams, pull, pinned, gopCache, httpFlv, h, transcode, maxStreams, cluster, admin, signing, webrtc);
    }

    public EdgeConfig withTranscode(TranscodeSettings t) {
        return new EdgeConfig(http, upstreams, pull, pinned, gopCache, httpFlv, hls, t, maxStreams, cluster, admin, signing, webrtc);
    }

    public EdgeConfig withCluster(ClusterSettings c) {
        return new EdgeConfig(http, upstreams, pull, pinned, gopCache, httpFlv, hls, transcode, maxStreams, c, admin, signing, webrtc);
    }

    public EdgeConfig withGopCache(GopCacheSettings g) {
        return new EdgeConfig(http, upstreams, pull, pinned, g, httpFlv, hls, transcode, maxStreams, cluster, admin, signing, webrtc);
    }

    public EdgeConfig withAdmin(Admin a) {
        return new EdgeConfig(http, upstreams, pull, pinned, gopCache, httpFlv, hls, transcode, maxStreams, cluster, a, signing, webrtc);
    }

    public EdgeConfig withWebRtc(WebRtcSettings w) {
        return new EdgeConfig(http, upstreams, pull, pinned, gopCache, httpFlv, hls, transcode, maxStreams, cluster, admin, signing, w);
    }

    public EdgeConfig withSigning(SigningRules sg) {
        return new EdgeConfig(http, upstreams, pull, pinned, gopCache, httpFlv, hls, transcode, maxStreams, cluster, admin, sg, webrtc);
    }
}
