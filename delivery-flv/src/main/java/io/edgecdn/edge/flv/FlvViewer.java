package io.edgecdn.edge.flv;

import org.jspecify.annotations.Nullable;
import io.edgecdn.pull.ChildPull;
import io.edgecdn.edge.source.LiveSource;
import io.edgecdn.edge.source.SourceConsumer;
import io.edgecdn.edge.source.StreamManager;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.FlvWriter;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * One HTTP-FLV viewer: a {@link SourceConsumer} whose tags go through its {@link ViewerQueue} to
 * the response channel.
 *
 * <p>The publishing thread only enqueues and, when no flush is scheduled yet, schedules one on
 * the viewer's I/O thread (optionally after the merge delay, to batch more tags per write). The
 * I/O thread writes the queued wire buffers with one gathering write per batch; when the socket
 * is full it waits for the write listener. Every buffer is a duplicate of a tag's shared bytes:
 * nothing is copied per viewer. Flushes go through the I/O thread's {@link FlushQueue}, so that one
 * published tag costs one task (or one merge timer) per I/O thread, not one per viewer.
 */
final class FlvViewer implements SourceConsumer {
    private static final Logger log = LoggerFactory.getLogger(FlvViewer.class);

    private final HttpServerExchange exchange;
    private final StreamManager.Lease lease;
    private final LiveSource source;
    private final ViewerQueue queue;
    private final DeliveryStats stats;
    private final XnioIoThread ioThread;
    private final FlushQueue flushQueue;
    private final long requestNanos;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable flushTask = this::flush;
    private final List<ByteBuffer> batch = new ArrayList<>();
    private ByteBuffer[] inFlight = new ByteBuffer[64];
    private int inFlightPos;
    private int inFlightLen;
    private @Nullable ByteBuffer ttffMarker;
    private volatile boolean ttffRecorded; // written by the I/O thread, read by the publishing thread
    private @Nullable StreamSinkChannel channel; // set by start(), on the I/O thread
    private long lastSkipLogNanos;
    private final ViewerRegistry registry;
    private final java.time.Instant since = java.time.Instant.now();
    private final boolean child;
    private volatile long bytesSent;
    private long id;

    FlvViewer(HttpServerExchange exchange, StreamManager.Lease lease, ViewerLimits limits,
              DeliveryStats stats, long requestNanos, ViewerRegistry registry, FlushQueue.PerThread flushQueues) {
        this.registry = registry;
        this.child = exchange.getRequestHeaders().contains(ChildPull.HEADER);
        this.exchange = exchange;
        this.lease = lease;
        this.source = lease.source();
        this.queue = new ViewerQueue(limits, source.hasVideo(), () -> System.nanoTime() / 1_000_000);
        this.stats = stats;
        this.ioThread = exchange.getIoThread();
        this.flushQueue = flushQueues.of(ioThread);
        this.requestNanos = requestNanos;
    }

    /** Starts streaming; on the exchange's I/O thread, once the source is ready. */
    void start() {
        channel = exchange.getResponseChannel();
        channel.getWriteSetter().set(ch -> writeLoop());
        channel.getCloseSetter().set(ch -> close("connection closed"));
        watchForClientClose();
        stats.viewerOpened();
        id = registry.register(this);
        List<FlvTag> burst = source.subscribe(this);
        boolean hasKeyframe = false;
        for (FlvTag t : burst) {
            hasKeyframe |= t.isKeyframe();
        }
        boolean video = source.hasVideo();
        // the header flags say which tracks exist (Adobe FLV v10.1, E.2): players probe only for those
        queue.start(FlvWriter.header(source.hasAudio(), video), burst, !hasKeyframe && video);
        writeLoop();
    }

    /**
     * Notices a player that leaves even when nothing is being written (upstream down, waiting for a
     * keyframe): the response is close-delimited and no further request can follow on this
     * connection, so reading it only ever yields EOF, which ends the viewer and its lease.
     */
    private void watchForClientClose() {
        if (!(exchange.getConnection() instanceof AbstractServerConnection conn)) {
            return; // HTTP/1.1 connections are; other protocols are not enabled on the viewer port
        }
        StreamSourceChannel in = conn.getChannel().getSourceChannel();
        in.getReadSetter().set(ch -> {
            ByteBuffer scratch = ByteBuffer.allocate(512);
            try {
                int n;
                while ((n = ch.read(scratch)) > 0) {
                    scratch.clear(); // a client sending after its request: ignored
                }
                if (n < 0) {
                    ch.suspendReads();
                    close("client closed the connection");
                }
            } catch (IOException e) {
                close("read failed: " + e.getMessage());
            }
        });
        in.resumeReads();
    }

