package io.edgecdn.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
 * check states, and require an ACL token.
 */
final class ConsulDouble implements AutoCloseable {
    static final String AGENT_NODE = "agent-double";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Service(String id, String name, String node, String address, int port, List<String> tags, Map<String, String> meta) {
    }

    private static final class Check {
        final String id;
        final String node;
        final String serviceId;
        final long ttlMs;
        final long deregisterAfterMs;
        String status;
        String output = "";
        long updatedMs = System.currentTimeMillis();
        long criticalSinceMs;

        Check(String id, String node, String serviceId, long ttlMs, long deregisterAfterMs, String status) {
            this.id = id;
            this.node = node;
            this.serviceId = serviceId;
            this.ttlMs = ttlMs;
            this.deregisterAfterMs = deregisterAfterMs;
            this.status = status;
            this.criticalSinceMs = "critical".equals(status) ? System.currentTimeMillis() : 0;
        }
    }

    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, Check> checks = new LinkedHashMap<>();
    private final Map<String, String> nodes = new LinkedHashMap<>();
    private final Map<String, byte[]> kv = new LinkedHashMap<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final AtomicLong index = new AtomicLong(1);
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
        nodes.put(AGENT_NODE, "127.0.0.1");
        start();
        sweeper.scheduleWithFixedDelay(this::sweep, 50, 50, TimeUnit.MILLISECONDS);
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
    synchronized void restartAgent() {
        services.values().removeIf(s -> s.node.equals(AGENT_NODE));
        checks.values().removeIf(c -> c.node.equals(AGENT_NODE) && c.serviceId != null);
        bump();
    }

    /** A check's status ("passing", "warning", "critical"), or null when unknown. */
    synchronized String checkStatus(String checkId) {
        Check c = checks.get(checkId);
        return c == null ? null : c.status;
    }

    /** A check's output (the last note). */
    synchronized String checkOutput(String checkId) {
        Check c = checks.get(checkId);
        return c == null ? null : c.output;
    }

    /** Whether a service ID is registered (agent or catalog). */
    synchronized boolean hasService(String id) {
        return services.containsKey(id);
    }

    /** A registered service's metadata, or null. */
    synchronized Map<String, String> serviceMeta(String id) {
        Service s = services.get(id);
        return s == null ? null : Map.copyOf(s.meta);
    }

    /** The IDs of a service name's instances, in registration order. */
    synchronized List<String> instances(String name) {
        return services.values().stream().filter(s -> s.name.equals(name)).map(Service::id).toList();
    }

