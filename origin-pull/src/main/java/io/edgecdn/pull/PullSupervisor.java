package io.edgecdn.pull;

import io.edgecdn.media.time.TimestampNormalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Keeps one stream pulled: runs one {@link UpstreamPuller} attempt after another on its own
 * thread, walking the upstream's candidate URLs in order (the next one at once after a failure)
 * and backing off exponentially (capped) once all of them failed in a row. The candidates are asked for again before each attempt ({@link
 * UpstreamCandidates}: fixed, or live from Consul). A candidate that delivered media is retried
 * first after it drops, while it is still a candidate; one that fails moves the walk to the
 * candidate after it. The first time every candidate has failed before any
 * media arrived, {@link Listener#onCandidatesExhausted} tells the owner (who answers waiting
 * viewers 404); the supervisor itself keeps trying until {@link #stop()}.
 *
 * <p>One timestamp normalizer lives as long as the supervisor, so viewers see continuous time
 * across reconnects. Logs carry the stream key (MDC {@code stream}) and upstream.
 */
public final class PullSupervisor {
    private static final Logger log = LoggerFactory.getLogger(PullSupervisor.class);

    /** Lifecycle states, for the admin API and logs. */
    public enum State { CONNECTING, PULLING, BACKOFF, STOPPED }

    /** Events for the owner of the pull. Called on the supervisor thread. */
    public interface Listener {
        /** Every candidate failed in a row without delivering media; {@code last} says why the last one did. */
        void onCandidatesExhausted(PullOutcome last);
    }

    private final String streamKey;
    private final UpstreamCandidates candidates;
    private final TagSink sink;
    private final Function<UpstreamEndpoint, UpstreamPuller> pullers;
    private final Backoff backoff;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Listener listener;
    private final CountDownLatch stopLatch = new CountDownLatch(1);
    private final TimestampNormalizer normalizer = TimestampNormalizer.forFlv();
    private volatile boolean stopRequested;
    private volatile State state = State.CONNECTING;
    private volatile UpstreamEndpoint current;
    private volatile Instant connectedSince;
    private volatile long reconnects;
    private volatile PullOutcome lastOutcome;
    private Thread thread;

    public PullSupervisor(String streamKey, List<UpstreamEndpoint> candidates, TagSink sink,
                          Function<UpstreamEndpoint, UpstreamPuller> pullers, Backoff backoff,
                          Duration connectTimeout, Duration readTimeout, Listener listener) {
        this(streamKey, UpstreamCandidates.fixed(candidates), sink, pullers, backoff, connectTimeout, readTimeout, listener);
    }

    public PullSupervisor(String streamKey, UpstreamCandidates candidates, TagSink sink,
                          Function<UpstreamEndpoint, UpstreamPuller> pullers, Backoff backoff,
                          Duration connectTimeout, Duration readTimeout, Listener listener) {
        this.streamKey = streamKey;
        this.candidates = candidates;
        this.sink = sink;
        this.pullers = pullers;
        this.backoff = backoff;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.listener = listener;
    }

    /** Starts the supervisor thread ({@code pull-<stream key>}). */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = Thread.ofPlatform().name("pull-" + streamKey).daemon(true).start(this::run);
    }

    /** Asks the current attempt to end and the supervisor to stop; returns at once. */
    public void stop() {
        stopRequested = true;
        stopLatch.countDown();
    }

    /** Waits for the supervisor thread to end. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        return t == null || t.join(timeout);
    }

    public State state() {
        return state;
    }

    /** The candidate being pulled or tried, or null before the first attempt. */
    public UpstreamEndpoint currentUpstream() {
        return current;
    }

    /** When the current connection started delivering, or null when not pulling. */
    public Instant connectedSince() {
        return connectedSince;
    }

    /** Attempts after the first. */
    public long reconnects() {
        return reconnects;
    }

    /** Why the latest attempt ended, or null. */
    public PullOutcome lastOutcome() {
        return lastOutcome;
    }

    /**
     * The next candidate: the one that last delivered media if it is still listed, else the one after
     * the one that last failed, else the first; null when the list is empty.
     */
    static UpstreamEndpoint choose(List<UpstreamEndpoint> list, UpstreamEndpoint lastDelivered, UpstreamEndpoint lastFailed) {
        if (list.isEmpty()) {
            return null;
        }
        if (lastDelivered != null && list.contains(lastDelivered)) {
            return lastDelivered;
        }
        int i = lastFailed == null ? -1 : list.indexOf(lastFailed);
        return list.get((i + 1) % list.size());
    }

    private void run() {
        MDC.put("stream", streamKey);
        int failures = 0; // attempts in a row that delivered no media
        boolean exhaustedReported = false;
        boolean first = true;
        UpstreamEndpoint lastDelivered = null;
        UpstreamEndpoint lastFailed = null;
        try {
            while (!stopRequested) {
                List<UpstreamEndpoint> list = candidates.current();
                UpstreamEndpoint upstream = choose(list, lastDelivered, lastFailed);
                state = State.CONNECTING;
                if (!first) {
                    reconnects++;
                }
                first = false;
                PullOutcome outcome;
                if (upstream == null) {
                    outcome = new PullOutcome(PullOutcome.Reason.CONNECT_FAILED, "no upstream candidate: " + candidates, false);
                } else {
                    current = upstream;
                    normalizer.discontinuity(PullContext.wrapPeriodMs(upstream));
                    MDC.put("upstream", upstream.redacted());
                    PullContext ctx = new PullContext(trackingSink(), () -> stopRequested, connectTimeout, readTimeout, streamKey);
                    try {
                        outcome = pullers.apply(upstream).pull(upstream, ctx, normalizer);
                    } catch (RuntimeException e) {
                        outcome = new PullOutcome(PullOutcome.Reason.READ_FAILED, "puller failed: " + e, false);
                        log.warn("puller for {} threw", upstream, e);
                    }
                }
                connectedSince = null;
                lastOutcome = outcome;
                if (stopRequested || outcome.reason() == PullOutcome.Reason.STOPPED) {
                    break;
                }
                if (upstream != null) {
                    sink.onDisconnected(upstream, outcome);
                }
                if (outcome.receivedMedia()) {
                    failures = 0;
                    lastDelivered = upstream;
                    lastFailed = null;
                    log.warn("upstream {} dropped ({}); reconnecting", upstream, outcome);
                } else {
                    failures++;
                    lastDelivered = null;
                    if (upstream != null) {
                        lastFailed = upstream;
                        candidates.failed(upstream, outcome);
                        log.warn("upstream {} failed ({}); next: candidate {} of {}", upstream, outcome,
                                (list.indexOf(upstream) + 1) % list.size() + 1, list.size());
                    } else {
                        log.warn("stream {}: {}", streamKey, outcome.detail());
                    }
                    if (failures >= Math.max(1, list.size()) && !exhaustedReported) {
                        exhaustedReported = true;
                        listener.onCandidatesExhausted(outcome);
                    }
                }
                state = State.BACKOFF;
                // a dropped stream waits the initial delay; a failed candidate with others not yet tried in
                // this streak moves on at once (a dead parent's children fail over without waiting);
                // once every candidate failed, exponential backoff protects the upstreams
                long delay = failures == 0 ? backoff.initial().toMillis()
                        : failures < list.size() ? 0 : backoff.jitteredDelayMs(failures);
                if (stopLatch.await(delay, TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            state = State.STOPPED;
            current = null;
            MDC.clear();
            log.info("pull of {} stopped", streamKey);
        }
    }

    private TagSink trackingSink() {
        return new TagSink() {
            @Override
            public void onConnected(UpstreamEndpoint upstream, StreamLayout layout) {
                state = State.PULLING;
                connectedSince = Instant.now();
                log.info("pulling {} from {} (audio={}, video={})", streamKey, upstream, layout.hasAudio(), layout.hasVideo());
                candidates.delivered(upstream);
                sink.onConnected(upstream, layout);
            }

            @Override
            public void onTag(io.edgecdn.media.flv.FlvTag tag) {
                sink.onTag(tag);
            }

            @Override
            public void onDisconnected(UpstreamEndpoint upstream, PullOutcome outcome) {
                sink.onDisconnected(upstream, outcome);
            }
        };
    }
}
