package io.edgecdn.scheduler;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks candidate parents for a stream by weighted rendezvous (highest-random-weight) hashing:
 * each node's score for a stream key is {@code w / -ln(u)}, with {@code u} a uniform hash of
 * (node id, stream key) in (0, 1) and {@code w} its effective weight (the logarithmic method for
 * weighted HRW). Every node computes the same ranking without coordination, so one stream is pulled
 * by as few parents as possible; a node joining or leaving moves only the streams it wins or held.
 *
 * <p>The effective weight is the node's capacity weight, times a load factor, times {@value #OTHER_REGION_FACTOR}
 * when its region differs from the requester's. The load factor is 1 up to {@value #LOAD_KNEE} of
 * capacity, so that every child computes the same placement while loads move a little (a stream is
 * then pulled by one parent), and falls linearly to nearly 0 at full load; a node at or over
 * capacity is ranked after every other. Nodes in the {@link PenaltyBox} go last. Stateless
 * and thread-safe; cost O(n log n) per stream for n candidates.
 */
public final class RendezvousRanker {
    /** Weight factor of a candidate in another region than the requester. */
    public static final double OTHER_REGION_FACTOR = 0.25;
    /** Floor of the load factor, so that a nearly full node keeps a tiny, stable share. */
    static final double MIN_LOAD_FACTOR = 0.02;
    /** Load (0..1) up to which a node's weight is not reduced. */
    public static final double LOAD_KNEE = 0.5;

    private RendezvousRanker() {
    }

    /**
     * Candidates best first.
     *
     * @param streamKey the stream (app/stream)
     * @param candidates healthy nodes of the tier above
     * @param region the requester's region, or null to ignore regions
     * @param penalty nodes to rank last, or null
     */
    public static List<NodeInfo> rank(String streamKey, List<NodeInfo> candidates, String region, PenaltyBox penalty) {
        List<Scored> scored = new ArrayList<>(candidates.size());
        for (NodeInfo n : candidates) {
            double load = n.load();
            int group = load >= 1 ? 1 : 0;
            if (penalty != null && penalty.isBoxed(n.id())) {
                group = 2;
            }
            double w = n.weight() * loadFactor(load);
            if (region != null && !region.equals(n.region())) {
                w *= OTHER_REGION_FACTOR;
            }
            double u = uniform(n.id(), streamKey);
            scored.add(new Scored(n, group, w / -Math.log(u)));
        }
        scored.sort(Comparator.comparingInt(Scored::group).thenComparing(Comparator.comparingDouble(Scored::score).reversed()));
        return scored.stream().map(Scored::node).toList();
    }

    /** 1 up to the knee, then linear down to {@link #MIN_LOAD_FACTOR} at full load. */
    static double loadFactor(double load) {
        if (load <= LOAD_KNEE) {
            return 1;
        }
        return Math.max(MIN_LOAD_FACTOR, (1 - Math.min(1, load)) / (1 - LOAD_KNEE));
    }

    /** The first choice, or null without candidates. */
    public static NodeInfo best(String streamKey, List<NodeInfo> candidates, String region, PenaltyBox penalty) {
        List<NodeInfo> r = rank(streamKey, candidates, region, penalty);
        return r.isEmpty() ? null : r.get(0);
    }

    private record Scored(NodeInfo node, int group, double score) {
    }

    /** A hash of (node, key) mapped to (0, 1): 64-bit FNV-1a then a murmur finaliser, top 53 bits. */
    static double uniform(String nodeId, String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (nodeId + '\u0000' + key).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return ((h >>> 11) + 0.5) / (1L << 53);
    }
}
