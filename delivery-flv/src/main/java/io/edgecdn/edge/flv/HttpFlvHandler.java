package io.edgecdn.edge.flv;

import io.edgecdn.ops.http.HttpResponses;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamManager;
import io.edgecdn.edge.source.StreamUnavailableException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.util.function.Supplier;

/**
 * {@code GET /{app}/{stream}.flv}: takes a lease on the stream (starting its pull), waits without
 * blocking for it to be ready, at most the configured connect timeout, then streams FLV through an
 * {@link FlvViewer}. Unknown, unreachable or stalled streams get a JSON 404 naming the reason; the
 * stream limit a 503.
 */
public final class HttpFlvHandler {
    private final StreamManager streams;
    private final Supplier<HttpFlvSettings> config;
    private final Supplier<java.time.Duration> startTimeout;
    private final DeliveryStats stats;
    private final ViewerRegistry registry;
    private volatile FlushQueue.PerThread flushQueues;

    public HttpFlvHandler(StreamManager streams, Supplier<HttpFlvSettings> config, Supplier<java.time.Duration> startTimeout,
                          DeliveryStats stats, ViewerRegistry registry) {
        this.startTimeout = startTimeout;
        this.flushQueues = new FlushQueue.PerThread(config.get().mergeWrites());
        this.streams = streams;
        this.config = config;
        this.stats = stats;
        this.registry = registry;
    }

    /** Serves one request for {@code key}; called on an I/O thread. */
    public void serve(HttpServerExchange exchange, StreamKey key) {
        long requestNanos = System.nanoTime();
        StreamManager.Lease lease;
        try {
            lease = streams.acquire(key);
        } catch (StreamUnavailableException e) {
            HttpResponses.error(exchange, e.error(), e.getMessage(), key.toString());
            return;
        }
        HttpFlvSettings cfg = config.get();
        long timeoutMs = startTimeout.get().toMillis();
        if (lease.ready().isDone() && !lease.ready().isCompletedExceptionally()) {
            // dispatched, so that Undertow does not end the exchange when this handler returns
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> startViewer(exchange, lease, cfg, requestNanos));
            return;
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> lease.readyWithin(timeoutMs)
                .whenComplete((src, err) -> exchange.getIoThread().execute(() -> {
                    if (err == null) {
                        startViewer(exchange, lease, cfg, requestNanos);
                        return;
                    }
                    lease.close();
                    StreamUnavailableException e = StreamUnavailableException.of(err);
                    HttpResponses.error(exchange, e.error(), e.getMessage(), key.toString());
                })));
    }

    private void startViewer(HttpServerExchange exchange, StreamManager.Lease lease, HttpFlvSettings f, long requestNanos) {
        if (exchange.isComplete() || !exchange.getConnection().isOpen()) {
            lease.close();
            return;
        }
        ViewerLimits limits = new ViewerLimits(f.queueMaxBytes(), f.queueMaxDuration().toMillis(), f.maxSkips(),
                f.skipWindow().toMillis(), 256 * 1024);
        exchange.setStatusCode(200);
        exchange.setPersistent(false); // an endless body: close-delimited, no chunk framing per write
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "video/x-flv");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache, no-store");
        HttpResponses.cors(exchange);
        FlushQueue.PerThread queues = flushQueues;
        if (!queues.mergeDelay().equals(f.mergeWrites())) { // the delay was reloaded
            queues = new FlushQueue.PerThread(f.mergeWrites());
            flushQueues = queues;
        }
        FlvViewer viewer = new FlvViewer(exchange, lease, limits, stats, requestNanos, registry, queues);
        viewer.start();
    }
}
