package io.edgecdn.testsupport;

import io.edgecdn.media.time.TaskTimer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Time that moves only when a test says so: a {@link Clock} (wall time, from 2026-01-01T00:00Z), a
 * monotonic {@link #nanoTime()} and a {@link TaskTimer} whose tasks run, in time order, on the
 * thread that calls {@link #advance}. Thread-safe; tasks run outside its lock, so a task may
 * schedule another (it runs in the same {@code advance} when due by then).
 */
public final class ManualTime extends Clock implements TaskTimer {
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private record Task(long dueNanos, long seq, Runnable run, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.dueNanos != b.dueNanos
            ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.seq, b.seq));
    private long nanos;
    private long seq;

    /** Nanoseconds since this time was made; only {@link #advance} moves it. */
    public synchronized long nanoTime() {
        return nanos;
    }

    /** Milliseconds since this time was made ({@link #millis()} is the wall clock's, since 1970). */
    public long elapsedMillis() {
        return nanoTime() / 1_000_000;
    }

    @Override
    public synchronized Instant instant() {
        return EPOCH.plusNanos(nanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** This time itself: it is UTC only, and a view in another zone would not move with it. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public synchronized Scheduled schedule(Runnable task, Duration delay) {
        boolean[] cancelled = {false};
        tasks.add(new Task(nanos + Math.max(0, delay.toNanos()), seq++, task, cancelled));
        return () -> {
            synchronized (ManualTime.this) {
                cancelled[0] = true;
            }
        };
    }

    /** Tasks scheduled and neither run nor cancelled. */
    public synchronized int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled[0]).count();
    }

    /**
     * Moves time forward by {@code d}, running every task due by then in the order of their due
     * times (each at its due time: {@link #nanoTime()} reads that time while it runs).
     *
     * @throws IllegalArgumentException for a negative duration
     */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + d);
        }
        long target;
        synchronized (this) {
            target = nanos + d.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.dueNanos > target) {
                    nanos = target;
                    return;
                }
                tasks.poll();
                nanos = Math.max(nanos, next.dueNanos);
                if (next.cancelled[0]) {
                    continue;
                }
            }
            next.run.run();
        }
    }

    /** The due times of the pending tasks, ns from now, soonest first (for assertion messages). */
    public synchronized List<Long> pendingDelaysNanos() {
        List<Long> out = new ArrayList<>();
        tasks.stream().filter(t -> !t.cancelled[0]).sorted((a, b) -> Long.compare(a.dueNanos, b.dueNanos))
                .forEach(t -> out.add(t.dueNanos - nanos));
        return out;
    }
}
