package io.edgecdn.tests;

import io.edgecdn.testsupport.Ports;
import io.edgecdn.testsupport.Processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgecdn.edge.EdgeNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster benchmarks (bin/bench-cluster; not part of the test run): failover time and pulls per
 * stream per tier, with the Consul double, an nginx-rtmp origin fed by ffmpeg, mid-tier nodes as
 * processes and edges in-process. Prints its figures and writes them to target/bench/cluster.txt.
 */
class ClusterBench {
    static final int RUNS = Integer.getInteger("edge.bench.runs", 10);

    @RegisterExtension
    final Processes processes = new Processes();
    @RegisterExtension
    final Nodes nodes = new Nodes();
    @TempDir
    Path dir;

    ClusterFixture cluster;
    ConsulDouble consul;
    NginxRtmp.Listening origin;
    final StringBuilder report = new StringBuilder();

    @BeforeEach
    void origin() throws Exception {
        cluster = ClusterFixture.start(processes, dir, null);
        consul = cluster.consul;
        origin = cluster.origin;
    }

    @AfterEach
    void stop() throws Exception {
        nodes.afterEach(null);
        cluster.close();
        Path out = Path.of("target", "bench", "cluster.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString(), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    private void say(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println("BENCH " + line);
        report.append(line).append('\n');
    }

    private Process startMid(String id, int port) throws Exception {
        return cluster.startMid(id, port, "default");
    }

    private static String parentPort(EdgeNode edge, String stream) {
        String p = ClusterFixture.parentOf(edge, stream);
        return p == null ? null : p.substring(p.lastIndexOf(':') + 1);
    }

    @Test
    void failoverTime_parentKilledToFramesAtTheViewer() throws Exception {
        cluster.publish("s0", "1280x720");
        cluster.publish("warm", "320x180");
        Map<String, Integer> ports = Map.of("mid-a", Ports.tcp(), "mid-b", Ports.tcp());
        Map<String, Process> mids = new HashMap<>();
        for (var e : ports.entrySet()) {
            mids.put(e.getKey(), startMid(e.getKey(), e.getValue()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "passing".equals(consul.checkStatus("service:mid-a"))
                && "passing".equals(consul.checkStatus("service:mid-b")));
        for (int port : ports.values()) {
            warmUp(port);
        }
        EdgeNode edge = nodes.start(Nodes.clusterConfig(consul.address(), "edge-1", 2, "default"));
        List<Double> gaps = new ArrayList<>();
        try (FlvClient viewer = new FlvClient(edge.baseUrl() + "/live/s0.flv")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> viewer.videoFrames() > 30);
            for (int run = 0; run < RUNS; run++) {
                await().atMost(Duration.ofSeconds(20)).until(() -> parentPort(edge, "s0") != null
                        && System.nanoTime() - ClusterFixture.lastVideoNanos(viewer) < 100_000_000L);
                String port = parentPort(edge, "s0");
                String victim = ports.entrySet().stream().filter(e -> e.getValue().toString().equals(port)).findFirst().orElseThrow().getKey();
                Thread.sleep(1_000);
                long killed = System.nanoTime();
                mids.get(victim).destroyForcibly();
                await().atMost(Duration.ofSeconds(15)).until(() -> ClusterFixture.lastVideoNanos(viewer) > killed + 500_000_000L
                        && ClusterFixture.resumedNanos(viewer, killed) > 0);
                await().pollDelay(Duration.ofSeconds(1)).until(() -> true); // frames keep flowing: the gap found is the failover
                double gapMs = (ClusterFixture.resumedNanos(viewer, killed) - killed) / 1e6;
                gaps.add(gapMs);
                say("failover run %d: %s killed, frames again after %.0f ms (viewer connected: %s)", run + 1, victim, gapMs, !viewer.ended());
                assertThat(viewer.ended()).isFalse();
                mids.put(victim, startMid(victim, ports.get(victim)));
                await().atMost(Duration.ofSeconds(30)).until(() -> "passing".equals(consul.checkStatus("service:" + victim)));
                warmUp(ports.get(victim));
            }
        }
        List<Double> sorted = gaps.stream().sorted().toList();
        say("failover time over %d runs (surviving mid warm, stream cold on it): median %.0f ms, min %.0f, max %.0f (check TTL 2 s, so a TTL-driven failover would take >= 2000 ms; 10 s with the default TTL)",
                RUNS, median(sorted), sorted.get(0), sorted.get(sorted.size() - 1));
    }

    /**
     * Has a freshly started mid serve another stream for a few seconds, as a mid in production has
     * (JIT-compiled paths, FFmpeg loaded), so that a failover measures the cluster, not a cold JVM.
     */
    private static void warmUp(int midPort) throws Exception {
        try (FlvClient c = new FlvClient("http://127.0.0.1:" + midPort + "/live/warm.flv")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> c.videoFrames() > 90);
        }
    }

    @Test
    void pullsPerStream_twoMidsFourEdges() throws Exception {
        List<String> streams = List.of("ch0", "ch1", "ch2", "ch3", "ch4", "ch5", "ch6", "ch7", "ch8", "ch9");
        for (String s : streams) {
            cluster.publish(s, "320x180");
        }
        startMid("mid-a", Ports.tcp());
        startMid("mid-b", Ports.tcp());
        await().atMost(Duration.ofSeconds(30)).until(() -> "passing".equals(consul.checkStatus("service:mid-a"))
                && "passing".equals(consul.checkStatus("service:mid-b")));
        List<EdgeNode> edges = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            edges.add(nodes.start(Nodes.clusterConfig(consul.address(), "edge-" + i, 2, "default")));
        }
        List<FlvClient> viewers = new ArrayList<>();
        try {
            for (EdgeNode e : edges) {
                for (String s : streams) {
                    viewers.add(new FlvClient(e.baseUrl() + "/live/" + s + ".flv"));
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> viewers.stream().allMatch(v -> v.videoFrames() > 30));
            int originPulls = 0;
            int midPulls = 0;
            Map<String, Integer> perMid = new HashMap<>();
            for (String s : streams) {
                int o = NginxRtmp.subscribers(origin.stat(), s);
                Set<String> parents = new HashSet<>();
                for (EdgeNode e : edges) {
                    parents.add(parentPort(e, s));
                }
                originPulls += o;
                midPulls += parents.size();
                parents.forEach(p -> perMid.merge(p, 1, Integer::sum));
                say("stream live/%s: %d origin pull(s), %d mid-tier node(s) pulling it, %d edges", s, o, parents.size(), edges.size());
            }
            say("pulls per stream with 2 mid-tier nodes and 4 edges, %d streams: origin %.2f, mid tier %.2f, edge tier %.2f (without scheduling: origin up to 2, mid tier up to 2 per stream)",
                    streams.size(), originPulls / (double) streams.size(), midPulls / (double) streams.size(), 4.0);
            say("streams per mid-tier node: %s", perMid.values());
        } finally {
            for (FlvClient v : viewers) {
                v.close();
            }
        }
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
