package io.edgecdn.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.PathTemplateMatch;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP server, on its own port (default bound to 127.0.0.1). JSON in and out (Jackson);
 * errors as {@code {"error": code, "message": text}} with the status of the {@link AdminException}.
 *
 * <p>Every call but {@code GET /admin/health} needs {@code Authorization: Bearer TOKEN} when a
 * token is configured: without one 401 (with {@code WWW-Authenticate: Bearer}), with a wrong one
 * 403, compared in constant time ({@link AdminAuth}). Without a token the server only starts on a
 * loopback address, and then serves every call (anyone who can reach it is on the machine).
 *
 * <p>Routes come from the node ({@link AdminRoute}); this server adds {@code GET /metrics}
 * (Prometheus text format 0.0.4 from the registry) and static pages. Handlers run on the server's
 * worker threads, never on an I/O thread; bodies are limited to 1 MiB.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MAX_BODY = 1 << 20;

    /** A static page or asset served without auth checks other than the API's (e.g. the dashboard). */
    public record Asset(String contentType, byte[] body) {
    }

    private final Undertow undertow;
    private final AdminAuth auth;

    /**
     * @param bind address to listen on
     * @param port TCP port, 0 = any free port
     * @param token bearer token, or null for none (then {@code bind} must be a loopback address)
     * @param routes the node's endpoints
     * @param registry metrics served at {@code /metrics}, or null for none
     * @param assets static files by path (e.g. {@code /admin/} for the dashboard), served without a token
     *     (they hold no data; the page asks for the token and sends it with each call)
     * @throws IllegalStateException when no token is set and {@code bind} is not loopback
     * @throws IllegalArgumentException for a token under 16 characters
     */
    public AdminServer(String bind, int port, String token, List<AdminRoute> routes, PrometheusMeterRegistry registry,
                       Map<String, Asset> assets) {
        this(bind, port, token, routes, registry, assets, () -> List.of());
    }

    /**
     * The same, with readiness: {@code GET /admin/health} always answers 200 while the process
     * serves (liveness) and lists {@code notReady()}'s reasons; {@code GET /admin/health?ready}
     * answers 503 while there is any (a readiness probe).
     *
     * @param notReady why the node should not get traffic now (empty: ready)
     */
    public AdminServer(String bind, int port, String token, List<AdminRoute> routes, PrometheusMeterRegistry registry,
                       Map<String, Asset> assets, java.util.function.Supplier<List<String>> notReady) {
        if (token == null || token.isBlank()) {
            if (!isLoopback(bind)) {
                throw new IllegalStateException("the admin API would listen on " + bind + " without a token: set admin.token or "
                        + "EDGE_ADMIN_TOKEN, or bind it to 127.0.0.1 (admin.bind / --admin-bind)");
            }
            this.auth = null;
        } else {
            this.auth = new AdminAuth(token);
        }
        RoutingHandler router = new RoutingHandler(false);
        AdminRoute health = AdminRoute.get("/admin/health", r -> {
            List<String> reasons = notReady.get();
            if (r.params().containsKey("ready") && !reasons.isEmpty()) {
                throw new AdminException(EdgeError.NOT_READY, String.join("; ", reasons));
            }
            return health(reasons);
        });
        router.get("/admin/health", ex -> dispatch(ex, health, false));
        for (AdminRoute r : routes) {
            router.add(r.method(), r.template(), ex -> dispatch(ex, r, true));
        }
        if (registry != null) {
            router.get("/metrics", ex -> {
                if (authorized(ex)) {
                    send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape().getBytes(StandardCharsets.UTF_8));
                }
            });
        }
        for (Map.Entry<String, Asset> a : assets.entrySet()) {
            router.get(a.getKey(), ex -> send(ex, 200, a.getValue().contentType(), a.getValue().body()));
        }
        router.setFallbackHandler(ex -> error(ex, EdgeError.NOT_FOUND, "no admin endpoint " + ex.getRequestMethod() + " " + ex.getRequestPath()
                + " (see docs/openapi.yaml)"));
        router.setInvalidMethodHandler(ex -> error(ex, EdgeError.METHOD_NOT_ALLOWED, ex.getRequestMethod() + " is not allowed on " + ex.getRequestPath()));
        this.undertow = Undertow.builder()
                .addHttpListener(port, bind)
                .setIoThreads(1)
                .setWorkerThreads(4)
                .setHandler(router)
                .build();
    }

    private static Map<String, Object> health(List<String> notReady) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "up");
        m.put("ready", notReady.isEmpty());
        if (!notReady.isEmpty()) {
            m.put("notReady", notReady);
        }
        return m;
    }

    /** Starts listening; logs where. */
    public void start() {
        undertow.start();
        log.info("admin API listening on {}{}", address(), auth == null ? " (no token: loopback only)" : "");
    }

    /** The bound address (real port when 0 was configured). */
    public InetSocketAddress address() {
        return (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
    }

    private boolean authorized(HttpServerExchange ex) {
        if (auth == null) {
            return true;
        }
        switch (auth.check(ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION))) {
            case OK:
                return true;
            case MISSING:
                ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"edge-node admin\"");
                error(ex, EdgeError.UNAUTHORIZED, "send Authorization: Bearer <admin token>");
                return false;
            default:
                error(ex, EdgeError.FORBIDDEN, "the bearer token is not the admin token");
                return false;
        }
    }

    private void dispatch(HttpServerExchange ex, AdminRoute route, boolean needsAuth) {
        if (needsAuth && !authorized(ex)) {
            return;
        }
        if (ex.isInIoThread()) {
            ex.dispatch(() -> run(ex, route));
        } else {
            run(ex, route);
        }
    }

    private void run(HttpServerExchange ex, AdminRoute route) {
        try {
            ex.startBlocking();
            JsonNode body = MissingNode.getInstance();
            long length = ex.getRequestContentLength();
            if (length > MAX_BODY) {
                throw new AdminException(EdgeError.TOO_LARGE, "request body over " + MAX_BODY + " bytes");
            }
            try (InputStream in = ex.getInputStream()) {
                byte[] bytes = in.readNBytes(MAX_BODY + 1);
                if (bytes.length > MAX_BODY) {
                    throw new AdminException(EdgeError.TOO_LARGE, "request body over " + MAX_BODY + " bytes");
                }
                if (bytes.length > 0) {
                    try {
                        body = JSON.readTree(bytes);
                    } catch (IOException e) {
                        throw new AdminException(EdgeError.BAD_JSON, "the body is not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
                    }
                }
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (Map.Entry<String, Deque<String>> q : ex.getQueryParameters().entrySet()) {
                params.put(q.getKey(), q.getValue().peekFirst());
            }
            PathTemplateMatch match = ex.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
            if (match != null) {
                params.putAll(match.getParameters());
            }
            Object result = route.handler().handle(new AdminRequest(ex.getRequestMethod().toString(), ex.getRequestPath(), params, body));
            if (result == null || route.status() == 204) {
                ex.setStatusCode(route.status() == 200 ? 204 : route.status());
                ex.endExchange();
            } else {
                send(ex, route.status(), "application/json", JSON.writeValueAsBytes(result));
            }
        } catch (AdminException e) {
            error(ex, e.error(), e.getMessage());
        } catch (RuntimeException | IOException e) {
            log.error("admin {} {} failed", ex.getRequestMethod(), ex.getRequestPath(), e);
            error(ex, EdgeError.INTERNAL, String.valueOf(e));
        }
    }

    private static void error(HttpServerExchange ex, EdgeError error, String message) {
        int status = error.httpStatus();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error.code());
        m.put("message", message);
        try {
            send(ex, status, "application/json", JSON.writeValueAsBytes(m));
        } catch (IOException e) {
            ex.setStatusCode(status);
            ex.endExchange();
        }
    }

    private static void send(HttpServerExchange ex, int status, String type, byte[] body) {
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        ex.getResponseHeaders().put(new HttpString("X-Content-Type-Options"), "nosniff");
        ex.getResponseSender().send(java.nio.ByteBuffer.wrap(body));
    }

    static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
