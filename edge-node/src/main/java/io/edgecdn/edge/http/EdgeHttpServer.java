package io.edgecdn.edge.http;

import io.edgecdn.edge.config.EdgeConfig;
import io.edgecdn.edge.flv.HttpFlvHandler;
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
 *   <li>{@code OPTIONS *}: CORS preflight;</li>
 *   <li>anything else: JSON 404; a stream path with bad characters: JSON 400.</li>
 * </ul>
 * Handlers run on Undertow's I/O threads and never block; no worker pool is used for media.
 */
public final class EdgeHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EdgeHttpServer.class);

    private final Undertow undertow;
    private final HttpFlvHandler flv;

    public EdgeHttpServer(EdgeConfig.Http http, HttpFlvHandler flv) {
        this.flv = flv;
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
        if (parts.length == 3 && parts[0].isEmpty() && parts[2].endsWith(".flv")) {
            String app = parts[1];
            String stream = parts[2].substring(0, parts[2].length() - 4);
            if (!StreamKey.valid(app) || !StreamKey.valid(stream)) {
                HttpResponses.error(exchange, 400, "bad_path", "bad stream path '" + path
                        + "': app and stream are 1-128 of [A-Za-z0-9_.~-]; use /{app}/{stream}.flv", null);
                return;
            }
            if (!exchange.getRequestMethod().equals(Methods.GET)) {
                exchange.getResponseHeaders().put(io.undertow.util.Headers.ALLOW, "GET, OPTIONS");
                HttpResponses.error(exchange, 405, "method_not_allowed", "use GET for " + path, null);
                return;
            }
            flv.serve(exchange, new StreamKey(app, stream));
            return;
        }
        if (path.endsWith(".flv")) {
            HttpResponses.error(exchange, 400, "bad_path", "bad stream path '" + path + "': use /{app}/{stream}.flv", null);
            return;
        }
        HttpResponses.error(exchange, 404, "not_found", "no such endpoint: " + path + " (streams are at /{app}/{stream}.flv)", null);
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