    /** A KV value as text, or null. */
    synchronized String kv(String key) {
        byte[] v = kv.get(key);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    /** How many calls an endpoint got, by {@code METHOD /v1/first/second} (e.g. {@code PUT /v1/agent/service}). */
    long calls(String endpoint) {
        AtomicLong n = calls.get(endpoint);
        return n == null ? 0 : n.get();
    }

    private void bump() {
        index.incrementAndGet();
        notifyAll();
    }

    private synchronized void sweep() {
        long now = System.currentTimeMillis();
        boolean changed = false;
        for (Check c : checks.values()) {
            if (c.ttlMs > 0 && !"critical".equals(c.status) && now - c.updatedMs > c.ttlMs) {
                c.status = "critical";
                c.output = "TTL expired";
                c.criticalSinceMs = now;
                changed = true;
            }
        }
        for (Iterator<Check> it = checks.values().iterator(); it.hasNext(); ) {
            Check c = it.next();
            if (c.serviceId != null && "critical".equals(c.status) && c.deregisterAfterMs > 0 && now - c.criticalSinceMs > c.deregisterAfterMs) {
                services.remove(c.serviceId);
                it.remove();
                changed = true;
            }
        }
        if (changed) {
            bump();
        }
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
                agentRegister(JSON.readTree(body));
                reply(ex, 200, "text/plain", "", null);
            } else if (path.startsWith("/v1/agent/service/deregister/") && m.equals("PUT")) {
                boolean ok = agentDeregister(path.substring("/v1/agent/service/deregister/".length()));
                reply(ex, ok ? 200 : 404, "text/plain", ok ? "" : "Unknown service ID", null);
            } else if (path.matches("/v1/agent/check/(pass|warn|fail)/.+") && m.equals("PUT")) {
                String verb = p[4];
                String id = URLDecoder.decode(path.substring(("/v1/agent/check/" + verb + "/").length()), StandardCharsets.UTF_8);
                String status = verb.equals("pass") ? "passing" : verb.equals("warn") ? "warning" : "critical";
                boolean ok = updateCheck(id, status, q.getOrDefault("note", ""));
                reply(ex, ok ? 200 : 404, "text/plain", ok ? "" : "Unknown check ID \"" + id + "\"", null);
            } else if (path.equals("/v1/catalog/register") && m.equals("PUT")) {
                catalogRegister(JSON.readTree(body));
                reply(ex, 200, "application/json", "true", null);
            } else if (path.equals("/v1/catalog/deregister") && m.equals("PUT")) {
                catalogDeregister(JSON.readTree(body));
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

    private synchronized void agentRegister(JsonNode j) {
        String name = j.path("Name").asText();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("missing service name");
        }
        String id = j.path("ID").asText(name);
        Service s = new Service(id, name, AGENT_NODE, j.path("Address").asText(""), j.path("Port").asInt(0),
                strings(j.path("Tags")), stringMap(j.path("Meta")));
        Service old = services.put(id, s);
        List<JsonNode> defs = new ArrayList<>();
        if (j.hasNonNull("Check")) {
            defs.add(j.get("Check"));
        }
        j.path("Checks").forEach(defs::add);
        for (int i = 0; i < defs.size(); i++) {
            JsonNode c = defs.get(i);
            String checkId = c.path("CheckID").asText(defs.size() == 1 ? "service:" + id : "service:" + id + ":" + (i + 1));
            Check prev = checks.get(checkId);
            String status = c.hasNonNull("Status") ? c.get("Status").asText() : prev != null ? prev.status : "critical";
            Check nc = new Check(checkId, AGENT_NODE, id, durationMs(c.path("TTL").asText("")),
                    durationMs(c.path("DeregisterCriticalServiceAfter").asText("")), status);
            if (prev != null) {
                nc.output = prev.output;
                nc.criticalSinceMs = "critical".equals(status) ? (prev.criticalSinceMs > 0 ? prev.criticalSinceMs : System.currentTimeMillis()) : 0;
            }
            checks.put(checkId, nc);
            if (prev == null || !prev.status.equals(status)) {
                bump();
            }
        }
        if (!s.equals(old)) {
            bump();
        }
    }

    private synchronized boolean agentDeregister(String id) {
        Service s = services.get(id);
        if (s == null || !s.node.equals(AGENT_NODE)) {
            return false;
        }
        services.remove(id);
        checks.values().removeIf(c -> id.equals(c.serviceId));
        bump();
        return true;
    }

    private synchronized boolean updateCheck(String id, String status, String note) {
        Check c = checks.get(id);
        if (c == null || !c.node.equals(AGENT_NODE)) {
            return false;
        }
        c.updatedMs = System.currentTimeMillis();
        c.output = note;
        if (!c.status.equals(status)) {
            c.status = status;
            c.criticalSinceMs = "critical".equals(status) ? c.updatedMs : 0;
            bump();
        }
        return true;
    }

    private synchronized void catalogRegister(JsonNode j) {
        String node = j.path("Node").asText();
        if (node.isEmpty()) {
            throw new IllegalArgumentException("missing Node");
        }
        nodes.put(node, j.path("Address").asText(""));
        JsonNode s = j.path("Service");
        if (!s.isMissingNode() && !s.isNull()) {
            String name = s.path("Service").asText();
            String id = s.path("ID").asText(name);
            services.put(id, new Service(id, name, node, s.path("Address").asText(""), s.path("Port").asInt(0),
                    strings(s.path("Tags")), stringMap(s.path("Meta"))));
        }
        bump();
    }

    private synchronized void catalogDeregister(JsonNode j) {
        String node = j.path("Node").asText();
        String serviceId = j.path("ServiceID").asText("");
        if (serviceId.isEmpty()) {
            nodes.remove(node);
            services.values().removeIf(s -> s.node.equals(node));
            checks.values().removeIf(c -> c.node.equals(node));
        } else {
            services.values().removeIf(s -> s.node.equals(node) && s.id.equals(serviceId));
            checks.values().removeIf(c -> c.node.equals(node) && serviceId.equals(c.serviceId));
        }
        bump();
    }

    private void health(HttpExchange ex, String name, Map<String, String> q) throws IOException, InterruptedException {
        long wantIndex = q.containsKey("index") ? Long.parseLong(q.get("index")) : 0;
        long waitMs = Math.min(600_000, q.containsKey("wait") ? durationMs(q.get("wait")) : 300_000);
        boolean passing = q.containsKey("passing") && !"false".equals(q.get("passing")) && !"0".equals(q.get("passing"));
        String tag = q.get("tag");
        ArrayNode out = JSON.createArrayNode();
        long at;
        synchronized (this) {
            long deadline = System.currentTimeMillis() + waitMs;
            while (wantIndex > 0 && index.get() <= wantIndex) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                wait(left);
            }
            at = index.get();
            for (Service s : services.values()) {
                if (!s.name.equals(name) || tag != null && !s.tags.contains(tag)) {
                    continue;
                }
                List<Check> mine = new ArrayList<>();
                for (Check c : checks.values()) {
                    if (c.node.equals(s.node) && (c.serviceId == null || c.serviceId.equals(s.id))) {
                        mine.add(c);
                    }
                }
                if (s.node.equals(AGENT_NODE)) {
                    mine.add(0, serfHealth());
                }
                if (passing && mine.stream().anyMatch(c -> !c.status.equals("passing"))) {
                    continue;
                }
                ObjectNode e = out.addObject();
                ObjectNode n = e.putObject("Node");
                n.put("ID", "");
                n.put("Node", s.node);
                n.put("Address", nodes.getOrDefault(s.node, ""));
                n.put("Datacenter", "dc1");
                ObjectNode sv = e.putObject("Service");
                sv.put("ID", s.id);
                sv.put("Service", s.name);
                sv.set("Tags", JSON.valueToTree(s.tags));
                sv.put("Address", s.address);
                sv.set("Meta", JSON.valueToTree(s.meta));
                sv.put("Port", s.port);
                ArrayNode cs = e.putArray("Checks");
                for (Check c : mine) {
                    ObjectNode co = cs.addObject();
                    co.put("Node", c.node);
                    co.put("CheckID", c.id);
                    co.put("Name", c.serviceId == null ? "Serf Health Status" : "Service '" + s.name + "' check");
                    co.put("Status", c.status);
                    co.put("Output", c.output);
                    co.put("ServiceID", c.serviceId == null ? "" : c.serviceId);
                    co.put("ServiceName", c.serviceId == null ? "" : s.name);
                }
            }
        }
        reply(ex, 200, "application/json", JSON.writeValueAsString(out), at);
    }

