package io.edgecdn.benchmarks;

import io.edgecdn.scheduler.NodeInfo;
import io.edgecdn.scheduler.PenaltyBox;
import io.edgecdn.scheduler.RendezvousRanker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of the scheduling decision: choosing a parent (or an edge) for each of 10,000 streams among
 * 1,000 candidate nodes of mixed weights, loads and regions, with 10 nodes in the penalty box.
 * Score: ms per 10,000 decisions. {@code best} is what a pull and a redirect use (one pass);
 * {@code rank} orders all candidates (what a failover walks); the reference is a lookup on a
 * consistent-hash ring (160 virtual nodes per unit of weight, built once, so blind to load, region
 * and the penalty box), the classic alternative.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2)
public class SchedulingBenchmark {
    @Param("1000")
    int nodes;
    @Param("10000")
    int streams;

    List<NodeInfo> candidates;
    String[] keys;
    PenaltyBox box;
    TreeMap<Long, NodeInfo> ring;

    @Setup
    public void setUp() {
        Random rnd = new Random(42);
        String[] regions = {"eu-west", "eu-central", "us-east", "us-west", "ap-south"};
        candidates = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            int max = 5_000;
            candidates.add(new NodeInfo("edge-" + i, "http://10.0." + (i / 250) + "." + (i % 250) + ":8080", 2,
                    regions[i % regions.length], 0.5 + rnd.nextInt(4) * 0.5, max, 10_000, rnd.nextInt(max), rnd.nextDouble() * 9_000));
        }
        keys = new String[streams];
        for (int s = 0; s < streams; s++) {
            keys[s] = "live/channel-" + s;
        }
        box = new PenaltyBox(1, Duration.ofMinutes(1), Duration.ofMinutes(5), Clock.systemUTC());
        for (int i = 0; i < 10; i++) {
            box.failure("edge-" + (i * 97));
        }
        ring = new TreeMap<>();
        for (NodeInfo n : candidates) {
            int vnodes = (int) Math.round(160 * n.weight());
            for (int v = 0; v < vnodes; v++) {
                ring.put(hash(n.id() + "#" + v), n);
            }
        }
    }

    @Benchmark
    public void best(Blackhole bh) {
        for (String k : keys) {
            bh.consume(RendezvousRanker.best(k, candidates, "eu-west", box));
        }
    }

    @Benchmark
    public void rank(Blackhole bh) {
        for (String k : keys) {
            bh.consume(RendezvousRanker.rank(k, candidates, "eu-west", box));
        }
    }

    @Benchmark
    public void referenceHashRing(Blackhole bh) {
        for (String k : keys) {
            Map.Entry<Long, NodeInfo> e = ring.ceilingEntry(hash(k));
            bh.consume(e != null ? e.getValue() : ring.firstEntry().getValue());
        }
    }

    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
