package io.edgecdn.edge.hls;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.time.Duration;

/**
 * The bytes of every stream's recent HLS segments, in one Caffeine cache weighted by segment size
 * in bytes, within a global budget ({@code hls.cache-bytes}, 256 MiB by default). A segment expires
 * {@code retention} after it was written, so segments that left the playlist window go away; a
 * request for an expired or unknown segment misses.
 *
 * <p>Under budget pressure the oldest-written segments go first: before a put, room is made by
 * invalidating the oldest entries (Caffeine's write-order view). Caffeine's own size eviction
 * (W-TinyLFU) would instead refuse a brand-new segment in favour of an old one that players have
 * already requested more often, which is backwards for live HLS; its weight bound stays as a
 * backstop. Thread-safe; puts are serialised (a few per second per stream).
 */
public final class SegmentCache {
    private final Cache<SegmentId, byte[]> cache;
    private final long budgetBytes;
    private long budgetEvictions;

    /**
     * @param budgetBytes most bytes held, all streams together
     * @param retention how long a segment stays after it was written
     * @param ticker the clock (nanoseconds); tests pass a fake one
     */
    public SegmentCache(long budgetBytes, Duration retention, Ticker ticker) {
        this.budgetBytes = budgetBytes;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(budgetBytes)
                .weigher((SegmentId id, byte[] bytes) -> bytes.length)
                .expireAfterWrite(retention)
                .ticker(ticker)
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    /** Changes how long segments stay after they were written (existing ones included). */
    public void retention(Duration retention) {
        cache.policy().expireAfterWrite().orElseThrow().setExpiresAfter(retention);
    }

    /** Stores a segment, first invalidating the oldest segments if it would not fit in the budget. */
    public synchronized void put(SegmentId id, byte[] bytes) {
        var eviction = cache.policy().eviction().orElseThrow();
        var byWriteTime = cache.policy().expireAfterWrite().orElseThrow();
        while (eviction.weightedSize().orElse(0) + bytes.length > budgetBytes && cache.estimatedSize() > 0) {
            var oldest = byWriteTime.oldest(16);
            if (oldest.isEmpty()) {
                break;
            }
            long need = eviction.weightedSize().orElse(0) + bytes.length - budgetBytes;
            for (var e : oldest.entrySet()) {
                if (need <= 0) {
                    break;
                }
                cache.invalidate(e.getKey());
                budgetEvictions++;
                need -= e.getValue().length;
            }
        }
        cache.put(id, bytes);
    }

    /** Segments dropped to keep within the budget (oldest first), since start. */
    public synchronized long budgetEvictions() {
        return budgetEvictions;
    }

    /** The segment's bytes, or null when unknown, expired or evicted. */
    public byte[] get(SegmentId id) {
        return cache.getIfPresent(id);
    }

    /** Bytes held now. */
    public long weightedBytes() {
        cache.cleanUp();
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    /** Hits, misses and evictions since start. */
    public CacheStats stats() {
        return cache.stats();
    }
}