    @Override
    public void onTag(FlvTag tag) {
        if (closed.get()) {
            return;
        }
        ViewerQueue.Verdict v = queue.offer(tag);
        switch (v) {
            case QUEUED -> schedule();
            case DROPPED -> stats.framesDropped(1);
            case SKIPPED -> {
                stats.skipped(queue.lastSkipFrames());
                long now = System.nanoTime();
                if (now - lastSkipLogNanos > 1_000_000_000L) {
                    lastSkipLogNanos = now;
                    log.info("viewer {} of {} is too slow: skipped to the next keyframe ({} skips, {} frames so far)",
                            exchange.getSourceAddress(), source.key(), queue.skips(), queue.framesSkipped());
                }
                schedule();
            }
            case CLOSE -> {
                stats.skipped(queue.lastSkipFrames());
                stats.viewerClosedSlow();
                log.info("viewer {} of {} stays behind: closing it ({} skips)", exchange.getSourceAddress(), source.key(), queue.skips());
                ioThread.execute(() -> close("too slow"));
            }
        }
    }

    @Override
    public void onSourceClosed(String reason) {
        ioThread.execute(() -> close("stream closed: " + reason));
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            // batching starts once the viewer has its first picture (a cold start's first keyframe goes at once)
            if (ttffRecorded || !source.hasVideo()) {
                flushQueue.requestMerged(flushTask); // one timer per I/O thread for all merging viewers
            } else {
                flushQueue.request(flushTask); // one task per I/O thread for all viewers with tags to write
            }
        }
    }

    private void flush() {
        scheduled.set(false);
        writeLoop();
    }

    /** Writes until the queue is empty or the socket is full. I/O thread only. */
    private void writeLoop() {
        if (closed.get() || channel == null) {
            return;
        }
        try {
            while (true) {
                if (inFlightPos >= inFlightLen) {
                    batch.clear();
                    int n = queue.drainTo(batch);
                    if (n == 0) {
                        if (channel.flush()) {
                            channel.suspendWrites();
                        } else {
                            channel.resumeWrites();
                        }
                        return;
                    }
                    if (inFlight.length < n) {
                        inFlight = new ByteBuffer[Math.max(n, inFlight.length * 2)];
                    }
                    for (int i = 0; i < n; i++) {
                        inFlight[i] = batch.get(i);
                    }
                    batch.clear(); // no reference to written tags is kept between flushes
                    if (ttffMarker == null && !ttffRecorded) {
                        ttffMarker = queue.firstKeyframeWire();
                    }
                    inFlightPos = 0;
                    inFlightLen = n;
                }
                long written = channel.write(inFlight, inFlightPos, inFlightLen - inFlightPos);
                if (written > 0) {
                    stats.bytesOut(written);
                    bytesSent += written;
                }
                while (inFlightPos < inFlightLen && !inFlight[inFlightPos].hasRemaining()) {
                    inFlight[inFlightPos++] = null;
                }
                if (ttffMarker != null && !ttffMarker.hasRemaining()) {
                    stats.ttff((System.nanoTime() - requestNanos) / 1000);
                    ttffMarker = null;
                    ttffRecorded = true;
                }
                if (inFlightPos < inFlightLen) {
                    channel.resumeWrites();
                    return;
                }
            }
        } catch (IOException e) {
            close("write failed: " + e.getMessage());
        }
    }

    /** Ends the viewer: unsubscribes, releases its lease, closes the connection. Idempotent, any thread. */
    void close(String why) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        source.unsubscribe(this);
        lease.close();
        if (channel != null) {
            stats.viewerClosed();
            registry.unregister(id);
        }
        log.debug("viewer {} of {} closed: {}", exchange.getSourceAddress(), source.key(), why);
        IoUtils.safeClose(exchange.getConnection());
    }

    io.edgecdn.edge.source.StreamKey streamKey() {
        return source.key();
    }

    ViewerRegistry.ViewerInfo info() {
        return new ViewerRegistry.ViewerInfo(id, source.key().toString(), "http-flv", String.valueOf(exchange.getSourceAddress()),
                since.toString(), bytesSent, queue.skips(), child);
    }

    /** Closes the viewer from another thread (admin kick, stream stop). */
    void kick(String reason) {
        log.info("viewer {} ({}) of {} closed: {}", id, exchange.getSourceAddress(), source.key(), reason);
        ioThread.execute(() -> close(reason));
    }
}
