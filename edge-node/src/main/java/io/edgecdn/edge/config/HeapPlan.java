package io.edgecdn.edge.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM's default memory settings for a config, so that resident memory is bounded and follows
 * the node's live data: {@code bin/edge-node} asks for them ({@code edge-node jvm-options}) unless
 * {@code EDGE_JAVA_OPTS} sets a heap or a collector itself.
 *
 * <p>Maximum heap = {@code hls.cache-bytes} (the segment cache's budget, all streams) + 64 MiB
 * (connections, viewer queues and tags in flight for about 10,000 viewers, metrics, config) +
 * 4 MiB per stream for up to 64 streams of {@code max-streams} (a GOP cache and an open HLS
 * segment of a typical 2-4 Mbps stream; each has its own hard bound, {@code gop-cache.max-bytes}
 * and {@code hls.max-segment-bytes}). With the defaults: 256 + 64 + 256 = 576 MiB.
 *
 * <p>Collector: Serial up to 1 GiB of heap (no concurrent threads competing with the I/O threads,
 * little bookkeeping memory; its pauses on such heaps are a few ms young, tens of ms full) with a
 * 16 MiB young generation, G1 above that. The heap starts at 32 MiB and grows and shrinks with the
 * live data (free ratios 10 to 20 %), so an idle or lightly loaded node stays small;
 * {@code -XX:+ExitOnOutOfMemoryError} makes an exhausted heap a clean exit for the supervisor to
 * restart, not a half-working process. Where the JVM has them: compact object headers (JDK 25,
 * JEP 519: 8-byte headers instead of 12, a smaller live heap) and a periodic trim of glibc's
 * malloc heap (JDK 22, {@code TrimNativeHeapInterval}: freed native memory goes back to the
 * system every 5 s instead of staying resident).
 */
public final class HeapPlan {
    /** Heap beyond the segment cache and the streams, bytes. */
    public static final long BASE_BYTES = 64L << 20;
    /** Heap planned per stream, bytes. */
    public static final long PER_STREAM_BYTES = 4L << 20;
    /** Streams planned for at most. */
    public static final int PLANNED_STREAMS = 64;
    /** Young generation with the Serial collector, bytes. */
    public static final long YOUNG_BYTES = 16L << 20;
    /** Largest heap run with the Serial collector, bytes. */
    public static final long SERIAL_MAX_BYTES = 1L << 30;

    private HeapPlan() {
    }

    /** The maximum heap for {@code config}, bytes. */
    public static long maxHeapBytes(EdgeConfig config) {
        return config.hls().cacheBytes() + BASE_BYTES + PER_STREAM_BYTES * Math.min(config.maxStreams(), PLANNED_STREAMS);
    }

    /** The JVM options for {@code config} on the running JVM. */
    public static List<String> jvmOptions(EdgeConfig config) {
        return jvmOptions(config, Runtime.version().feature());
    }

    /**
     * The JVM options for {@code config} on a JVM of feature release {@code javaFeature} (21, 25),
     * e.g. {@code -Xmx576m -Xms32m -XX:+UseSerialGC ...}: options a release does not know are left
     * out, since an unknown {@code -XX} option stops the JVM.
     */
    public static List<String> jvmOptions(EdgeConfig config, int javaFeature) {
        long max = maxHeapBytes(config);
        List<String> o = new ArrayList<>();
        o.add("-Xmx" + (max >> 20) + "m");
        o.add("-Xms32m");
        if (max <= SERIAL_MAX_BYTES) {
            o.add("-XX:+UseSerialGC");
            // a small fixed young generation: sized from the heap, it grows during a connection surge and
            // stays grown (Serial shrinks only at full collections); 16 MiB means a young collection about
            // every second at 2,000 viewers, of a few ms
            o.add("-Xmn" + (YOUNG_BYTES >> 20) + "m");
        } else {
            o.add("-XX:+UseG1GC");
            o.add("-XX:MaxGCPauseMillis=20");
        }
        o.add("-XX:MinHeapFreeRatio=10");
        o.add("-XX:MaxHeapFreeRatio=20");
        if (javaFeature >= 25) {
            o.add("-XX:+UseCompactObjectHeaders");
        }
        if (javaFeature >= 22) {
            o.add("-XX:TrimNativeHeapInterval=5000");
        }
        o.add("-XX:+ExitOnOutOfMemoryError");
        return o;
    }

    /**
     * A warning when the running JVM's heap cannot hold what the config needs (the segment cache
     * plus the base), or null.
     */
    public static String checkRunningHeap(EdgeConfig config, long maxMemoryBytes) {
        long need = config.hls().cacheBytes() + BASE_BYTES;
        if (maxMemoryBytes < need) {
            return String.format("the JVM heap (%d MiB) is smaller than hls.cache-bytes (%d MiB) + %d MiB: the node may run out of "
                            + "memory under load; raise -Xmx (EDGE_JAVA_OPTS) or lower hls.cache-bytes (bin/edge-node picks %d MiB for this config)",
                    maxMemoryBytes >> 20, config.hls().cacheBytes() >> 20, BASE_BYTES >> 20, maxHeapBytes(config) >> 20);
        }
        return null;
    }
}
