package io.edgecdn.media.time;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once after a delay: what the node's time-dependent bookkeeping (idle stops, drains,
 * session expiry) asks of a scheduler, small enough that tests drive it with a manual timer
 * instead of sleeping. Production code wraps the node's {@link ScheduledExecutorService}.
 */
public interface TaskTimer {
    /** A scheduled task; cancelling a task that ran or was cancelled does nothing. */
    interface Scheduled {
        void cancel();
    }

    /**
     * Runs {@code task} once, {@code delay} from now (at once for a zero or negative delay), on
     * the timer's thread.
     */
    Scheduled schedule(Runnable task, Duration delay);

    /** A timer on an executor's thread. */
    static TaskTimer of(ScheduledExecutorService executor) {
        return (task, delay) -> {
            ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }
}
