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
 * @param pullTemplate the URL a child pulls a stream from, with {@code {app}}, {@code {stream}} and
 *     {@code {key}} placeholders: {@code baseUrl/{app}/{stream}.flv} for edge nodes, the registered
 *     URL for origins
 */
public record NodeInfo(String id, String baseUrl, int tier, String region, double weight, int maxViewers,
                       double maxEgressMbps, int viewers, double egressMbps, String pullTemplate) {
    public NodeInfo {
        if (weight <= 0 || maxViewers <= 0 || maxEgressMbps <= 0) {
            throw new IllegalArgumentException("node " + id + ": weight, maxViewers and maxEgressMbps must be above 0");
        }
    }

    /** An edge node, pulled over HTTP-FLV at {@code baseUrl/{app}/{stream}.flv}. */
    public NodeInfo(String id, String baseUrl, int tier, String region, double weight, int maxViewers,
                    double maxEgressMbps, int viewers, double egressMbps) {
        this(id, baseUrl, tier, region, weight, maxViewers, maxEgressMbps, viewers, egressMbps,
                baseUrl + "/{app}/{stream}.flv");
    }

    /** The pull URL of a stream ({@code app/stream}) on this node. */
    public String pullUrl(String app, String stream) {
        return pullTemplate.replace("{app}", app).replace("{stream}", stream).replace("{key}", app + "/" + stream);
    }

    /** The larger of its viewer and egress utilisation, 0..1 (can exceed 1 when over capacity). */
    public double load() {
        return Math.max((double) viewers / maxViewers, egressMbps / maxEgressMbps);
    }
}
