package io.edgecdn.edge.router;

import org.jspecify.annotations.Nullable;
import io.edgecdn.pull.ChildPull;
import io.edgecdn.ops.EdgeError;
import io.edgecdn.ops.http.HttpResponses;

import io.edgecdn.edge.flv.HttpFlvHandler;
import io.edgecdn.edge.hls.HlsHandler;
import io.edgecdn.edge.hls.SegmentId;
import io.edgecdn.edge.source.StreamKey;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;

/**
 * The viewer-facing HTTP server. Routes:
 * <ul>
 *   <li>{@code GET /{app}/{stream}.flv}: HTTP-FLV ({@link HttpFlvHandler});</li>
 *   <li>{@code GET /{app}/{stream}.m3u8} and {@code GET /{app}/{stream}/{sequence}.ts}: HLS ({@link HlsHandler});</li>
 *   <li>{@code POST /{app}/{stream}/whep}, {@code DELETE /{app}/{stream}/whep/{id}}: WebRTC playback
 *       ({@link io.edgecdn.edge.webrtc.WhepHandler});</li>
 *   <li>{@code GET /schedule/{app}/{stream}?region=R}: the best edges for a viewer ({@link ScheduleHandler});</li>
 *   <li>{@code GET /play/{app}/{stream}}: the player page (mpegts.js for HTTP-FLV, {@code ?mode=hls}
 *       for hls.js), and {@code /play/vendor/mpegts.js}, {@code /play/vendor/hls.min.js};</li>
 *   <li>{@code OPTIONS *}: CORS preflight;</li>
 *   <li>anything else: JSON 404; a stream path with bad characters: JSON 400.</li>
 * </ul>
 * Streams matching a signing rule need a valid signature on every request ({@link SignatureCheck}):
 * 403 with the reason otherwise. A new viewer's {@code .flv} or {@code .m3u8} request is answered with a 302 to another edge when
 * the cluster says so (node over its threshold, or draining); the redirect adds {@code
 * redirected=1} so that it is never redirected again, and child nodes' pulls are never redirected.
 * Handlers run on Undertow's I/O threads and never block; no worker pool is used for media.
 */
