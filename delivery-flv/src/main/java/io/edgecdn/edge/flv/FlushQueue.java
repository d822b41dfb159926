package io.edgecdn.edge.flv;

import io.edgecdn.media.time.TaskTimer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.XnioIoThread;

/**
 * The viewers of one I/O thread that have tags to write, flushed by one task on that thread.
 *
 * <p>Without it, a tag published to N viewers submits up to N tasks (or N timers, when writes are
 * merged) to the I/O threads, each taking the thread's task-queue or timer lock. With it, the
 * publishing thread queues the viewers and submits at most one task per I/O thread and lane until
 * that task runs, which then writes for every queued viewer in turn. Two lanes: {@link #request}
 * runs as soon as the thread is free; {@link #requestMerged} runs with the lane's next timer, at
 * most the merge delay after the request (the timer is started by the first request after the
 * previous one fired, so a viewer may wait less than the delay, never more).
 *
 * <p>Threading: requests from any thread; the flushes run on the I/O thread. A request that
 * arrives while a lane's task runs is either drained by it or schedules the next task; none is lost.
 */
final class FlushQueue {
    private final Lane now;
    private final Lane merged;

    /**
     * @param ioThread runs the immediate lane's task
     * @param timer runs the merged lane's task after {@code mergeDelay}, on the same thread
     * @param mergeDelay how long merged requests may wait; zero: they run as soon as immediate ones
     */
    FlushQueue(Executor ioThread, TaskTimer timer, Duration mergeDelay) {
        this.now = new Lane(ioThread::execute);
        this.merged = mergeDelay.isZero() ? now : new Lane(task -> timer.schedule(task, mergeDelay));
    }

    /** One queue per I/O thread, created on first use; one merge delay for all ({@code http-flv.merge-writes}). */
    static final class PerThread {
        private final Map<XnioIoThread, FlushQueue> queues = new ConcurrentHashMap<>();
        private final Duration mergeDelay;

        PerThread(Duration mergeDelay) {
            this.mergeDelay = mergeDelay;
        }

        FlushQueue of(XnioIoThread ioThread) {
            return queues.computeIfAbsent(ioThread, t -> new FlushQueue(t, (task, delay) -> {
                var key = t.executeAfter(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
                return key::remove;
            }, mergeDelay));
        }

        Duration mergeDelay() {
            return mergeDelay;
        }
    }

    /** Runs {@code flush} on the I/O thread soon, in the same task as other pending flushes. */
    void request(Runnable flush) {
        now.add(flush);
    }

    /** Runs {@code flush} on the I/O thread within the merge delay, with every flush merged meanwhile. */
    void requestMerged(Runnable flush) {
        merged.add(flush);
    }

    /** A queue of flushes and whether a task to drain it is submitted. */
    private static final class Lane implements Runnable {
        private final java.util.function.Consumer<Runnable> submit;
        private final ConcurrentLinkedQueue<Runnable> ready = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();

        Lane(java.util.function.Consumer<Runnable> submit) {
            this.submit = submit;
        }

        void add(Runnable flush) {
            ready.add(flush);
            if (scheduled.compareAndSet(false, true)) {
                submit.accept(this);
            }
        }

        @Override
        public void run() {
            scheduled.set(false); // before draining: a request added from now on schedules a new task
            Runnable r;
            while ((r = ready.poll()) != null) {
                r.run();
            }
        }
    }
}
