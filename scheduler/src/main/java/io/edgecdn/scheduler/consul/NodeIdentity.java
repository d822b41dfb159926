package io.edgecdn.scheduler.consul;

/**
 * Who this node is in the cluster, as registered in Consul.
 *
 * @param id unique node id, also the Consul service ID (1-63 of [A-Za-z0-9_.-])
 * @param tier its tier: 1 = the tier right under the origins (mid-tier), 2 = the tier under that (edges), ...
 * @param region its region, e.g. {@code eu-west} (1-63 of [A-Za-z0-9_.-])
 * @param host the address viewers and child nodes reach it at (registered as the service address)
 * @param port its viewer HTTP port
 * @param weight relative capacity (1.0 = a standard node), above 0
 * @param maxViewers viewer capacity; at it the node counts as overloaded
 * @param maxEgressMbps egress capacity in Mbit/s; at it the node counts as overloaded
 */
public record NodeIdentity(String id, int tier, String region, String host, int port, double weight, int maxViewers,
                           double maxEgressMbps) {
    public NodeIdentity {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
            throw new IllegalArgumentException("--node-id '" + id + "' must be 1-63 of [A-Za-z0-9_.-]");
        }
        if (tier < 1 || tier > 9) {
            throw new IllegalArgumentException("--tier must be 1 (right under the origins) to 9, got " + tier);
        }
        if (region == null || !region.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
            throw new IllegalArgumentException("--region '" + region + "' must be 1-63 of [A-Za-z0-9_.-]");
        }
        if (weight <= 0) {
            throw new IllegalArgumentException("cluster.weight must be above 0, got " + weight);
        }
        if (maxViewers <= 0 || maxEgressMbps <= 0) {
            throw new IllegalArgumentException("cluster.max-viewers and cluster.max-egress-mbps must be above 0");
        }
    }

    /** {@code http://host:port}. */
    public String baseUrl() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port;
    }

    /** The Consul tag of a tier. */
    public static String tierTag(int tier) {
        return "tier-" + tier;
    }

    /** The Consul tag of a region. */
    public static String regionTag(String region) {
        return "region-" + region;
    }
}