    private static Check serfHealth() {
        Check c = new Check("serfHealth", AGENT_NODE, null, 0, 0, "passing");
        c.output = "Agent alive and reachable";
        return c;
    }

    private void kvCall(HttpExchange ex, String key, String method, Map<String, String> q, byte[] body) throws IOException {
        long at;
        byte[] value;
        synchronized (this) {
            switch (method) {
                case "PUT" -> {
                    kv.put(key, body);
                    bump();
                }
                case "DELETE" -> {
                    kv.remove(key);
                    bump();
                }
                default -> {
                }
            }
            at = index.get();
            value = kv.get(key);
        }
        if (!method.equals("GET")) {
            reply(ex, 200, "application/json", "true", at);
        } else if (value == null) {
            reply(ex, 404, "text/plain", "", at);
        } else if (q.containsKey("raw")) {
            reply(ex, 200, "application/octet-stream", new String(value, StandardCharsets.UTF_8), at);
        } else {
            ArrayNode a = JSON.createArrayNode();
            ObjectNode o = a.addObject();
            o.put("LockIndex", 0);
            o.put("Key", key);
            o.put("Flags", 0);
            o.put("Value", Base64.getEncoder().encodeToString(value));
            o.put("CreateIndex", at);
            o.put("ModifyIndex", at);
            reply(ex, 200, "application/json", JSON.writeValueAsString(a), at);
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

    /** Consul durations: "10s", "1500ms", "1m", "1h"; empty = 0. */
    static long durationMs(String s) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        if (s.endsWith("ms")) {
            return (long) Double.parseDouble(s.substring(0, s.length() - 2));
        }
        double v = Double.parseDouble(s.substring(0, s.length() - 1));
        return switch (s.charAt(s.length() - 1)) {
            case 's' -> (long) (v * 1000);
            case 'm' -> (long) (v * 60_000);
            case 'h' -> (long) (v * 3_600_000);
            default -> throw new IllegalArgumentException("bad duration " + s);
        };
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

    private static List<String> strings(JsonNode a) {
        List<String> l = new ArrayList<>();
        a.forEach(n -> l.add(n.asText()));
        return List.copyOf(l);
    }

    private static Map<String, String> stringMap(JsonNode o) {
        Map<String, String> m = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return Map.copyOf(m);
    }

    @Override
    public void close() {
        stop();
        sweeper.shutdownNow();
    }
}
