package io.edgecdn.scheduler.consul;

import java.net.URI;
import java.time.Duration;

/**
 * How a node talks to Consul.
 *
 * @param address the local Consul agent's HTTP API, e.g. {@code http://127.0.0.1:8500}
 * @param token ACL token sent with every call (consul-api puts it in the {@code X-Consul-Token} header or the
 *     {@code token} query parameter, depending on the call), or null
 * @param service the service name edge nodes register under (default {@code edge-node})
 * @param originService the service name origins are registered under (default {@code origin})
 * @param checkTtl TTL of the node's health check; it is updated every third of it, and turns critical
 *     when not updated within it (node dead or hung)
 * @param deregisterCriticalAfter how long Consul keeps a node whose check is critical before removing
 *     it (Consul's {@code DeregisterCriticalServiceAfter}; Consul's minimum is 1 minute)
 * @param watchWait longest wait of one blocking query ({@code wait}); Consul caps it at 10 minutes
 * @param kvPrefix KV prefix of the node's keys: drain requests live at {@code PREFIX/drain/NODE-ID}
 */
public record ConsulSettings(String address, String token, String service, String originService, Duration checkTtl,
                             Duration deregisterCriticalAfter, Duration watchWait, String kvPrefix) {
    public ConsulSettings {
        URI uri;
        try {
            uri = URI.create(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("consul.address '" + address + "' is not a URL: " + e.getMessage());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("consul.address '" + address + "' must look like http://HOST:PORT (the local agent, usually http://127.0.0.1:8500)");
        }
        if (!validName(service)) {
            throw new IllegalArgumentException("consul.service '" + service + "' must be 1-63 of [A-Za-z0-9-]");
        }
        if (!validName(originService)) {
            throw new IllegalArgumentException("consul.origin-service '" + originService + "' must be 1-63 of [A-Za-z0-9-]");
        }
        if (checkTtl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("consul.check-ttl must be at least 1s, got " + checkTtl);
        }
        if (watchWait.compareTo(Duration.ofSeconds(1)) < 0 || watchWait.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("consul.watch-wait must be 1s to 10m, got " + watchWait);
        }
        if (deregisterCriticalAfter.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("consul.deregister-critical-after must be at least 1m (Consul's minimum), got " + deregisterCriticalAfter);
        }
        if (kvPrefix == null || !kvPrefix.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*")) {
            throw new IllegalArgumentException("consul.kv-prefix '" + kvPrefix + "' must be a KV path like edge-node");
        }
    }

    /** Defaults for an agent address: services {@code edge-node} and {@code origin}, TTL 10 s, wait 30 s. */
    public static ConsulSettings defaults(String address) {
        return new ConsulSettings(address, null, "edge-node", "origin", Duration.ofSeconds(10), Duration.ofMinutes(5),
                Duration.ofSeconds(30), "edge-node");
    }

    public ConsulSettings withToken(String t) {
        return new ConsulSettings(address, t, service, originService, checkTtl, deregisterCriticalAfter, watchWait, kvPrefix);
    }

    public ConsulSettings withCheckTtl(Duration ttl) {
        return new ConsulSettings(address, token, service, originService, ttl, deregisterCriticalAfter, watchWait, kvPrefix);
    }

    public ConsulSettings withAddress(String a) {
        return new ConsulSettings(a, token, service, originService, checkTtl, deregisterCriticalAfter, watchWait, kvPrefix);
    }

    public ConsulSettings withOriginService(String name) {
        return new ConsulSettings(address, token, service, name, checkTtl, deregisterCriticalAfter, watchWait, kvPrefix);
    }

    public ConsulSettings withKvPrefix(String prefix) {
        return new ConsulSettings(address, token, service, originService, checkTtl, deregisterCriticalAfter, watchWait, prefix);
    }

    /** How often the node updates its check: a third of the TTL. */
    public Duration heartbeat() {
        return checkTtl.dividedBy(3);
    }

    static boolean validName(String s) {
        return s != null && s.matches("[A-Za-z0-9][A-Za-z0-9-]{0,62}");
    }
}
