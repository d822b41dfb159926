package io.edgecdn.edge.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecdn.edge.source.StreamKey;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SegmentCacheTest {
    private final AtomicLong nanos = new AtomicLong(); // fake ticker, advanced by hand
    private final StreamKey key = new StreamKey("live", "x");

    @Test
    void put_overBudget_dropsOldestFirst_evenIfTheyWereRequestedMore() {
        // budget for 100 segments of 10 kB; two streams write 150 segments each; players fetch the
        // watched stream's segments five times each
        SegmentCache c = new SegmentCache(1_000_000, Duration.ofMinutes(1), nanos::get);
        StreamKey watched = new StreamKey("live", "hot");
        StreamKey unwatched = new StreamKey("live", "cold");
        for (int i = 0; i < 150; i++) {
            c.put(new SegmentId(watched, i), new byte[10_000]);
            for (int viewer = 0; viewer < 5; viewer++) {
                assertThat(c.get(new SegmentId(watched, i))).as("new watched segment %d", i).isNotNull();
            }
            c.put(new SegmentId(unwatched, i), new byte[10_000]);
            assertThat(c.get(new SegmentId(unwatched, i))).as("new unwatched segment %d", i).isNotNull();
            assertThat(c.weightedBytes()).isLessThanOrEqualTo(1_000_000);
        }
        assertThat(c.budgetEvictions()).isEqualTo(200);
        assertThat(c.get(new SegmentId(watched, 99))).isNull(); // the oldest went first
        for (int i = 100; i < 150; i++) { // the newest 50 of each stream are all there
            assertThat(c.get(new SegmentId(watched, i))).isNotNull();
            assertThat(c.get(new SegmentId(unwatched, i))).isNotNull();
        }
    }

    @Test
    void segment_expiresAfterRetention() {
        SegmentCache c = new SegmentCache(1 << 20, Duration.ofSeconds(18), nanos::get);
        c.put(new SegmentId(key, 1), new byte[10]);
        nanos.addAndGet(Duration.ofSeconds(17).toNanos());
        assertThat(c.get(new SegmentId(key, 1))).isNotNull();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(c.get(new SegmentId(key, 1))).isNull();
        assertThat(c.get(new SegmentId(key, 99))).isNull();
        assertThat(c.stats().hitCount()).isEqualTo(1);
        assertThat(c.stats().missCount()).isEqualTo(2);
    }
}
