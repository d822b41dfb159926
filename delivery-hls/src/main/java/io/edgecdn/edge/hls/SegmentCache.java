package io.edgecdn.edge.hls;

import org.jspecify.annotations.Nullable;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.time.Duration;

/**
 * The bytes of every stream's recent HLS segments, in one Caffeine cache weighted by segment size
 * in bytes, within a global budget ({@code hls.cache-bytes}, 256 MiB by default). Each segment
 * expires after the retention given when it is stored (its own duration plus its playlist's, as
 * RFC 8216 6.2.2 requires, so a 6 s segment of a long-GOP stream stays as long as players may ask
 * for it and no longer); a request for an expired or unknown segment misses.
 *
 * <p>Under budget pressure the segments closest to expiry (the oldest of live streams) go first:
 * before a put, room is made by invalidating them (Caffeine's expiry-order view). Caffeine's own size eviction
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
     * @param defaultRetention how long a segment stored with {@link #put(SegmentId, byte[])} stays
     * @param ticker the clock (nanoseconds); tests pass a fake one
     */
    public SegmentCache(long budgetBytes, Duration defaultRetention, Ticker ticker) {
        this.budgetBytes = budgetBytes;
        this.defaultRetention = defaultRetention;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(budgetBytes)
                .weigher((SegmentId id, byte[] bytes) -> bytes.length)
                .expireAfter(Expiry.<SegmentId, byte[]>writing((id, bytes) -> defaultRetention))
                .ticker(ticker)
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    private final Duration defaultRetention;

    /** Stores a segment for the default retention. */
    public void put(SegmentId id, byte[] bytes) {
        put(id, bytes, defaultRetention);
    }

    /**
     * Stores a segment, first invalidating the segments closest to expiry if it would not fit in the budget.
     *
     * @param retention how long it stays fetchable from now
     */
    public synchronized void put(SegmentId id, byte[] bytes, Duration retention) {
        var eviction = cache.policy().eviction().orElseThrow();
        var byWriteTime = cache.policy().expireVariably().orElseThrow();
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
        var unused = byWriteTime.put(id, bytes, retention); // the previous bytes of this id: none, ids are written once
    }

    /** Segments dropped to keep within the budget (oldest first), since start. */
    public synchronized long budgetEvictions() {
        return budgetEvictions;
    }

    /** The segment's bytes, or null when unknown, expired or evicted. */
    public byte @Nullable [] get(SegmentId id) {
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
