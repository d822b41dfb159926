package io.edgecdn.edge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgecdn.scheduler.consul.NodeIdentity;
import io.edgecdn.testsupport.ManualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A standalone node's drain: it ends when the last viewer leaves, or at the deadline read on the injected clock. */
class ClusterServiceDrainTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ManualTime time = new ManualTime();
    private final AtomicInteger viewers = new AtomicInteger(2);
    private final ClusterService cluster = new ClusterService(ClusterSettings.STANDALONE,
            new NodeIdentity("edge-1", 1, "default", "127.0.0.1", 8080, 1.0, 100, 100.0),
            new LoadMeter(viewers::get, () -> 0L, () -> 0), viewers::get, scheduler, time);

    @AfterEach
    void stop() {
        cluster.close();
        scheduler.shutdownNow();
    }

    @Test
    void theDeadlineIsReadOnTheClock() {
        Instant until = cluster.drain(Duration.ofSeconds(10));
        assertThat(until).isEqualTo(time.instant().plusSeconds(10));
        assertThat(cluster.drain(Duration.ofSeconds(99))).as("a second request keeps the first deadline").isEqualTo(until);
        await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(3))
                .until(() -> cluster.drainState() == ClusterService.DrainState.DRAINING);
        time.advance(Duration.ofSeconds(11));
        await().atMost(Duration.ofSeconds(3)).until(() -> cluster.drainState() == ClusterService.DrainState.DRAINED);
        assertThat(viewers.get()).as("the deadline, not the viewers, ended it").isEqualTo(2);
    }

    @Test
    void theLastViewerLeavingEndsItBeforeTheDeadline() {
        cluster.drain();
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
                .until(() -> cluster.drainState() == ClusterService.DrainState.DRAINING);
        viewers.set(0);
        await().atMost(Duration.ofSeconds(3)).until(() -> cluster.drainState() == ClusterService.DrainState.DRAINED);
    }
}
