package io.edgecdn.edge.flv;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecdn.testsupport.Tags;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.FlvWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ViewerQueueTest {
    private final AtomicLong clock = new AtomicLong(1_000_000); // fake ms clock, advanced by hand
    // 1 MiB or 2 s of queued media; closed at 3 skips within 60 s; batches of 64 KiB
    private final ViewerLimits limits = new ViewerLimits(1 << 20, 2_000, 3, 60_000, 64 * 1024);

    private ViewerQueue queue() {
        ViewerQueue q = new ViewerQueue(limits, true, clock::get);
        q.start(FlvWriter.header(true, true), List.of(Tags.keyframe(0, 1000)), false);
        return q;
    }

    @Test
    void offer_keepingUp_queuesEverything_andDrainsInOrder() {
        ViewerQueue q = queue();
        for (int i = 1; i <= 30; i++) {
            assertThat(q.offer(Tags.frame(i * 33L, 500))).isEqualTo(ViewerQueue.Verdict.QUEUED);
        }
        List<ByteBuffer> out = new ArrayList<>();
        while (q.drainTo(out) > 0) {
            // drain all batches
        }
        assertThat(out).hasSize(32); // header + keyframe + 30 frames
        assertThat(out.get(0).remaining()).isEqualTo(13);
        assertThat(q.framesSkipped()).isZero();
    }

    @Test
    void offer_fallsBehindByDuration_skipsToNextKeyframe() {
        ViewerQueue q = queue();
        long ts = 0;
        ViewerQueue.Verdict v = ViewerQueue.Verdict.QUEUED;
        while (v == ViewerQueue.Verdict.QUEUED) { // never drained: the socket is stuck
            ts += 33;
            v = q.offer(Tags.frame(ts, 500));
        }
        assertThat(v).isEqualTo(ViewerQueue.Verdict.SKIPPED);
        assertThat(ts).isGreaterThan(2_000).isLessThan(2_100);
        long skipped = q.framesSkipped();
        assertThat(skipped).isGreaterThan(55);
        // frames until the next keyframe are dropped, then delivery resumes at the keyframe
        assertThat(q.offer(Tags.frame(ts + 33, 500))).isEqualTo(ViewerQueue.Verdict.DROPPED);
        FlvTag key = Tags.keyframe(ts + 66, 1000);
        assertThat(q.offer(key)).isEqualTo(ViewerQueue.Verdict.QUEUED);
        List<ByteBuffer> out = new ArrayList<>();
        while (q.drainTo(out) > 0) {
            // drain
        }
        assertThat(out.get(out.size() - 1)).isEqualTo(key.wire()); // committed burst first, then the keyframe
        assertThat(out).hasSize(3);
    }

    @Test
    void offer_fallsBehindByBytes_skips() {
        ViewerQueue q = queue();
        ViewerQueue.Verdict v = ViewerQueue.Verdict.QUEUED;
        int n = 0;
        while (v == ViewerQueue.Verdict.QUEUED && n < 1000) {
            v = q.offer(Tags.frame(++n, 100_000)); // 100 kB frames 1 ms apart: bytes bound first
        }
        assertThat(v).isEqualTo(ViewerQueue.Verdict.SKIPPED);
        assertThat(n).isBetween(10, 12);
    }

    @Test
    void offer_keyframeArrivesOverLimit_resumesAtThatKeyframe() {
        ViewerQueue q = queue();
        for (int i = 1; i < 60; i++) {
            q.offer(Tags.frame(i * 33L, 500));
        }
        FlvTag key = Tags.keyframe(60 * 33L + 200, 1000);
        assertThat(q.offer(key)).isEqualTo(ViewerQueue.Verdict.SKIPPED);
        assertThat(q.offer(Tags.frame(61 * 33L + 200, 500))).isEqualTo(ViewerQueue.Verdict.QUEUED);
    }

    @Test
    void offer_skipsThreeTimesWithinWindow_closes_butNotWhenSpreadOut() {
        ViewerQueue q = queue();
        assertThat(fallBehind(q, 0)).isEqualTo(ViewerQueue.Verdict.SKIPPED);
        clock.addAndGet(30_000);
        assertThat(fallBehind(q, 10_000)).isEqualTo(ViewerQueue.Verdict.SKIPPED);
        clock.addAndGet(31_000); // the first skip is now 61 s old: outside the 60 s window
        assertThat(fallBehind(q, 20_000)).isEqualTo(ViewerQueue.Verdict.SKIPPED);
        clock.addAndGet(1_000);
        assertThat(fallBehind(q, 30_000)).isEqualTo(ViewerQueue.Verdict.CLOSE); // 3 skips within 32 s
    }

    /** Resumes at a keyframe at {@code start}, then queues frames without draining until a verdict other than QUEUED. */
    private static ViewerQueue.Verdict fallBehind(ViewerQueue q, long start) {
        q.offer(Tags.keyframe(start, 1000));
        long ts = start;
        ViewerQueue.Verdict v;
        do {
            ts += 33;
            v = q.offer(Tags.frame(ts, 500));
        } while (v == ViewerQueue.Verdict.QUEUED);
        return v;
    }

    @Test
    void drainTo_boundsBatchBytes() {
        ViewerQueue q = queue();
        for (int i = 1; i <= 10; i++) {
            q.offer(Tags.frame(i, 30_000));
        }
        List<ByteBuffer> out = new ArrayList<>();
        q.drainTo(out);
        long bytes = out.stream().mapToLong(ByteBuffer::remaining).sum();
        assertThat(bytes).isLessThan(64 * 1024 + 30_100);
        assertThat(q.isEmpty()).isFalse();
    }

    @Test
    void audioOnlyViewer_resumesAtNextAudioFrame() {
        ViewerQueue q = new ViewerQueue(limits, false, clock::get);
        q.start(FlvWriter.header(true, false), List.of(Tags.audioHeader(0)), false);
        long ts = 0;
        ViewerQueue.Verdict v;
        do {
            ts += 21;
            v = q.offer(Tags.audio(ts, 300));
        } while (v == ViewerQueue.Verdict.QUEUED);
        assertThat(v).isEqualTo(ViewerQueue.Verdict.SKIPPED);
        assertThat(q.offer(Tags.audio(ts + 21, 300))).isEqualTo(ViewerQueue.Verdict.QUEUED);
    }
}
