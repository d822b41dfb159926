package io.edgecdn.edge.flv;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecdn.testsupport.ManualTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FlushQueueTest {
    /** An I/O thread stand-in whose tasks run only when the test says so. */
    static final class ManualExecutor implements Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable r) {
            tasks.add(r);
        }

        void runAll() {
            Runnable r;
            while ((r = tasks.poll()) != null) {
                r.run();
            }
        }
    }

    @Test
    void manyRequestsBeforeTheTaskRunsCostOneTask() {
        ManualExecutor io = new ManualExecutor();
        FlushQueue q = new FlushQueue(io, (t, d) -> { throw new AssertionError("no timer expected"); }, Duration.ofMillis(100));
        List<String> ran = new ArrayList<>();
        q.request(() -> ran.add("a"));
        q.request(() -> ran.add("b"));
        q.request(() -> ran.add("c"));
        assertThat(io.tasks).hasSize(1);
        io.runAll();
        assertThat(ran).containsExactly("a", "b", "c");
        q.request(() -> ran.add("d")); // after the task ran: a new one
        assertThat(io.tasks).hasSize(1);
        io.runAll();
        assertThat(ran).containsExactly("a", "b", "c", "d");
    }

    @Test
    void aRequestMadeWhileFlushingIsNotLost() {
        ManualExecutor io = new ManualExecutor();
        FlushQueue q = new FlushQueue(io, (t, d) -> { throw new AssertionError("no timer expected"); }, Duration.ofMillis(100));
        List<String> ran = new ArrayList<>();
        q.request(() -> {
            ran.add("first");
            q.request(() -> ran.add("during"));
        });
        io.runAll();
        assertThat(ran).containsExactly("first", "during");
    }

    @Test
    void mergedRequestsShareOneTimerAndRunWithinTheDelay() {
        ManualTime time = new ManualTime();
        ManualExecutor io = new ManualExecutor();
        FlushQueue q = new FlushQueue(io, time, Duration.ofMillis(100));
        List<String> ran = new ArrayList<>();
        q.requestMerged(() -> ran.add("a"));
        time.advance(Duration.ofMillis(60));
        q.requestMerged(() -> ran.add("b"));
        q.requestMerged(() -> ran.add("c"));
        assertThat(time.pending()).isEqualTo(1);
        assertThat(io.tasks).isEmpty();
        time.advance(Duration.ofMillis(39));
        assertThat(ran).isEmpty();
        time.advance(Duration.ofMillis(1)); // 100 ms after the first request: b and c waited 40 ms
        assertThat(ran).containsExactly("a", "b", "c");
        q.requestMerged(() -> ran.add("d"));
        assertThat(time.pending()).isEqualTo(1);
        time.advance(Duration.ofMillis(100));
        assertThat(ran).containsExactly("a", "b", "c", "d");
    }

    @Test
    void immediateRequestsDoNotWaitForTheMergeTimer() {
        ManualTime time = new ManualTime();
        ManualExecutor io = new ManualExecutor();
        FlushQueue q = new FlushQueue(io, time, Duration.ofMillis(100));
        List<String> ran = new ArrayList<>();
        q.requestMerged(() -> ran.add("merged"));
        q.request(() -> ran.add("now"));
        io.runAll();
        assertThat(ran).containsExactly("now");
        time.advance(Duration.ofMillis(100));
        assertThat(ran).containsExactly("now", "merged");
    }

    @Test
    void concurrentRequestsAllRunOnTheThread() throws Exception {
        ExecutorService io = Executors.newSingleThreadExecutor();
        ExecutorService publishers = Executors.newFixedThreadPool(2);
        try {
            FlushQueue q = new FlushQueue(io, (t, d) -> { throw new AssertionError("no timer expected"); }, Duration.ofMillis(100));
            int n = 20_000;
            AtomicInteger done = new AtomicInteger();
            CountDownLatch all = new CountDownLatch(n);
            for (int p = 0; p < 2; p++) {
                publishers.execute(() -> {
                    for (int i = 0; i < n / 2; i++) {
                        q.request(() -> {
                            done.incrementAndGet();
                            all.countDown();
                        });
                    }
                });
            }
            assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(done.get()).isEqualTo(n);
        } finally {
            publishers.shutdownNow();
            io.shutdownNow();
        }
    }
}