public final class EdgeHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EdgeHttpServer.class);

    private static final byte[] PLAYER = io.edgecdn.edge.web.WebAssets.bytes("player.html");
    private static final java.util.Map<String, byte[]> VENDOR = java.util.Map.of(
            "mpegts.js", io.edgecdn.edge.web.WebAssets.bytes("vendor/mpegts.js"),
            "hls.min.js", io.edgecdn.edge.web.WebAssets.bytes("vendor/hls.min.js"));

    private final Undertow undertow;
    private final HttpFlvHandler flv;
    private final HlsHandler hls;
    private volatile io.edgecdn.edge.cluster.@Nullable ClusterService cluster;
    private volatile @Nullable ScheduleHandler schedule;
    private volatile @Nullable SignatureCheck signatures;
    private volatile io.edgecdn.edge.webrtc.@Nullable WhepHandler whep;

    public EdgeHttpServer(HttpSettings http, HttpFlvHandler flv, HlsHandler hls) {
        this.flv = flv;
        this.hls = hls;
        int io = http.ioThreads() > 0 ? http.ioThreads() : Math.max(1, Runtime.getRuntime().availableProcessors());
        this.undertow = Undertow.builder()
                .addHttpListener(http.port(), http.bind())
                .setIoThreads(io)
                .setWorkerThreads(2)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
                .setServerOption(UndertowOptions.ALWAYS_SET_DATE, true)
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
                .setSocketOption(Options.TCP_NODELAY, true)
                .setSocketOption(Options.KEEP_ALIVE, true)
                .setHandler(this::route)
                .build();
    }

    /** Turns on signed-URL checks. */
    public void signatures(SignatureCheck check) {
        this.signatures = check;
    }

    /** Turns on WebRTC playback ({@code /{app}/{stream}/whep}). */
    public void webrtc(io.edgecdn.edge.webrtc.WhepHandler handler) {
        this.whep = handler;
    }

    /** Turns on redirects and {@code /schedule} (once the node's port is known). */
    public void cluster(io.edgecdn.edge.cluster.ClusterService c) {
        this.cluster = c;
        this.schedule = new ScheduleHandler(c);
    }

    /** Starts listening. */
    public void start() {
        HttpResponses.warmUp();
        undertow.start();
        log.info("HTTP listening on {}", address());
    }

    /** The bound address (with the real port when the configured port was 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
    }

    private void route(HttpServerExchange exchange) {
        if (exchange.getRequestMethod().equals(Methods.OPTIONS)) {
            HttpResponses.preflight(exchange);
            return;
        }
        String path = exchange.getRelativePath();
        String[] parts = path.split("/", -1);
        if (parts.length >= 3 && parts[1].equals("play") && exchange.getRequestMethod().equals(Methods.GET)) {
            play(exchange, parts);
            return;
        }
        if (parts.length == 4 && parts[1].equals("schedule")) {
            ScheduleHandler sh = schedule;
            if (sh == null) {
                HttpResponses.error(exchange, EdgeError.STARTING, "the node is starting", null);
            } else if (!StreamKey.valid(parts[2]) || !StreamKey.valid(parts[3])) {
                HttpResponses.error(exchange, EdgeError.BAD_PATH, "bad stream in '" + path + "': use /schedule/{app}/{stream}", null);
            } else {
                sh.serve(exchange, new StreamKey(parts[2], parts[3]));
            }
            return;
        }
        if ((parts.length == 4 || parts.length == 5) && parts[0].isEmpty() && parts[3].equals("whep")) {
            whep(exchange, parts);
            return;
        }
        boolean flvPath = parts.length == 3 && parts[0].isEmpty() && parts[2].endsWith(".flv");
        boolean playlistPath = parts.length == 3 && parts[0].isEmpty() && parts[2].endsWith(".m3u8");
        boolean segmentPath = parts.length == 4 && parts[0].isEmpty() && parts[3].endsWith(".ts");
        if (!flvPath && !playlistPath && !segmentPath) {
            if (path.endsWith(".flv") || path.endsWith(".m3u8") || path.endsWith(".ts")) {
                HttpResponses.error(exchange, EdgeError.BAD_PATH, "bad stream path '" + path
                        + "': use /{app}/{stream}.flv, /{app}/{stream}.m3u8 or /{app}/{stream}/{sequence}.ts", null);
            } else {
                HttpResponses.error(exchange, EdgeError.NOT_FOUND, "no such endpoint: " + path
                        + " (streams are at /{app}/{stream}.flv and /{app}/{stream}.m3u8)", null);
            }
            return;
        }
        String app = parts[1];
        String stream = segmentPath ? parts[2] : parts[2].substring(0, parts[2].lastIndexOf('.'));
        String sequence = segmentPath ? parts[3].substring(0, parts[3].length() - 3) : "0";
        if (!StreamKey.valid(app) || !StreamKey.valid(stream) || !sequence.matches("[0-9]{1,18}")) {
            HttpResponses.error(exchange, EdgeError.BAD_PATH, "bad stream path '" + path
                    + "': app and stream are 1-128 of [A-Za-z0-9_.~-], a segment number is decimal", null);
            return;
        }
        if (!exchange.getRequestMethod().equals(Methods.GET)) {
            exchange.getResponseHeaders().put(io.undertow.util.Headers.ALLOW, "GET, OPTIONS");
            HttpResponses.error(exchange, EdgeError.METHOD_NOT_ALLOWED, "use GET for " + path, null);
            return;
        }
        StreamKey key = new StreamKey(app, stream);
        SignatureCheck sig = signatures;
        if (sig != null) {
            String refusal = sig.refusal(key, exchange.getQueryParameters());
            if (refusal != null) {
                HttpResponses.error(exchange, EdgeError.FORBIDDEN, refusal, key.toString());
                return;
            }
            if (playlistPath) {
                exchange.putAttachment(io.edgecdn.ops.http.ViewerRequest.SIGNING_QUERY, sig.propagated(key, exchange.getQueryParameters()));
            }
        }
        if ((flvPath || playlistPath) && redirected(exchange, key)) {
            return;
        }
        if (flvPath) {
            flv.serve(exchange, key);
        } else if (playlistPath) {
            hls.playlist(exchange, key);
        } else {
            hls.segment(exchange, new SegmentId(key, Long.parseLong(sequence)));
        }
    }

    /** {@code POST /{app}/{stream}/whep}, {@code DELETE} and {@code PATCH /{app}/{stream}/whep/{id}}. */
    private void whep(HttpServerExchange exchange, String[] parts) {
        String path = exchange.getRelativePath();
        if (!StreamKey.valid(parts[1]) || !StreamKey.valid(parts[2]) || (parts.length == 5 && !parts[4].matches("[0-9a-f]{24}"))) {
            if (parts.length == 5 && StreamKey.valid(parts[1]) && StreamKey.valid(parts[2])) {
                HttpResponses.error(exchange, EdgeError.NO_SUCH_SESSION, "no WHEP session at " + path, parts[1] + "/" + parts[2]);
            } else {
                HttpResponses.error(exchange, EdgeError.BAD_PATH, "bad stream path '" + path
                        + "': app and stream are 1-128 of [A-Za-z0-9_.~-]", null);
            }
            return;
        }
        StreamKey key = new StreamKey(parts[1], parts[2]);
        io.edgecdn.edge.webrtc.WhepHandler h = whep;
        if (h == null) {
            HttpResponses.error(exchange, EdgeError.WEBRTC_UNAVAILABLE, "WebRTC playback is not running on this node", key.toString());
            return;
        }
        io.undertow.util.HttpString method = exchange.getRequestMethod();
        if (parts.length == 4) {
            if (!method.equals(Methods.POST)) {
                exchange.getResponseHeaders().put(io.undertow.util.Headers.ALLOW, "POST, OPTIONS");
                HttpResponses.error(exchange, EdgeError.METHOD_NOT_ALLOWED, "POST an SDP offer to " + path + " (WHEP)", key.toString());
                return;
            }
            SignatureCheck sig = signatures;
            String refusal = sig == null ? null : sig.refusal(key, exchange.getQueryParameters());
            if (refusal != null) {
                HttpResponses.error(exchange, EdgeError.FORBIDDEN, refusal, key.toString());
                return;
            }
            h.offer(exchange, key);
        } else if (method.equals(Methods.DELETE)) {
            h.delete(exchange, key, parts[4]);
        } else if (method.equals(Methods.PATCH)) {
            h.patch(exchange, key);
        } else {
            exchange.getResponseHeaders().put(io.undertow.util.Headers.ALLOW, "DELETE, OPTIONS");
            HttpResponses.error(exchange, EdgeError.METHOD_NOT_ALLOWED, "DELETE " + path + " ends the session", key.toString());
        }
    }

    private static void play(HttpServerExchange exchange, String[] parts) {
        if (parts.length == 4 && parts[2].equals("vendor") && VENDOR.containsKey(parts[3])) {
            exchange.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_TYPE, "application/javascript; charset=utf-8");
            exchange.getResponseHeaders().put(io.undertow.util.Headers.CACHE_CONTROL, "public, max-age=86400");
            exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(VENDOR.get(parts[3])));
        } else if (parts.length == 4 && StreamKey.valid(parts[2]) && StreamKey.valid(parts[3])) {
            exchange.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_TYPE, "text/html; charset=utf-8");
            exchange.getResponseHeaders().put(io.undertow.util.Headers.CACHE_CONTROL, "no-cache");
            exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(PLAYER));
        } else {
            HttpResponses.error(exchange, EdgeError.NOT_FOUND, "the player page is /play/{app}/{stream}", null);
        }
    }

    /** Answers 302 to another edge when the cluster says so; true when it did. */
    private boolean redirected(HttpServerExchange exchange, StreamKey key) {
        io.edgecdn.edge.cluster.ClusterService c = cluster;
        if (c == null || exchange.getRequestHeaders().contains(ChildPull.HEADER)) {
            return false;
        }
        java.util.Deque<String> region = exchange.getQueryParameters().get("region");
        boolean already = exchange.getQueryParameters().containsKey("redirected");
        io.edgecdn.scheduler.NodeInfo target = c.redirectTarget(key, region == null ? null : region.peekFirst(), already);
        if (target == null) {
            return false;
        }
        String query = exchange.getQueryString();
        String location = target.baseUrl() + exchange.getRequestPath() + "?" + (query.isEmpty() ? "" : query + "&") + "redirected=1";
        HttpResponses.cors(exchange);
        exchange.setStatusCode(302);
        exchange.getResponseHeaders().put(io.undertow.util.Headers.LOCATION, location);
        exchange.getResponseHeaders().put(io.undertow.util.Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_LENGTH, 0);
        exchange.endExchange();
        log.debug("redirected a viewer of {} to {} ({})", key, target.id(), location);
        return true;
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
