package io.edgecdn.edge.source;

import io.edgecdn.testsupport.ManualTime;
import io.edgecdn.ops.EdgeError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.edgecdn.media.time.TimestampNormalizer;
import io.edgecdn.pull.PullContext;
import io.edgecdn.pull.PullOutcome;
import io.edgecdn.pull.StreamLayout;
import io.edgecdn.pull.UpstreamCandidates;
import io.edgecdn.testsupport.Tags;
import io.edgecdn.pull.UpstreamEndpoint;
import io.edgecdn.pull.UpstreamPuller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamManagerTest {
    /** A puller that publishes a keyframe and then idles until stopped; counts its attempts. */
    static final class FakePuller implements UpstreamPuller {
        final AtomicInteger attempts = new AtomicInteger();

        @Override
        public PullOutcome pull(UpstreamEndpoint upstream, PullContext ctx, TimestampNormalizer normalizer) {
            attempts.incrementAndGet();
            ctx.sink().onConnected(upstream, new StreamLayout(false, true));
            ctx.sink().onTag(Tags.videoHeader(0, 1));
            ctx.sink().onTag(Tags.keyframe(0, 100));
            while (!ctx.stopRequested().getAsBoolean()) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    break;
                }
            }
            return new PullOutcome(PullOutcome.Reason.STOPPED, "stop requested", true);
        }
    }

    private final ManualTime time = new ManualTime();
    private final List<StreamManager> managers = new ArrayList<>();

    @AfterEach
    void close() {
        managers.forEach(StreamManager::close);
    }

    /** The policy the node's configuration would give: defaults but for the grace and the pins. */
    record Policy(PullSettings pull, List<String> pinned) implements SourcePolicy {
        @Override
        public int maxStreams() {
            return 100;
        }

        @Override
        public boolean isPinned(StreamKey key) {
            return pinned.stream().anyMatch(p -> StreamPattern.matches(p, key.toString()));
        }

        @Override
        public GopCacheLimits gopCacheFor(StreamKey key) {
            return GopCacheLimits.DEFAULTS;
        }
    }

    /** Serves {@code live/*} from one SRT upstream, as the rule {@code live/*=srt://...} would. */
    static final UpstreamResolver LIVE_ONLY = new UpstreamResolver() {
        @Override
        public UpstreamCandidates candidates(StreamKey key) throws StreamUnavailableException {
            if (!serves(key)) {
                throw new StreamUnavailableException(EdgeError.NO_UPSTREAM, "no upstream rule matches " + key);
            }
            return UpstreamCandidates.fixed(List.of(io.edgecdn.pull.UpstreamEndpoint.of("srt://127.0.0.1:1?mode=caller")));
        }

        @Override
        public boolean serves(StreamKey key) {
            return StreamPattern.matches("live/*", key.toString());
        }
    };

    private StreamManager manager(UpstreamPuller puller, Duration grace, String... pinned) {
        Policy policy = new Policy(new PullSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), grace,
                Duration.ofMillis(10), Duration.ofMillis(50)), List.of(pinned));
        StreamManager m = new StreamManager(policy, LIVE_ONLY, e -> puller, time);
        managers.add(m);
        return m;
    }

    @Test
    void acquire_concurrentFirstViewers_shareOnePull() throws Exception {
        FakePuller puller = new FakePuller();
        StreamManager m = manager(puller, Duration.ofSeconds(30));
        StreamKey key = new StreamKey("live", "a");
        List<StreamManager.Lease> leases = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    leases.add(m.acquire(key));
                } catch (StreamUnavailableException e) {
                    throw new AssertionError(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(leases).hasSize(20).allSatisfy(l -> assertThat(l.source()).isSameAs(leases.get(0).source()));
        leases.get(0).ready().get(2, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(puller.attempts.get()).isEqualTo(1);
        assertThat(m.status()).singleElement().satisfies(s -> assertThat(s.leases()).isEqualTo(20));
    }

    @Test
    void release_lastLease_stopsAfterGrace_unlessReacquired() throws Exception {
        FakePuller puller = new FakePuller();
        StreamManager m = manager(puller, Duration.ofSeconds(30));
        StreamKey key = new StreamKey("live", "a");
        StreamManager.Lease l = m.acquire(key);
        l.ready().get(2, java.util.concurrent.TimeUnit.SECONDS);
        l.close();
        l.close(); // idempotent: one idle stop, not two
        assertThat(time.pendingDelaysNanos()).containsExactly(Duration.ofSeconds(30).toNanos());
        time.advance(Duration.ofSeconds(29));
        StreamManager.Lease again = m.acquire(key); // the zapper is back within the grace
        assertThat(time.pending()).as("the idle stop is cancelled").isZero();
        time.advance(Duration.ofMinutes(5));
        assertThat(m.isPulling(key)).isTrue();
        again.close();
        time.advance(Duration.ofSeconds(30).minusMillis(1));
        assertThat(m.isPulling(key)).as("still within the grace").isTrue();
        time.advance(Duration.ofMillis(1));
        assertThat(m.isPulling(key)).as("stopped once the grace is over").isFalse();
        assertThat(puller.attempts.get()).isEqualTo(1);
    }

    @Test
    void release_streamThatNeverStarted_stopsAtOnce() throws Exception {
        UpstreamPuller silent = (u, ctx, n) -> {
            while (!ctx.stopRequested().getAsBoolean()) {
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            }
            return new PullOutcome(PullOutcome.Reason.STOPPED, "stop requested", false);
        };
        StreamManager m = manager(silent, Duration.ofSeconds(30));
        StreamKey key = new StreamKey("live", "silent");
        m.acquire(key).close();
        assertThat(m.isPulling(key)).isFalse();
        assertThat(time.pending()).isZero();
    }

    @Test
    void pinnedKey_pulledFromStart_andNeverIdled() throws Exception {
        FakePuller puller = new FakePuller();
        StreamManager m = manager(puller, Duration.ofSeconds(1), "live/hot");
        m.startPinned();
        StreamKey key = new StreamKey("live", "hot");
        assertThat(m.isPulling(key)).isTrue();
        m.acquire(key).close();
        assertThat(time.pending()).as("no idle stop for a pinned stream").isZero();
        time.advance(Duration.ofHours(1));
        assertThat(m.isPulling(key)).isTrue();
    }

    @Test
    void unpin_idlesLikeAnyStream() throws Exception {
        FakePuller puller = new FakePuller();
        StreamManager m = manager(puller, Duration.ofSeconds(10));
        StreamKey key = new StreamKey("live", "p");
        m.pin(key, true);
        assertThat(m.isPulling(key)).isTrue();
        m.pin(key, false);
        time.advance(Duration.ofSeconds(9));
        assertThat(m.isPulling(key)).isTrue();
        time.advance(Duration.ofSeconds(1));
        assertThat(m.isPulling(key)).isFalse();
    }

    @Test
    void acquire_noMatchingRule_failsWithNoUpstream() {
        StreamManager m = manager(new FakePuller(), Duration.ofSeconds(1));
        assertThatThrownBy(() -> m.acquire(new StreamKey("vod", "a")))
                .isInstanceOf(StreamUnavailableException.class)
                .satisfies(e -> assertThat(((StreamUnavailableException) e).error()).isEqualTo(EdgeError.NO_UPSTREAM));
    }

    @Test
    void acquire_allCandidatesFail_readyFailsWithUnreachable_andStreamIsDropped() throws Exception {
        UpstreamPuller failing = (u, ctx, n) -> new PullOutcome(PullOutcome.Reason.CONNECT_FAILED, "Connection refused", false);
        StreamManager m = manager(failing, Duration.ofSeconds(30));
        StreamKey key = new StreamKey("live", "down");
        StreamManager.Lease l = m.acquire(key);
        assertThatThrownBy(() -> l.ready().get(2, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(StreamUnavailableException.class).hasMessageContaining("Connection refused");
        l.close();
        assertThat(m.isPulling(key)).isFalse();
    }
}
