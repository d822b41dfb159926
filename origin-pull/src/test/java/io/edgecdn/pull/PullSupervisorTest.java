package io.edgecdn.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.FlvTags;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PullSupervisorTest {
    private static final UpstreamEndpoint A = UpstreamEndpoint.of("srt://127.0.0.1:1?mode=caller");
    private static final UpstreamEndpoint B = UpstreamEndpoint.of("http://127.0.0.1:2/live/x.flv");

    /** Records the sink calls. */
    static final class Sink implements TagSink {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onConnected(UpstreamEndpoint upstream, StreamLayout layout) {
            events.add("connected " + upstream.uri().getPort());
        }

        @Override
        public void onTag(FlvTag tag) {
            events.add("tag");
        }

        @Override
        public void onDisconnected(UpstreamEndpoint upstream, PullOutcome outcome) {
            events.add("disconnected " + upstream.uri().getPort() + " " + outcome.reason());
        }
    }

    private static PullOutcome refused() {
        return new PullOutcome(PullOutcome.Reason.CONNECT_FAILED, "Connection refused", false);
    }

    private static PullOutcome serve(UpstreamEndpoint u, PullContext ctx, int tags) {
        ctx.sink().onConnected(u, new StreamLayout(true, false));
        for (int i = 0; i < tags; i++) {
            ctx.sink().onTag(FlvTags.aacFrame(i, java.nio.ByteBuffer.wrap(new byte[] {1})));
        }
        return new PullOutcome(PullOutcome.Reason.UPSTREAM_ENDED, "end of stream", true);
    }

    @Test
    void failingFirstCandidate_failsOverToSecond() throws Exception {
        Sink sink = new Sink();
        AtomicInteger aTries = new AtomicInteger();
        AtomicInteger bTries = new AtomicInteger();
        UpstreamPuller a = (u, ctx, n) -> {
            aTries.incrementAndGet();
            return refused();
        };
        UpstreamPuller b = (u, ctx, n) -> {
            bTries.incrementAndGet();
            serve(u, ctx, 3);
            while (!ctx.stopRequested().getAsBoolean()) {
                Thread.onSpinWait();
            }
            return new PullOutcome(PullOutcome.Reason.STOPPED, "stop requested", true);
        };
        PullSupervisor s = new PullSupervisor("live/x", List.of(A, B), sink, e -> e == A ? a : b,
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(40)), Duration.ofSeconds(1), Duration.ofSeconds(1), last -> { });
        s.start();
        await().atMost(Duration.ofSeconds(2)).until(() -> s.state() == PullSupervisor.State.PULLING);
        assertThat(s.currentUpstream()).isEqualTo(B);
        assertThat(aTries.get()).isEqualTo(1);
        assertThat(sink.events).containsSubsequence("disconnected 1 CONNECT_FAILED", "connected 2", "tag");
        s.stop();
        assertThat(s.awaitStopped(Duration.ofSeconds(2))).isTrue();
        assertThat(s.state()).isEqualTo(PullSupervisor.State.STOPPED);
        assertThat(bTries.get()).isEqualTo(1);
    }

    @Test
    void droppedConnectionThatDeliveredMedia_isRetriedFirst_andEveryCandidateFailingIsReportedOnce() throws Exception {
        Sink sink = new Sink();
        List<Integer> order = new CopyOnWriteArrayList<>();
        AtomicInteger bCalls = new AtomicInteger();
        UpstreamPuller a = (u, ctx, n) -> {
            order.add(1);
            return refused();
        };
        UpstreamPuller b = (u, ctx, n) -> {
            order.add(2);
            return bCalls.incrementAndGet() <= 2 ? serve(u, ctx, 1) : refused();
        };
        AtomicReference<PullOutcome> exhausted = new AtomicReference<>();
        AtomicInteger exhaustedCalls = new AtomicInteger();
        PullSupervisor s = new PullSupervisor("live/x", List.of(B, A), sink, e -> e == A ? a : b,
                new Backoff(Duration.ofMillis(5), Duration.ofMillis(20)), Duration.ofSeconds(1), Duration.ofSeconds(1), last -> {
                    exhausted.set(last);
                    exhaustedCalls.incrementAndGet();
                });
        s.start();
        await().atMost(Duration.ofSeconds(3)).until(() -> order.size() >= 8);
        s.stop();
        s.awaitStopped(Duration.ofSeconds(2));
        // B delivered media twice: retried first both times; then B and A fail in turn
        assertThat(order.subList(0, 5)).containsExactly(2, 2, 2, 1, 2);
        assertThat(exhaustedCalls.get()).isEqualTo(1);
        assertThat(exhausted.get().detail()).isEqualTo("Connection refused");
        assertThat(s.reconnects()).isGreaterThanOrEqualTo(7);
    }

    @Test
    void backoff_doublesUpToItsCap() {
        Backoff b = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
        assertThat(List.of(b.delayMs(1), b.delayMs(2), b.delayMs(3), b.delayMs(5), b.delayMs(6), b.delayMs(50)))
                .containsExactly(200L, 400L, 800L, 3200L, 5000L, 5000L);
        for (int i = 0; i < 100; i++) {
            assertThat(b.jitteredDelayMs(2)).isBetween(400L, 480L);
        }
    }

    private static final UpstreamEndpoint C = UpstreamEndpoint.of("http://127.0.0.1:3/live/x.flv");

    @Test
    void choose_staysOnWhatDelivered_movesPastWhatFailed_followsAChangedList() {
        assertThat(PullSupervisor.choose(List.of(), null, null)).isNull();
        assertThat(PullSupervisor.choose(List.of(A, B, C), null, null)).isEqualTo(A);
        assertThat(PullSupervisor.choose(List.of(A, B, C), B, null)).isEqualTo(B);
        assertThat(PullSupervisor.choose(List.of(A, B, C), null, B)).isEqualTo(C);
        assertThat(PullSupervisor.choose(List.of(A, B, C), null, C)).isEqualTo(A);
        // the parent that delivered left the list (Consul lost it): start from the best
        assertThat(PullSupervisor.choose(List.of(B, C), A, null)).isEqualTo(B);
        // the failed one was re-ranked last (penalty box): the walk goes on from it, to the first
        assertThat(PullSupervisor.choose(List.of(B, C, A), null, A)).isEqualTo(B);
    }

    @Test
    void liveCandidates_areAskedBeforeEachAttempt_andToldHowEachWent() throws Exception {
        Sink sink = new Sink();
        AtomicReference<List<UpstreamEndpoint>> list = new AtomicReference<>(List.of());
        List<String> feedback = new CopyOnWriteArrayList<>();
        UpstreamCandidates live = new UpstreamCandidates() {
            @Override
            public List<UpstreamEndpoint> current() {
                return list.get();
            }

            @Override
            public void delivered(UpstreamEndpoint u) {
                feedback.add("ok " + u.uri().getPort());
            }

            @Override
            public void failed(UpstreamEndpoint u, PullOutcome o) {
                feedback.add("failed " + u.uri().getPort());
            }
        };
        AtomicInteger exhausted = new AtomicInteger();
        UpstreamPuller refuse = (u, ctx, n) -> refused();
        UpstreamPuller serveThenWait = (u, ctx, n) -> {
            serve(u, ctx, 2);
            while (!ctx.stopRequested().getAsBoolean()) {
                Thread.onSpinWait();
            }
            return new PullOutcome(PullOutcome.Reason.STOPPED, "stop requested", true);
        };
        PullSupervisor s = new PullSupervisor("live/x", live, sink, e -> e == C ? serveThenWait : refuse,
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(20)), Duration.ofSeconds(1), Duration.ofSeconds(1),
                last -> exhausted.incrementAndGet());
        s.start();
        // no candidate yet: the attempt fails without a pull, and the owner hears it once
        await().atMost(Duration.ofSeconds(2)).until(() -> exhausted.get() == 1);
        assertThat(s.lastOutcome().detail()).startsWith("no upstream candidate");
        list.set(List.of(A));
        await().atMost(Duration.ofSeconds(2)).until(() -> feedback.contains("failed 1"));
        list.set(List.of(A, C));
        await().atMost(Duration.ofSeconds(2)).until(() -> s.state() == PullSupervisor.State.PULLING);
        assertThat(s.currentUpstream()).isEqualTo(C);
        assertThat(feedback).contains("ok 3");
        assertThat(exhausted.get()).isEqualTo(1);
        s.stop();
        assertThat(s.awaitStopped(Duration.ofSeconds(2))).isTrue();
    }
}
