package io.edgecdn.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Parents that keep failing: {@code threshold} pull failures within {@code window} put a node in
 * the box for {@code duration}, during which the ranker tries it last. A success clears its record.
 * Time comes from an injected clock (tests advance a fake one). Thread-safe.
 */
public final class PenaltyBox {
    private final int threshold;
    private final Duration window;
    private final Duration duration;
    private final Clock clock;
    private final Map<String, ArrayDeque<Instant>> failures = new HashMap<>();
    private final Map<String, Instant> boxedUntil = new HashMap<>();

    /**
     * @param threshold failures that box a node, at least 1
     * @param window how far back failures count
     * @param duration how long a boxed node stays boxed
     */
    public PenaltyBox(int threshold, Duration window, Duration duration, Clock clock) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1");
        }
        this.threshold = threshold;
        this.window = window;
        this.duration = duration;
        this.clock = clock;
    }

    /** A pull from {@code nodeId} failed. */
    public synchronized void failure(String nodeId) {
        Instant now = clock.instant();
        ArrayDeque<Instant> q = failures.computeIfAbsent(nodeId, k -> new ArrayDeque<>());
        q.addLast(now);
        while (!q.isEmpty() && q.peekFirst().isBefore(now.minus(window))) {
            q.removeFirst();
        }
        if (q.size() >= threshold) {
            boxedUntil.put(nodeId, now.plus(duration));
            q.clear();
        }
    }

    /** A pull from {@code nodeId} worked: its failures are forgotten. */
    public synchronized void success(String nodeId) {
        failures.remove(nodeId);
        boxedUntil.remove(nodeId);
    }

    public synchronized boolean isBoxed(String nodeId) {
        Instant until = boxedUntil.get(nodeId);
        if (until == null) {
            return false;
        }
        if (!clock.instant().isBefore(until)) {
            boxedUntil.remove(nodeId);
            return false;
        }
        return true;
    }
}
