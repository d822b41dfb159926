package io.edgecdn.tests;

import io.edgecdn.testsupport.Processes;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecdn.edge.EdgeNode;
import io.edgecdn.edge.cli.Main;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamStatus;
import io.edgecdn.media.flv.TagKind;
import io.edgecdn.pull.UpstreamEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * A cluster's fixed parts for end-to-end tests and benchmarks: the Consul HTTP API double, and an
 * nginx-rtmp origin (with its {@code /stat} page) registered as {@code origin-1} with {@code
 * edge-node origin register}; mid-tier nodes as {@code edge-node serve --tier 1} processes; and the
 * helpers that read where a stream is pulled from and when a viewer's video resumed.
 */
final class ClusterFixture implements AutoCloseable {
    final ConsulDouble consul;
    final NginxRtmp.Listening origin;
    private final Processes processes;
    private final Path dir;

    private ClusterFixture(ConsulDouble consul, NginxRtmp.Listening origin, Processes processes, Path dir) {
        this.consul = consul;
        this.origin = origin;
        this.processes = processes;
        this.dir = dir;
    }

    /** Starts the double and nginx, and registers the origin (in {@code region}, or none). */
    static ClusterFixture start(Processes processes, Path dir, String region) throws Exception {
        ConsulDouble consul = new ConsulDouble();
        NginxRtmp.Listening origin = NginxRtmp.startWithStat(processes, dir);
        List<String> args = new java.util.ArrayList<>(List.of("origin", "register", "--consul", consul.address(),
                "--name", "origin-1", "--url", "rtmp://127.0.0.1:" + origin.rtmp() + "/{app}/{stream}"));
        if (region != null) {
            args.addAll(List.of("--region", region));
        }
        assertThat(new CommandLine(new Main()).execute(args.toArray(String[]::new))).isZero();
        assertThat(consul.instances("origin")).containsExactly("origin-1");
        return new ClusterFixture(consul, origin, processes, dir);
    }

    /** ffmpeg publishes the test stream {@code live/NAME} at {@code size} to the origin. */
    void publish(String stream, String size) throws Exception {
        processes.ffmpegSource(dir.resolve("pub-" + stream + ".log"), "flv", "rtmp://127.0.0.1:" + origin.rtmp() + "/live/" + stream, size);
    }

    /** Starts a tier-1 node process on 127.0.0.1:{@code port}, registered with the double (check TTL 2 s). */
    Process startMid(String id, int port, String region) throws Exception {
        Path yaml = dir.resolve(id + ".yaml");
        Files.writeString(yaml, Nodes.CLUSTER_YAML.formatted(consul.address()));
        return Nodes.startProcess(processes, dir.resolve(id + ".log"), "serve", "--config", yaml.toString(),
                "--consul", consul.address(), "--node-id", id, "--tier", "1", "--region", region,
                "--bind", "127.0.0.1", "--http-port", Integer.toString(port), "--admin-port", "0", "--status-interval", "0s");
    }

    /** {@code host:port} of the parent a node pulls {@code live/STREAM} from, or null. */
    static String parentOf(EdgeNode edge, String stream) {
        for (StreamStatus s : edge.streams().status()) {
            if (s.source().key().equals(new StreamKey("live", stream))) {
                UpstreamEndpoint u = s.upstream();
                return u == null ? null : u.uri().getHost() + ":" + u.uri().getPort();
            }
        }
        return null;
    }

    private static boolean isVideoFrame(FlvClient.Received r) {
        TagKind k = r.tag().kind();
        return k == TagKind.VIDEO_KEYFRAME || k == TagKind.VIDEO_FRAME;
    }

    /** When the client last received a video frame ({@link System#nanoTime()}), or 0. */
    static long lastVideoNanos(FlvClient c) {
        List<FlvClient.Received> r = c.received();
        for (int i = r.size() - 1; i >= 0; i--) {
            if (isVideoFrame(r.get(i))) {
                return r.get(i).nanos();
            }
        }
        return 0;
    }

    /**
     * When video resumed after {@code killedNanos}: the arrival of the first video frame after the
     * longest silence between video frames that ends after the kill, or 0 while none followed.
     */
    static long resumedNanos(FlvClient c, long killedNanos) {
        long prev = 0;
        long bestGap = -1;
        long resumed = 0;
        for (FlvClient.Received r : c.received()) {
            if (!isVideoFrame(r)) {
                continue;
            }
            if (prev != 0 && r.nanos() > killedNanos && r.nanos() - prev > bestGap) {
                bestGap = r.nanos() - prev;
                resumed = r.nanos();
            }
            prev = r.nanos();
        }
        return resumed;
    }

    @Override
    public void close() {
        consul.close();
    }
}
