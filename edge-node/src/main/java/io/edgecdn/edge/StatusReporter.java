package io.edgecdn.edge;

import io.edgecdn.edge.source.StreamStatus;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Prints one status line per period: streams, viewers, ingress and egress bitrate, GOP cache size,
 * slow-viewer skips. Rates are computed from counter deltas between two calls.
 */
public final class StatusReporter implements Runnable {
    private final EdgeNode node;
    private final Consumer<String> out;
    private long lastNanos = System.nanoTime();
    private long lastIngress;
    private long lastEgress;

    StatusReporter(EdgeNode node, Consumer<String> out) {
        this.node = node;
        this.out = out;
    }

    /** Logs a status line (logger {@code status}) every {@code every} on the node's scheduler; 0 = never. */
    public static void schedule(EdgeNode node, java.time.Duration every) {
        if (every.isZero()) {
            return;
        }
        Runnable r = new StatusReporter(node, org.slf4j.LoggerFactory.getLogger("status")::info);
        node.scheduler().scheduleAtFixedRate(r, every.toMillis(), every.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        List<StreamStatus> streams = node.streams().status();
        long ingress = 0;
        int gopFrames = 0;
        long gopBytes = 0;
        for (StreamStatus s : streams) {
            ingress += s.source().ingressBytes();
            gopFrames += s.source().gopFrames();
            gopBytes += s.source().gopBytes();
        }
        long egress = node.delivery().bytesOut();
        double secs = Math.max(0.001, (now - lastNanos) / 1e9);
        double inMbps = Math.max(0, ingress - lastIngress) * 8 / secs / 1e6;
        double outMbps = Math.max(0, egress - lastEgress) * 8 / secs / 1e6;
        lastNanos = now;
        lastIngress = ingress;
        lastEgress = egress;
        long[] ttff = node.delivery().recentTtffMicros();
        java.util.Arrays.sort(ttff);
        String ttffText = ttff.length == 0 ? "n/a" : String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms over the last %d viewers",
                ttff[(ttff.length - 1) / 2] / 1000.0, ttff[(int) Math.ceil(ttff.length * 0.99) - 1] / 1000.0, ttff.length);
        var hls = node.hls();
        out.accept(String.format(Locale.ROOT,
                "status: %d stream(s), %d HTTP-FLV viewer(s), %d HLS session(s), %d WebRTC viewer(s), ingress %.2f Mbps, HTTP-FLV egress %.2f Mbps, "
                        + "GOP cache %d tags / %.2f MiB, HLS segments %d / cache %.1f MiB, hit ratio %.2f / %d playlist requests, "
                        + "slow-viewer skips %d, closed %d, server TTFF %s",
                streams.size(), node.delivery().viewers(), hls.sessions(), node.webrtc().count(), inMbps, outMbps, gopFrames, gopBytes / 1048576.0,
                hls.stats().segmentsProduced(), hls.cache().weightedBytes() / 1048576.0, hls.cache().stats().hitRate(),
                hls.stats().playlistRequests(),
                node.delivery().skips(), node.delivery().closedSlow(), ttffText) + cluster());
    }

    /** {@code ; consul REGISTERED (passing), 2 parent(s), 3 node(s) in tier 2} when clustered. */
    private String cluster() {
        var c = node.cluster();
        if (c == null || !c.clustered()) {
            return "";
        }
        return String.format(Locale.ROOT, "; consul %s%s, %d parent(s), %d healthy node(s) in tier %d", c.registrationState(),
                c.drainState() == io.edgecdn.edge.cluster.ClusterService.DrainState.NONE ? "" : " " + c.drainState(),
                c.parents().size(), c.siblings().size(), c.self().tier());
    }
}
