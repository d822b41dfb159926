package io.edgecdn.tests;

import io.edgecdn.testsupport.Processes;

import io.edgecdn.edge.router.HttpSettings;

import io.edgecdn.edge.cluster.ClusterSettings;

import io.edgecdn.edge.EdgeNode;
import io.edgecdn.edge.config.EdgeConfig;
import io.edgecdn.edge.upstream.UpstreamRule;
import io.edgecdn.edge.source.PullSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A JUnit 5 extension that starts edge nodes in-process on 127.0.0.1:free-port and closes them after each test. */
final class Nodes implements AfterEachCallback {
    private final List<EdgeNode> nodes = new ArrayList<>();

    /** A test-friendly config: loopback, free port, short timeouts and idle grace. */
    static EdgeConfig config(String pattern, String... urls) {
        EdgeConfig d = EdgeConfig.defaults();
        return d.withHttp(new HttpSettings("127.0.0.1", 0, 2)).withAdmin(EdgeConfig.Admin.DISABLED)
                .withWebRtc(io.edgecdn.edge.webrtc.WebRtcSettings.LOOPBACK)
                .withUpstreams(List.of(new UpstreamRule(pattern, List.of(urls))))
                .withPull(new PullSettings(Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofSeconds(2),
                        Duration.ofMillis(100), Duration.ofSeconds(1)));
    }

    /**
     * A node in a Consul cluster (the double at {@code consul}): loopback, free port, short
     * timeouts, check TTL 2 s, no static upstream.
     */
    static EdgeConfig clusterConfig(String consul, String nodeId, int tier, String region) {
        EdgeConfig d = EdgeConfig.defaults();
        io.edgecdn.scheduler.consul.ConsulSettings c = io.edgecdn.scheduler.consul.ConsulSettings.defaults(consul)
                .withCheckTtl(Duration.ofSeconds(2));
        return d.withHttp(new HttpSettings("127.0.0.1", 0, 2)).withAdmin(EdgeConfig.Admin.DISABLED)
                .withWebRtc(io.edgecdn.edge.webrtc.WebRtcSettings.LOOPBACK)
                .withPull(new PullSettings(Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofSeconds(2),
                        Duration.ofMillis(100), Duration.ofSeconds(1)))
                .withCluster(ClusterSettings.STANDALONE.withConsul(c).withIdentity(nodeId, tier, region));
    }

    /** The YAML of {@link #clusterConfig}'s timeouts, for node processes ({@code %s}: the Consul address). */
    static final String CLUSTER_YAML = """
            pull:
              connect-timeout: 4s
              read-timeout: 3s
              idle-grace: 2s
              backoff-initial: 100ms
              backoff-max: 1s
            cluster:
              consul:
                address: %s
                check-ttl: 2s
            """;

    /**
     * Starts {@code bin/edge-node}'s jar ({@code edge-node/target/edge-node.jar}, built by the
     * reactor before this module) as a separate process with the given arguments.
     */
    static Process startProcess(Processes processes, java.nio.file.Path log, String... args) throws java.io.IOException {
        return startProcess(processes, log, List.of("-Xmx256m"), args);
    }

    /** As above, with the given JVM options (e.g. the heap plan's, {@link io.edgecdn.edge.config.HeapPlan}). */
    static Process startProcess(Processes processes, java.nio.file.Path log, List<String> jvmOptions, String... args)
            throws java.io.IOException {
        java.nio.file.Path jar = java.nio.file.Path.of("..", "edge-node", "target", "edge-node.jar").toAbsolutePath().normalize();
        if (!java.nio.file.Files.exists(jar)) {
            throw new AssertionError(jar + " is missing: build with mvn package (bin/test does)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return processes.start(log, cmd.toArray(String[]::new));
    }

    synchronized EdgeNode start(EdgeConfig config) {
        EdgeNode n = EdgeNode.start(config);
        nodes.add(n);
        return n;
    }

    /** A node whose admin API persists changes to {@code configFile}. */
    synchronized EdgeNode start(EdgeConfig config, java.nio.file.Path configFile) {
        EdgeNode n = EdgeNode.start(config, configFile);
        nodes.add(n);
        return n;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        for (EdgeNode n : nodes) {
            n.close();
        }
        nodes.clear();
    }
}
