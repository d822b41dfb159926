package io.edgecdn.tests;

import io.edgecdn.testsupport.Ports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Consul HTTP API double for tests (no Consul binary can be installed here), following Consul
 * 1.x's documented behaviour for the endpoints the node and its CLI use:
 * <ul>
 *   <li>{@code PUT /v1/agent/service/register}: a service with an optional TTL check ({@code Check}
 *       or {@code Checks}), check ID {@code service:ID}, initial status from {@code Status} or
 *       critical; re-registering keeps the ID and resets the TTL; {@code PUT
 *       /v1/agent/service/deregister/:id} (404 for an unknown ID);</li>
 *   <li>{@code PUT /v1/agent/check/pass|warn|fail/:id?note=}: 404 "Unknown check ID" when the agent
 *       does not know it; a TTL check not updated within its TTL turns critical with output "TTL
 *       expired"; a service critical for longer than its {@code DeregisterCriticalServiceAfter} is
 *       removed;</li>
 *   <li>{@code PUT /v1/catalog/register} and {@code /v1/catalog/deregister} (external nodes, without
 *       checks, so they count as passing);</li>
 *   <li>{@code GET /v1/health/service/:name} with {@code passing}, {@code tag}, and blocking queries:
 *       {@code index} and {@code wait} (default 5 min, at most 10 min), answering {@code
 *       X-Consul-Index} (one raft index for the whole state: a change anywhere wakes every waiter,
 *       which Consul allows);</li>
 *   <li>{@code GET|PUT|DELETE /v1/kv/:key} (values base64 in JSON, {@code ?raw}).</li>
 * </ul>
 * The agent's own node ({@code agent-double}) has a passing {@code serfHealth} check. Tests can
 * restart the agent (losing its services), stop and start the whole server on the same port, read
 * check states, and require an ACL token. This class is the HTTP side; the state and its rules
 * are {@link ConsulState}.
 */
