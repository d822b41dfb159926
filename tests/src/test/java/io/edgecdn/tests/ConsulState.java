package io.edgecdn.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state and semantics behind {@link ConsulDouble}, following Consul 1.x's documentation: agent
 * services and their checks (TTL expiry, critical deregistration), catalog-only nodes, the health
 * view with {@code passing} and {@code tag} filters and blocking on the raft index, and KV. One
 * index for the whole state: a change anywhere wakes every blocked query (Consul allows it).
 * Thread-safe (one monitor).
 */
final class ConsulState {
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
    private final AtomicLong index = new AtomicLong(1);

    ConsulState() {
        nodes.put(AGENT_NODE, "127.0.0.1");
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

    private void bump() {
        index.incrementAndGet();
        notifyAll();
    }

    /** Turns TTL checks not updated in time critical, and removes services critical for too long. */
    synchronized void sweep() {
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

    synchronized void agentRegister(JsonNode j) {
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

    synchronized boolean agentDeregister(String id) {
        Service s = services.get(id);
        if (s == null || !s.node.equals(AGENT_NODE)) {
            return false;
        }
        services.remove(id);
        checks.values().removeIf(c -> id.equals(c.serviceId));
        bump();
        return true;
    }

    synchronized boolean updateCheck(String id, String status, String note) {
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

    synchronized void catalogRegister(JsonNode j) {
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

    synchronized void catalogDeregister(JsonNode j) {
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

    /** An answer and the {@code X-Consul-Index} it is at. */
    record Answer<T>(long index, T value) {
    }

    /**
     * {@code /v1/health/service/:name}: waits, when {@code wantIndex} is above 0, until the index
     * passes it or {@code waitMs} elapse; then the instances (with their node and checks).
     */
    Answer<ArrayNode> health(String name, boolean passing, String tag, long wantIndex, long waitMs) throws InterruptedException {
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
        return new Answer<>(at, out);
    }

    private static Check serfHealth() {
        Check c = new Check("serfHealth", AGENT_NODE, null, 0, 0, "passing");
        c.output = "Agent alive and reachable";
        return c;
    }

    /** {@code /v1/kv/:key}: PUT stores {@code body}, DELETE removes, then the value now (null when absent). */
    synchronized Answer<byte[]> kv(String method, String key, byte[] body) {
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
        return new Answer<>(index.get(), kv.get(key));
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
}
