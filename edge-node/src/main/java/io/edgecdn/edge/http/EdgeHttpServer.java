package io.edgecdn.edge.http;

import io.edgecdn.edge.config.EdgeConfig;
import io.edgecdn.edge.flv.HttpFlvHandler;
import io.edgecdn.edge.hls.HlsHandler;
import io.edgecdn.edge.hls.SegmentId;
import io.edgecdn.edge.source.StreamKey;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
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
 *   <li>{@code OPTIONS *}: CORS preflight;</li>
 *   <li>anything else: JSON 404; a stream path with bad characters: JSON 400.</li>
 * </ul>
 * Handlers run on Undertow's I/O threads and never block; no worker pool is used for media.
 */
public final class EdgeHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EdgeHttpServer.class);

    private final Undertow undertow;
    private final HttpFlvHandler flv;
    private final HlsHandler hls;

    public EdgeHttpServer(EdgeConfig.Http http, HttpFlvHandler flv, HlsHandler hls) {
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
        boolean flvPath = parts.length == 3 && parts[0].isEmpty() && parts[2].endsWith(".flv");
        boolean playlistPath = parts.length == 3 && parts[0].isEmpty() && parts[2].endsWith(".m3u8");
        boolean segmentPath = parts.length == 4 && parts[0].isEmpty() && parts[3].endsWith(".ts");
        if (!flvPath && !playlistPath && !segmentPath) {
            if (path.endsWith(".flv") || path.endsWith(".m3u8") || path.endsWith(".ts")) {
                HttpResponses.error(exchange, 400, "bad_path", "bad stream path '" + path
                        + "': use /{app}/{stream}.flv, /{app}/{stream}.m3u8 or /{app}/{stream}/{sequence}.ts", null);
            } else {
                HttpResponses.error(exchange, 404, "not_found", "no such endpoint: " + path
                        + " (streams are at /{app}/{stream}.flv and /{app}/{stream}.m3u8)", null);
            }
            return;
        }
        String app = parts[1];
        String stream = segmentPath ? parts[2] : parts[2].substring(0, parts[2].lastIndexOf('.'));
        String sequence = segmentPath ? parts[3].substring(0, parts[3].length() - 3) : "0";
        if (!StreamKey.valid(app) || !StreamKey.valid(stream) || !sequence.matches("[0-9]{1,18}")) {
            HttpResponses.error(exchange, 400, "bad_path", "bad stream path '" + path
                    + "': app and stream are 1-128 of [A-Za-z0-9_.~-], a segment number is decimal", null);
            return;
        }
        if (!exchange.getRequestMethod().equals(Methods.GET)) {
            exchange.getResponseHeaders().put(io.undertow.util.Headers.ALLOW, "GET, OPTIONS");
            HttpResponses.error(exchange, 405, "method_not_allowed", "use GET for " + path, null);
            return;
        }
        StreamKey key = new StreamKey(app, stream);
        if (flvPath) {
            flv.serve(exchange, key);
        } else if (playlistPath) {
            hls.playlist(exchange, key);
        } else {
            hls.segment(exchange, new SegmentId(key, Long.parseLong(sequence)));
        }
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
