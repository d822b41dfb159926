package io.edgecdn.edge.cluster;

import io.edgecdn.ops.config.ConfigException;
import io.edgecdn.ops.config.ConfigSection;
import io.edgecdn.scheduler.consul.ConsulSettings;
import java.time.Duration;

/**
 * The node's place in the CDN ({@code cluster} in the config): Consul registration, tier and
 * region, capacity, redirects, the parents' penalty box and drains.
 *
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
public record ClusterSettings(io.edgecdn.scheduler.consul.ConsulSettings consul, String nodeId, int tier, String region,
                      String advertiseHost, double weight, int maxViewers, double maxEgressMbps, boolean redirect,
                      double redirectThreshold, int penaltyFailures, Duration penaltyWindow, Duration penaltyDuration,
                      Duration drainDeadline) {
    /** No Consul; default identity. */
    public static final ClusterSettings STANDALONE = new ClusterSettings(null, defaultNodeId(), 1, "default", null, 1.0, 10_000,
            10_000, true, 0.9, 2, Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(5));

    static String defaultNodeId() {
        try {
            String h = java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "-");
            return h.isEmpty() ? "edge-node" : h.length() > 63 ? h.substring(0, 63) : h;
        } catch (java.io.IOException e) {
            return "edge-node";
        }
    }

    public ClusterSettings withConsul(io.edgecdn.scheduler.consul.ConsulSettings c) {
        return new ClusterSettings(c, nodeId, tier, region, advertiseHost, weight, maxViewers, maxEgressMbps, redirect,
                redirectThreshold, penaltyFailures, penaltyWindow, penaltyDuration, drainDeadline);
    }

    public ClusterSettings withIdentity(String id, int t, String r) {
        return new ClusterSettings(consul, id, t, r, advertiseHost, weight, maxViewers, maxEgressMbps, redirect,
                redirectThreshold, penaltyFailures, penaltyWindow, penaltyDuration, drainDeadline);
    }

    public ClusterSettings withAdvertiseHost(String host) {
        return new ClusterSettings(consul, nodeId, tier, region, host, weight, maxViewers, maxEgressMbps, redirect,
                redirectThreshold, penaltyFailures, penaltyWindow, penaltyDuration, drainDeadline);
    }

    public ClusterSettings withCapacity(int viewers, double egressMbps, double threshold) {
        return new ClusterSettings(consul, nodeId, tier, region, advertiseHost, weight, viewers, egressMbps, redirect,
                threshold, penaltyFailures, penaltyWindow, penaltyDuration, drainDeadline);
    }

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    /**
     * Reads a {@code cluster} section: {@code consul} ({@code address} required when the section
     * is given, {@code token}, {@code service}, {@code origin-service}, {@code check-ttl}, {@code
     * deregister-critical-after}, {@code watch-wait}, {@code kv-prefix}), {@code node-id}, {@code tier},
     * {@code region}, {@code advertise-host}, {@code weight}, {@code max-viewers}, {@code
     * max-egress-mbps}, {@code redirect}, {@code redirect-threshold}, {@code penalty-failures},
     * {@code penalty-window}, {@code penalty-duration}, {@code drain-deadline}; absent keys keep {@code d}'s values.
     *
     * @throws ConfigException naming the bad key
     */
    public static ClusterSettings read(ConfigSection c, ClusterSettings d) {
        ConfigSection cs = c.section("consul");
        ConsulSettings consul = null;
        String address = cs.string("address", null);
        String token = cs.string("token", null);
        ConsulSettings dc = ConsulSettings.defaults("http://127.0.0.1:8500");
        String service = cs.string("service", dc.service());
        String originService = cs.string("origin-service", dc.originService());
        Duration ttl = cs.duration("check-ttl", dc.checkTtl());
        Duration deregister = cs.duration("deregister-critical-after", dc.deregisterCriticalAfter());
        Duration wait = cs.duration("watch-wait", dc.watchWait());
        String prefix = cs.string("kv-prefix", dc.kvPrefix());
        cs.done();
        if (address == null && !cs.isEmpty()) {
            throw cs.bad("address", "is required when " + c.key("consul") + " is set (e.g. http://127.0.0.1:8500)");
        }
        if (address != null) {
            try {
                consul = new ConsulSettings(address, token, service, originService, ttl, deregister, wait, prefix);
            } catch (IllegalArgumentException e) {
                throw c.error(c.key(e.getMessage()), e);
            }
        }
        ClusterSettings out = new ClusterSettings(consul, c.string("node-id", d.nodeId()),
                c.intIn("tier", d.tier(), 1, 9), c.string("region", d.region()), c.string("advertise-host", d.advertiseHost()),
                c.number("weight", d.weight(), 0.001, 1000), c.intIn("max-viewers", d.maxViewers(), 1, 10_000_000),
                c.number("max-egress-mbps", d.maxEgressMbps(), 0.001, 10_000_000), c.bool("redirect", d.redirect()),
                c.number("redirect-threshold", d.redirectThreshold(), 0.01, 1.0),
                c.intIn("penalty-failures", d.penaltyFailures(), 1, 100), c.duration("penalty-window", d.penaltyWindow()),
                c.duration("penalty-duration", d.penaltyDuration()), c.duration("drain-deadline", d.drainDeadline()));
        c.done();
        if (!NAME.matcher(out.nodeId()).matches()) {
            throw c.bad("node-id", "'" + out.nodeId() + "' must be 1-63 of [A-Za-z0-9_.-]");
        }
        if (!NAME.matcher(out.region()).matches()) {
            throw c.bad("region", "'" + out.region() + "' must be 1-63 of [A-Za-z0-9_.-]");
        }
        return out;
    }
}