final class ConsulDouble implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConsulState state = new ConsulState();

    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "consul-double-ttl");
        t.setDaemon(true);
        return t;
    });
    private final int port;
    private volatile String requiredToken;
    private final java.util.concurrent.CountDownLatch[] hung = {new java.util.concurrent.CountDownLatch(0)};
    private HttpServer server;
    private ExecutorService executor;

    ConsulDouble() throws IOException {
        this.port = Ports.tcp();
        start();
        sweeper.scheduleWithFixedDelay(state::sweep, 50, 50, TimeUnit.MILLISECONDS);
    }

    /** {@code http://127.0.0.1:PORT}. */
    String address() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts (again) listening on the same port. */
    synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "consul-double-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Stops listening (Consul down); state is kept. */
    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** Requires this ACL token ({@code X-Consul-Token} or {@code ?token=}) on every call; null: none. */
    void requireToken(String token) {
        this.requiredToken = token;
    }

    /** A hung agent: connections are accepted, requests get no answer until {@link #unhang()}. */
    void hang() {
        synchronized (hung) {
            hung[0] = new java.util.concurrent.CountDownLatch(1);
        }
    }

    void unhang() {
        synchronized (hung) {
            hung[0].countDown();
        }
    }

    /** The agent restarts with no state: its services and their checks are gone (catalog-only nodes and KV stay). */
    void restartAgent() {
        state.restartAgent();
    }

    /** A check's status ("passing", "warning", "critical"), or null when unknown. */
    String checkStatus(String checkId) {
        return state.checkStatus(checkId);
    }

    /** A check's output (the last note). */
    String checkOutput(String checkId) {
        return state.checkOutput(checkId);
    }

    /** Whether a service ID is registered (agent or catalog). */
    boolean hasService(String id) {
        return state.hasService(id);
    }

    /** A registered service's metadata, or null. */
    Map<String, String> serviceMeta(String id) {
        return state.serviceMeta(id);
    }

    /** The IDs of a service name's instances, in registration order. */
    List<String> instances(String name) {
        return state.instances(name);
    }

    /** A KV value as text, or null. */
    String kv(String key) {
        return state.kv(key);
    }

    /** How many calls an endpoint got, by {@code METHOD /v1/first/second} (e.g. {@code PUT /v1/agent/service}). */
    long calls(String endpoint) {
        AtomicLong n = calls.get(endpoint);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            java.util.concurrent.CountDownLatch h;
            synchronized (hung) {
                h = hung[0];
            }
            h.await(60, TimeUnit.SECONDS);
            String path = ex.getRequestURI().getPath();
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            String[] p = path.split("/");
            calls.computeIfAbsent(ex.getRequestMethod() + " /" + (p.length > 3 ? p[1] + "/" + p[2] + "/" + p[3] : path),
                    k -> new AtomicLong()).incrementAndGet();
            String token = ex.getRequestHeaders().getFirst("X-Consul-Token");
            if (token == null) {
                token = q.get("token");
            }
            if (requiredToken != null && !requiredToken.equals(token)) {
                reply(ex, 403, "text/plain", "Permission denied", null);
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            String m = ex.getRequestMethod();
            if (path.equals("/v1/agent/service/register") && m.equals("PUT")) {
                state.agentRegister(JSON.readTree(body));
                reply(ex, 200, "text/plain", "", null);
            } else if (path.startsWith("/v1/agent/service/deregister/") && m.equals("PUT")) {
                boolean ok = state.agentDeregister(path.substring("/v1/agent/service/deregister/".length()));
                reply(ex, ok ? 200 : 404, "text/plain", ok ? "" : "Unknown service ID", null);
            } else if (path.matches("/v1/agent/check/(pass|warn|fail)/.+") && m.equals("PUT")) {
                String verb = p[4];
                String id = URLDecoder.decode(path.substring(("/v1/agent/check/" + verb + "/").length()), StandardCharsets.UTF_8);
                String status = verb.equals("pass") ? "passing" : verb.equals("warn") ? "warning" : "critical";
                boolean ok = state.updateCheck(id, status, q.getOrDefault("note", ""));
                reply(ex, ok ? 200 : 404, "text/plain", ok ? "" : "Unknown check ID \"" + id + "\"", null);
            } else if (path.equals("/v1/catalog/register") && m.equals("PUT")) {
                state.catalogRegister(JSON.readTree(body));
                reply(ex, 200, "application/json", "true", null);
            } else if (path.equals("/v1/catalog/deregister") && m.equals("PUT")) {
                state.catalogDeregister(JSON.readTree(body));
                reply(ex, 200, "application/json", "true", null);
            } else if (path.startsWith("/v1/health/service/") && m.equals("GET")) {
                health(ex, path.substring("/v1/health/service/".length()), q);
            } else if (path.startsWith("/v1/kv/")) {
                kvCall(ex, path.substring("/v1/kv/".length()), m, q, body);
            } else {
                reply(ex, 404, "text/plain", "no such endpoint in the Consul double: " + m + " " + path, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            reply(ex, 400, "text/plain", "Request decode failed: " + e, null);
        }
    }

    private void health(HttpExchange ex, String name, Map<String, String> q) throws IOException, InterruptedException {
        long wantIndex = q.containsKey("index") ? Long.parseLong(q.get("index")) : 0;
        long waitMs = Math.min(600_000, q.containsKey("wait") ? ConsulState.durationMs(q.get("wait")) : 300_000);
        boolean passing = q.containsKey("passing") && !"false".equals(q.get("passing")) && !"0".equals(q.get("passing"));
        ConsulState.Answer<ArrayNode> a = state.health(name, passing, q.get("tag"), wantIndex, waitMs);
        reply(ex, 200, "application/json", JSON.writeValueAsString(a.value()), a.index());
    }

    private void kvCall(HttpExchange ex, String key, String method, Map<String, String> q, byte[] body) throws IOException {
        ConsulState.Answer<byte[]> a = state.kv(method, key, body);
        long at = a.index();
        byte[] value = a.value();
        if (!method.equals("GET")) {
            reply(ex, 200, "application/json", "true", at);
        } else if (value == null) {
            reply(ex, 404, "text/plain", "", at);
        } else if (q.containsKey("raw")) {
            reply(ex, 200, "application/octet-stream", new String(value, StandardCharsets.UTF_8), at);
        } else {
            ArrayNode arr = JSON.createArrayNode();
            ObjectNode o = arr.addObject();
            o.put("LockIndex", 0);
            o.put("Key", key);
            o.put("Flags", 0);
            o.put("Value", Base64.getEncoder().encodeToString(value));
            o.put("CreateIndex", at);
            o.put("ModifyIndex", at);
            reply(ex, 200, "application/json", JSON.writeValueAsString(arr), at);
        }
    }

    private static void reply(HttpExchange ex, int status, String type, String text, Long consulIndex) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        if (consulIndex != null) {
            ex.getResponseHeaders().set("X-Consul-Index", Long.toString(consulIndex));
            ex.getResponseHeaders().set("X-Consul-Knownleader", "true");
            ex.getResponseHeaders().set("X-Consul-Lastcontact", "0");
        }
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null) {
            return m;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            m.put(k, eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    @Override
    public void close() {
        stop();
        sweeper.shutdownNow();
    }
}
