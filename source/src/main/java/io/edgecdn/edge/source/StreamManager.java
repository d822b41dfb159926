package io.edgecdn.edge.source;

import org.jspecify.annotations.Nullable;
import io.edgecdn.ops.EdgeError;
import io.edgecdn.media.time.TaskTimer;
import io.edgecdn.pull.Backoff;
import io.edgecdn.pull.PullSupervisor;
import io.edgecdn.pull.UpstreamCandidates;
import io.edgecdn.pull.UpstreamEndpoint;
import io.edgecdn.pull.UpstreamPuller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the streams this node pulls. The first {@link #acquire} of a stream key creates its
 * {@link LiveSource} and starts one pull from the first matching upstream rule; concurrent and
 * later viewers share it. When the last lease is released the pull stops after the idle grace
 * (30 s by default) so a returning zapper finds the GOP cache warm; a stream that never started is
 * stopped at once. Pinned streams are pulled from start-up (exact keys) or never idled (patterns).
 *
 * <p>Thread-safe; the bookkeeping is synchronized, the media path never touches it.
 */
public final class StreamManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamManager.class);

    private final Map<StreamKey, ManagedStream> streams = new HashMap<>();
    private final Function<UpstreamEndpoint, UpstreamPuller> pullers;
    private final TaskTimer timer;
    private final UpstreamResolver upstreams;
    private volatile SourcePolicy config;
    private final List<StreamListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean closed;

    /**
     * @param config limits, pins, GOP cache bounds and pull timings (replaced by {@link #updatePolicy})
     * @param upstreams where each stream is pulled from
     * @param pullers the puller for an upstream URL
     * @param timer runs idle stops
     */
    public StreamManager(SourcePolicy config, UpstreamResolver upstreams, Function<UpstreamEndpoint, UpstreamPuller> pullers,
                         TaskTimer timer) {
        this.config = config;
        this.upstreams = upstreams;
        this.pullers = pullers;
        this.timer = timer;
    }

    /** Adds a listener told of every stream started or stopped from now on. */
    public void addListener(StreamListener listener) {
        listeners.add(listener);
    }

    /**
     * Takes a lease on a stream, starting its pull if it is not pulled yet. The lease's
     * {@link Lease#ready()} completes when a viewer can start.
     *
     * @throws StreamUnavailableException {@code NO_UPSTREAM} when no rule matches,
     *     {@code TOO_MANY_STREAMS} at the stream limit
     */
    public synchronized Lease acquire(StreamKey key) throws StreamUnavailableException {
        if (closed) {
            throw new StreamUnavailableException(EdgeError.STOPPED, "node is shutting down");
        }
        ManagedStream s = streams.get(key);
        if (s == null) {
            s = create(key, config.isPinned(key));
        }
        s.leases++;
        if (s.idleStop != null) {
            s.idleStop.cancel();
            s.idleStop = null;
        }
        return new Lease(this, s);
    }

    private ManagedStream create(StreamKey key, boolean pinned) throws StreamUnavailableException {
        UpstreamCandidates endpoints = upstreams.candidates(key);
        if (streams.size() >= config.maxStreams()) {
            throw new StreamUnavailableException(EdgeError.TOO_MANY_STREAMS,
                    "this node already pulls " + streams.size() + " streams (max-streams); try another edge");
        }
        PullSettings p = config.pull();
        ManagedStream s = new ManagedStream(key, new LiveSource(key, config.gopCacheFor(key)), pinned,
                m -> new PullSupervisor(key.toString(), endpoints, m, pullers,
                        new Backoff(p.backoffInitial(), p.backoffMax()), p.connectTimeout(), p.readTimeout(), m));
        streams.put(key, s);
        for (StreamListener l : listeners) {
            l.streamStarted(s.source);
        }
        s.supervisor.start();
        log.info("stream {} opened, candidates {}{}", key, endpoints.current(), pinned ? " (pinned)" : "");
        return s;
    }

    /** Starts the pinned streams that name one exact key; patterns only keep matching streams from idling. */
    public synchronized void startPinned() {
        for (String pin : config.pinned()) {
            if (pin.contains("*")) {
                continue;
            }
            StreamKey key = StreamKey.parse(pin);
            if (!streams.containsKey(key)) {
                try {
                    create(key, true);
                } catch (StreamUnavailableException e) {
                    log.error("pinned stream {} cannot be pulled: {}", key, e.getMessage());
                }
            }
        }
    }

    synchronized void release(ManagedStream s) {
        s.leases--;
        if (s.leases > 0 || s.pinned || streams.get(s.key) != s) {
            return;
        }
        if (!s.start.isDone() || s.start.isCompletedExceptionally()) {
            stop(s, "no viewer left and the stream never started");
            return;
        }
        Duration grace = config.pull().idleGrace();
        s.idleStop = timer.schedule(() -> idleCheck(s), grace);
    }

    private synchronized void idleCheck(ManagedStream s) {
        if (s.leases == 0 && !s.pinned && streams.get(s.key) == s) {
            stop(s, "idle for " + config.pull().idleGrace().toSeconds() + " s");
        }
    }

    private void stop(ManagedStream s, String why) {
        streams.remove(s.key);
        s.supervisor.stop();
        s.start.completeExceptionally(new StreamUnavailableException(EdgeError.STOPPED,
                "stream " + s.key + " stopped: " + why));
        s.source.close(why);
        for (StreamListener l : listeners) {
            l.streamStopped(s.source);
        }
        log.info("stream {} stopped: {}", s.key, why);
    }

    /** The live source of a pulled stream, or null. */
    public synchronized @Nullable LiveSource source(StreamKey key) {
        ManagedStream s = streams.get(key);
        return s == null ? null : s.source;
    }

    /** A snapshot of every pulled stream. */
    public synchronized List<StreamStatus> status() {
        List<StreamStatus> out = new ArrayList<>(streams.size());
        for (ManagedStream s : streams.values()) {
            PullSupervisor sup = s.supervisor;
            out.add(new StreamStatus(s.source.stats(), sup.state(), sup.currentUpstream(), sup.connectedSince(),
                    sup.reconnects(), sup.lastOutcome(), s.leases, s.pinned));
        }
        return out;
    }

    /**
     * Replaces the policy, live: new streams use it from now on, and the GOP cache bounds of
     * every pulled stream follow it at once.
     */
    public synchronized void updatePolicy(SourcePolicy c) {
        this.config = c;
        for (ManagedStream s : streams.values()) {
            s.source.gopCacheLimits(c.gopCacheFor(s.key));
        }
    }

    /**
     * Stops a stream's pull and closes its viewers (they may come back and start it again).
     *
     * @return false when the stream is not pulled
     */
    public synchronized boolean stopStream(StreamKey key, String why) {
        ManagedStream s = streams.get(key);
        if (s == null) {
            return false;
        }
        stop(s, why);
        return true;
    }

    /**
     * Pins a stream: pulled now if it is not, and never idled; or unpins it (it idles as usual once
     * no viewer is left).
     *
     * @throws StreamUnavailableException when pinning a stream that no upstream serves
     */
    public synchronized void pin(StreamKey key, boolean on) throws StreamUnavailableException {
        ManagedStream s = streams.get(key);
        if (on) {
            if (s == null) {
                create(key, true);
            } else {
                s.pinned = true;
            }
            return;
        }
        if (s != null && s.pinned && !config.isPinned(key)) {
            s.pinned = false;
            if (s.leases == 0) {
                Duration grace = config.pull().idleGrace();
                s.idleStop = timer.schedule(() -> idleCheck(s), grace);
            }
        }
    }

    /** Whether some upstream could serve a stream ({@link UpstreamResolver#serves}). */
    public boolean hasUpstream(StreamKey key) {
        return upstreams.serves(key);
    }

    /** How many streams are pulled. */
    public synchronized int count() {
        return streams.size();
    }

    /** Whether a stream is being pulled. */
    public synchronized boolean isPulling(StreamKey key) {
        return streams.containsKey(key);
    }

    @Override
    public void close() {
        List<ManagedStream> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(streams.values());
            for (ManagedStream s : all) {
                stop(s, "node shutting down");
            }
        }
        for (ManagedStream s : all) {
            try {
                s.supervisor.awaitStopped(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * A viewer's hold on a stream; closing it releases the hold (idempotent).
     */
    public static final class Lease implements AutoCloseable {
        private final StreamManager manager;
        private final ManagedStream stream;
        private boolean released;

        Lease(StreamManager manager, ManagedStream stream) {
            this.manager = manager;
            this.stream = stream;
        }

        public LiveSource source() {
            return stream.source;
        }

        /**
         * Completes when the stream can be watched; fails with {@link StreamUnavailableException}
         * when every upstream failed or the stream was stopped. Shared: use {@code copy()} before
         * adding a timeout.
         */
        public CompletableFuture<LiveSource> ready() {
            return stream.start;
        }

        /**
         * {@link #ready()} bounded by a viewer's start timeout: fails with a {@link
         * StreamUnavailableException} ({@code start_timeout} naming the pull's state when the stream
         * is not ready within {@code timeoutMs}; otherwise the start's own failure). Read the
         * failure with {@link StreamUnavailableException#of}.
         */
        public CompletableFuture<LiveSource> readyWithin(long timeoutMs) {
            return ready().copy().orTimeout(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS).exceptionallyCompose(err ->
                    CompletableFuture.failedFuture(StreamUnavailableException.unwrap(err) instanceof java.util.concurrent.TimeoutException
                            ? new StreamUnavailableException(io.edgecdn.ops.EdgeError.START_TIMEOUT, "stream " + stream.key + " did not start within "
                                    + timeoutMs + " ms (pull.connect-timeout): " + pullState())
                            : StreamUnavailableException.of(err)));
        }

        /** A one-line description of the pull state, for timeout messages. */
        public String pullState() {
            PullSupervisor sup = stream.supervisor;
            return "upstream " + sup.currentUpstream() + " is " + sup.state().name().toLowerCase()
                    + (sup.lastOutcome() == null ? "" : ", last attempt ended with " + sup.lastOutcome());
        }

        @Override
        public void close() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            manager.release(stream);
        }
    }
}
