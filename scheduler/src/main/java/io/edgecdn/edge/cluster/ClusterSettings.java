package io.edgecdn.edge.cluster;

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
}
