package io.edgecdn.edge.cluster;

import io.edgecdn.scheduler.consul.NodeRegistration;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The node's load as registered in Consul: viewers now (HTTP-FLV, child nodes' pulls included, and
 * WebRTC sessions), egress in Mbit/s averaged since the previous sample (HTTP-FLV, HLS and WebRTC
 * bytes), and streams pulled.
 * Sampled by the registration heartbeat; {@link #last()} serves redirect decisions in between.
 */
public final class LoadMeter {
    /** One sample. */
    public record Sample(int viewers, double egressMbps, int streams) {
    }

    private final IntSupplier viewers;
    private final LongSupplier bytesOut;
    private final IntSupplier streams;
    private long lastBytes;
    private long lastNanos;
    private volatile Sample last = new Sample(0, 0, 0);

    public LoadMeter(IntSupplier viewers, LongSupplier bytesOut, IntSupplier streams) {
        this.viewers = viewers;
        this.bytesOut = bytesOut;
        this.streams = streams;
        this.lastBytes = bytesOut.getAsLong();
        this.lastNanos = System.nanoTime();
    }

    /** Takes a sample (egress over the time since the previous one). */
    public synchronized NodeRegistration.Load sample() {
        long now = System.nanoTime();
        long bytes = bytesOut.getAsLong();
        double seconds = (now - lastNanos) / 1e9;
        double mbps = seconds > 0.05 ? (bytes - lastBytes) * 8 / seconds / 1e6 : last.egressMbps();
        lastBytes = bytes;
        lastNanos = now;
        last = new Sample(viewers.getAsInt(), mbps, streams.getAsInt());
        return new NodeRegistration.Load(last.viewers(), last.egressMbps(), last.streams());
    }

    /** Viewers now (not sampled): what the node's viewer load is counted in. */
    public int viewersNow() {
        return viewers.getAsInt();
    }

    /** The latest sample. */
    public Sample last() {
        return last;
    }
}
