package io.edgecdn.edge.flv;

import org.jspecify.annotations.Nullable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Node-wide HTTP-FLV delivery counters, updated on the hot path with adders (no lock), read by the
 * status line and, later, the metrics registry. Server-side TTFF (request to the first keyframe's
 * last byte handed to the socket) is kept as a small lock-free ring of recent samples.
 */
public final class DeliveryStats {
    private final AtomicInteger viewers = new AtomicInteger();
    private final LongAdder viewersTotal = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder framesSkipped = new LongAdder();
    private final LongAdder skips = new LongAdder();
    private final LongAdder closedSlow = new LongAdder();
    private final long[] ttffMicros = new long[1024];
    private final AtomicInteger ttffCount = new AtomicInteger();

    void viewerOpened() {
        viewers.incrementAndGet();
        viewersTotal.increment();
    }

    void viewerClosed() {
        viewers.decrementAndGet();
    }

    void bytesOut(long n) {
        bytesOut.add(n);
    }

    void skipped(long frames) {
        skips.increment();
        framesSkipped.add(frames);
    }

    void framesDropped(long frames) {
        framesSkipped.add(frames);
    }

    void viewerClosedSlow() {
        closedSlow.increment();
    }

    private volatile java.util.function.@Nullable LongConsumer ttffListener;

    void ttff(long micros) {
        int i = ttffCount.getAndIncrement();
        ttffMicros[i & (ttffMicros.length - 1)] = micros;
        java.util.function.LongConsumer l = ttffListener;
        if (l != null) {
            l.accept(micros);
        }
    }

    /** Also hands every server-side TTFF sample (microseconds) to {@code listener} (the metrics histogram). */
    public void onTtff(java.util.function.LongConsumer listener) {
        this.ttffListener = listener;
    }

    /** HTTP-FLV viewers connected now. */
    public int viewers() {
        return viewers.get();
    }

    /** Viewers served since start. */
    public long viewersTotal() {
        return viewersTotal.sum();
    }

    /** Bytes written to viewers since start. */
    public long bytesOut() {
        return bytesOut.sum();
    }

    /** Media tags dropped for slow viewers since start. */
    public long framesSkipped() {
        return framesSkipped.sum();
    }

    /** Times a slow viewer skipped to the next keyframe. */
    public long skips() {
        return skips.sum();
    }

    /** Viewers closed for staying behind. */
    public long closedSlow() {
        return closedSlow.sum();
    }

    /** Recent server-side TTFF samples in microseconds (up to 1024, unordered). */
    public long[] recentTtffMicros() {
        int n = Math.min(ttffCount.get(), ttffMicros.length);
        return java.util.Arrays.copyOf(ttffMicros, n);
    }
}
