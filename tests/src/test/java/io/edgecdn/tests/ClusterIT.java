package io.edgecdn.tests;

import io.edgecdn.testsupport.Ports;
import io.edgecdn.testsupport.Processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgecdn.edge.EdgeNode;
import io.edgecdn.edge.cli.Main;
import io.edgecdn.edge.config.EdgeConfig;
import io.edgecdn.edge.source.StreamStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Tiers scheduled through Consul (the HTTP API double): an nginx-rtmp origin fed by ffmpeg and
 * registered with {@code edge-node origin register}; mid-tier nodes as separate processes
 * ({@code edge-node serve --consul ... --tier 1}); edges in-process at tier 2.
 */
class ClusterIT {
    /** Rendezvous hashing puts s0 and s6 on mid-a and s1 on mid-b, so a mid's loss moves some streams only. */
    static final List<String> STREAMS = List.of("s0", "s1", "s6");

    @RegisterExtension
    final Processes processes = new Processes();
    @RegisterExtension
    final Nodes nodes = new Nodes();
    @TempDir
    Path dir;

    ClusterFixture cluster;
    ConsulDouble consul;
    NginxRtmp.Listening origin;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void origin() throws Exception {
        cluster = ClusterFixture.start(processes, dir, "eu");
        consul = cluster.consul;
        origin = cluster.origin;
        for (String s : STREAMS) {
            cluster.publish(s, "640x360");
        }
    }

    @AfterEach
    void stopConsul() {
        nodes.afterEach(null); // nodes deregister first, while Consul is still up
        if (cluster != null) {
            cluster.close();
        }
    }

    private Process startMid(String id) throws Exception {
        return cluster.startMid(id, Ports.tcp(), "eu");
    }

    private static String upstreamOf(EdgeNode edge, String stream) {
        return ClusterFixture.parentOf(edge, stream);
    }

    @Test
    void twoTiers_eachStreamPulledOncePerTier_midKilled_edgesFailOverWithinFiveSeconds() throws Exception {
        Process midA = startMid("mid-a");
        Process midB = startMid("mid-b");
        await().atMost(Duration.ofSeconds(30)).until(() -> "passing".equals(consul.checkStatus("service:mid-a"))
                && "passing".equals(consul.checkStatus("service:mid-b")));
        Map<String, String> midPorts = new HashMap<>();
        for (String id : List.of("mid-a", "mid-b")) {
            Map<String, String> meta = consul.serviceMeta(id);
            assertThat(meta).containsEntry("tier", "1").containsEntry("region", "eu").containsKeys("max_viewers", "viewers", "egress_mbps", "url");
            midPorts.put(URI.create(meta.get("url")).getPort() + "", id);
        }
        EdgeNode edge1 = nodes.start(Nodes.clusterConfig(consul.address(), "edge-1", 2, "eu"));
        EdgeNode edge2 = nodes.start(Nodes.clusterConfig(consul.address(), "edge-2", 2, "eu"));
        assertThat(edge1.cluster().parents()).extracting(n -> n.id()).containsExactly("mid-a", "mid-b");

        List<FlvClient> viewers = new ArrayList<>();
        Map<String, FlvClient> onEdge1 = new HashMap<>();
        try {
            for (String s : STREAMS) {
                FlvClient a = new FlvClient(edge1.baseUrl() + "/live/" + s + ".flv");
                FlvClient b = new FlvClient(edge2.baseUrl() + "/live/" + s + ".flv");
                viewers.add(a);
                viewers.add(b);
                onEdge1.put(s, a);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> viewers.stream().allMatch(v -> v.videoFrames() > 30));
            // once per tier: both edges chose the same mid for each stream, and the origin serves each stream once
            for (String s : STREAMS) {
                assertThat(upstreamOf(edge1, s)).as("edge-1's parent of " + s).isNotNull().isEqualTo(upstreamOf(edge2, s));
                await().atMost(Duration.ofSeconds(5)).until(() -> NginxRtmp.subscribers(origin.stat(), s) == 1);
            }
            String victimPort = upstreamOf(edge1, "s0").split(":")[1];
            String victim = midPorts.get(victimPort);
            Process victimProcess = victim.equals("mid-a") ? midA : midB;
            List<String> affected = STREAMS.stream().filter(s -> upstreamOf(edge1, s).endsWith(":" + victimPort)).toList();
            List<String> unaffected = STREAMS.stream().filter(s -> !affected.contains(s)).toList();
            assertThat(unaffected).as("streams spread over both mids").isNotEmpty();
            Map<String, Long> reconnectsBefore = new HashMap<>();
            for (StreamStatus st : edge1.streams().status()) {
                reconnectsBefore.put(st.source().key().stream(), st.reconnects());
            }

            long killed = System.nanoTime();
            victimProcess.destroyForcibly();
            // its check goes critical once the TTL (2 s) passes without a heartbeat
            await().atMost(Duration.ofSeconds(5)).until(() -> "critical".equals(consul.checkStatus("service:" + victim)));
            // viewers of the affected streams keep their connection and get frames again within 5 s
            for (String s : affected) {
                FlvClient v = onEdge1.get(s);
                await().atMost(Duration.ofSeconds(5)).until(() -> ClusterFixture.lastVideoNanos(v) > killed + 500_000_000L
                        && ClusterFixture.resumedNanos(v, killed) > 0);
                double failoverMs = (ClusterFixture.resumedNanos(v, killed) - killed) / 1e6;
                System.out.printf("failover of %s: frames again %.0f ms after %s was killed%n", s, failoverMs, victim);
                assertThat(failoverMs).isLessThan(5_000);
                assertThat(v.ended()).as("viewer of " + s + " still connected").isFalse();
                assertThat(upstreamOf(edge1, s)).doesNotEndWith(":" + victimPort);
            }
            for (FlvClient v : viewers) {
                assertThat(v.ended()).isFalse();
            }
            // a parent's loss moves only its own streams
            for (StreamStatus st : edge1.streams().status()) {
                if (unaffected.contains(st.source().key().stream())) {
                    assertThat(st.reconnects()).isEqualTo(reconnectsBefore.get(st.source().key().stream()));
                }
            }
            for (String s : STREAMS) {
                await().atMost(Duration.ofSeconds(5)).until(() -> upstreamOf(edge1, s) != null && upstreamOf(edge1, s).equals(upstreamOf(edge2, s)));
                await().atMost(Duration.ofSeconds(5)).until(() -> NginxRtmp.subscribers(origin.stat(), s) == 1);
            }
        } finally {
            for (FlvClient v : viewers) {
                v.close();
            }
        }
    }

