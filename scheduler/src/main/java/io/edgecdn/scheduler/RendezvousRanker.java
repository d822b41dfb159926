package io.edgecdn.scheduler;

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
 * and thread-safe; {@link #rank} costs O(n log n) per stream for n candidates, {@link #best} O(n).
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
        long keyHash = fmix(fnv(streamKey));
        List<Scored> scored = new ArrayList<>(candidates.size());
        for (NodeInfo n : candidates) {
            scored.add(new Scored(n, group(n, penalty), score(n, keyHash, region)));
        }
        scored.sort(Comparator.comparingInt(Scored::group).thenComparing(Comparator.comparingDouble(Scored::score).reversed()));
        return scored.stream().map(Scored::node).toList();
    }

    /** 0 = available, 1 = at or over capacity, 2 = in the penalty box. */
    private static int group(NodeInfo n, PenaltyBox penalty) {
        if (penalty != null && penalty.isBoxed(n.id())) {
            return 2;
        }
        return n.load() >= 1 ? 1 : 0;
    }

    private static double score(NodeInfo n, long keyHash, String region) {
        double w = n.weight() * loadFactor(n.load());
        if (region != null && !region.equals(n.region())) {
            w *= OTHER_REGION_FACTOR;
        }
        return w / -Math.log(uniform(fnv(n.id()), keyHash));
    }

    /** 1 up to the knee, then linear down to {@link #MIN_LOAD_FACTOR} at full load. */
    static double loadFactor(double load) {
        if (load <= LOAD_KNEE) {
            return 1;
        }
        return Math.max(MIN_LOAD_FACTOR, (1 - Math.min(1, load)) / (1 - LOAD_KNEE));
    }

    /** The first choice (what {@link #rank} puts first), or null without candidates; one pass, no sort. */
    public static NodeInfo best(String streamKey, List<NodeInfo> candidates, String region, PenaltyBox penalty) {
        long keyHash = fmix(fnv(streamKey));
        NodeInfo best = null;
        int bestGroup = Integer.MAX_VALUE;
        double bestScore = 0;
        for (NodeInfo n : candidates) {
            int g = group(n, penalty);
            if (g > bestGroup) {
                continue;
            }
            double sc = score(n, keyHash, region);
            if (g < bestGroup || sc > bestScore) {
                best = n;
                bestGroup = g;
                bestScore = sc;
            }
        }
        return best;
    }

    private record Scored(NodeInfo node, int group, double score) {
    }

    /** 64-bit FNV-1a over the UTF-16 code units of a string. */
    static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            h ^= c & 0xFF;
            h *= 0x100000001b3L;
            h ^= c >>> 8;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** MurmurHash3's 64-bit finaliser: a bijection in which every input bit flips every output bit with probability 1/2. */
    static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** The (node, key) pair mapped to a uniform double in (0, 1): finaliser of the combined hashes, top 53 bits. */
    static double uniform(long nodeHash, long mixedKeyHash) {
        long h = fmix(nodeHash ^ mixedKeyHash);
        return ((h >>> 11) + 0.5) / (1L << 53);
    }
}
