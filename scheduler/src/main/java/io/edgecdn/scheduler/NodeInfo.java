package io.edgecdn.scheduler;

/**
 * A node as scheduling sees it (from its Consul registration: address, tags, metadata).
 *
 * @param id unique node id
 * @param baseUrl where viewers and child edges reach it, e.g. {@code http://10.0.0.5:8080}
 * @param tier its tier (0 = origin, 1 = mid-tier, 2 = edge ...)
 * @param region its region, e.g. {@code eu-west}
 * @param weight relative capacity weight (1.0 = one standard node); above 0
 * @param maxViewers viewer capacity
 * @param maxEgressMbps egress capacity, Mbit/s
 * @param viewers viewers now
 * @param egressMbps egress now, Mbit/s
 */
public record NodeInfo(String id, String baseUrl, int tier, String region, double weight, int maxViewers,
                       double maxEgressMbps, int viewers, double egressMbps) {
    public NodeInfo {
        if (weight <= 0 || maxViewers <= 0 || maxEgressMbps <= 0) {
            throw new IllegalArgumentException("node " + id + ": weight, maxViewers and maxEgressMbps must be above 0");
        }
    }

    /** The larger of its viewer and egress utilisation, 0..1 (can exceed 1 when over capacity). */
    public double load() {
        return Math.max((double) viewers / maxViewers, egressMbps / maxEgressMbps);
    }
}