    private EdgeNode tier1(String id, int maxViewers) {
        EdgeConfig c = Nodes.clusterConfig(consul.address(), id, 1, "eu");
        return nodes.start(c.withCluster(c.cluster().withCapacity(maxViewers, 10_000, 0.9)));
    }

    private HttpGet.Reply get(String url, String... headers) throws Exception {
        return HttpGet.get(http, url, headers);
    }

    @Test
    void overloadedEdge_redirectsNewViewerWith302_toTheOtherEdge_neverInALoop() throws Exception {
        EdgeNode busy = tier1("edge-busy", 1);
        EdgeNode other = tier1("edge-other", 1000);
        await().atMost(Duration.ofSeconds(10)).until(() -> busy.cluster().siblings().size() == 2);
        try (FlvClient first = new FlvClient(busy.baseUrl() + "/live/s1.flv")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> first.videoFrames() > 5);
            // at capacity: its check fails, so Consul stops listing it
            await().atMost(Duration.ofSeconds(5)).until(() -> "critical".equals(consul.checkStatus("service:edge-busy"))
                    && consul.checkOutput("service:edge-busy").startsWith("overloaded: viewers 1/1"));
            HttpGet.Reply r = get(busy.baseUrl() + "/live/s1.flv?region=eu");
            assertThat(r.statusCode()).isEqualTo(302);
            String location = r.headers().firstValue("Location").orElseThrow();
            assertThat(location).isEqualTo(other.baseUrl() + "/live/s1.flv?region=eu&redirected=1");
            assertThat(get(location).statusCode()).isEqualTo(200);
            // a redirected request is served where it lands, even by a busy node: no loop
            assertThat(get(busy.baseUrl() + "/live/s1.flv?redirected=1").statusCode()).isEqualTo(200);
            // a child node's pull is never redirected
            assertThat(get(busy.baseUrl() + "/live/s1.flv", "X-Edge-Pull", "1").statusCode()).isEqualTo(200);
            // HLS playlists are redirected the same way
            assertThat(get(busy.baseUrl() + "/live/s1.m3u8").statusCode()).isEqualTo(302);
            // /schedule sends viewers to the edge that can take them
            HttpGet.Reply sched = get(busy.baseUrl() + "/schedule/live/s1?region=eu");
            assertThat(sched.statusCode()).isEqualTo(200);
            assertThat(sched.body()).contains("\"node\":\"edge-other\"").doesNotContain("edge-busy")
                    .contains(other.baseUrl() + "/live/s1.flv");
        }
        assertThat(get(busy.baseUrl() + "/schedule/live/s1?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void drainingNode_getsNoNewViewers_thenDeregisters() throws Exception {
        EdgeNode draining = tier1("edge-d", 1000);
        EdgeNode other = tier1("edge-o", 1000);
        await().atMost(Duration.ofSeconds(10)).until(() -> draining.cluster().siblings().size() == 2);
        HttpGet.Reply before = get(other.baseUrl() + "/schedule/live/s6?limit=5");
        assertThat(before.body()).contains("edge-d").contains("edge-o");
        try (FlvClient viewer = new FlvClient(draining.baseUrl() + "/live/s6.flv")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> viewer.videoFrames() > 5);
            int exit = new CommandLine(new Main()).execute("drain", "--consul", consul.address(), "--node-id", "edge-d", "--deadline", "60s");
            assertThat(exit).isZero();
            assertThat(consul.kv("edge-node/drain/edge-d")).isNotNull();
            await().atMost(Duration.ofSeconds(5)).until(() -> "critical".equals(consul.checkStatus("service:edge-d"))
                    && consul.checkOutput("service:edge-d").startsWith("draining"));
            await().atMost(Duration.ofSeconds(5)).until(() -> !get(other.baseUrl() + "/schedule/live/s6?limit=5").body().contains("edge-d"));
            HttpGet.Reply newViewer = get(draining.baseUrl() + "/live/s6.flv");
            assertThat(newViewer.statusCode()).isEqualTo(302);
            assertThat(newViewer.headers().firstValue("Location").orElseThrow()).startsWith(other.baseUrl());
            // the connected viewer is not cut off, and the node stays registered while it watches
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> !viewer.ended() && consul.hasService("edge-d"));
        }
        // the node deregisters, then removes its drain key: both within the wait
        await().atMost(Duration.ofSeconds(5)).until(() -> !consul.hasService("edge-d") && consul.kv("edge-node/drain/edge-d") == null);
        assertThat(consul.hasService("edge-o")).isTrue();
    }
}
