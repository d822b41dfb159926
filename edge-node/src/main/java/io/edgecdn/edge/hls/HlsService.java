package io.edgecdn.edge.hls;

import io.edgecdn.edge.config.EdgeConfig;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamManager;
import io.edgecdn.edge.source.StreamUnavailableException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HLS for every pulled stream, from the same pull as HTTP-FLV. The first playlist request of a
 * stream takes a lease on it (starting the pull if needed) and attaches a segmenter; playlist and
 * segment requests keep that HLS session alive; {@code hls.session-timeout} after the last one,
 * the segmenter detaches and the lease is released (the pull then idles like any other).
 * Thread-safe.
 */
public final class HlsService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HlsService.class);

    private final StreamManager streams;
    private final EdgeConfig.Hls config;
    private final SegmentCache cache;
    private final Clock clock;
    private final HlsStats stats = new HlsStats();
    private final Map<StreamKey, HlsStream> sessions = new HashMap<>();
    private long sequenceBase = System.currentTimeMillis() / 1000;

    public HlsService(StreamManager streams, EdgeConfig.Hls config, SegmentCache cache, Clock clock,
                      ScheduledExecutorService scheduler) {
        this.streams = streams;
        this.config = config;
        this.cache = cache;
        this.clock = clock;
        scheduler.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    public HlsStats stats() {
        return stats;
    }

    public SegmentCache cache() {
        return cache;
    }

    public EdgeConfig.Hls config() {
        return config;
    }

    /** HLS sessions open now (streams being watched over HLS). */
    public synchronized int sessions() {
        return sessions.size();
    }

    /**
     * The stream's media playlist, once it has a first segment.
     *
     * @throws StreamUnavailableException when the stream cannot be pulled (no upstream, too many streams)
     */
    public CompletableFuture<MediaPlaylist> playlist(StreamKey key) throws StreamUnavailableException {
        stats.playlistRequests.increment();
        HlsStream s;
        synchronized (this) {
            s = sessions.get(key);
            if (s == null) {
                s = open(key);
            }
        }
        s.touch();
        return s.firstSegment;
    }

    private HlsStream open(StreamKey key) throws StreamUnavailableException {
        StreamManager.Lease lease = streams.acquire(key);
        // segment numbers start from the clock so that a restarted session never reuses old numbers
        long first = Math.max(sequenceBase, System.currentTimeMillis() / 1000);
        sequenceBase = first + 1_000_000;
        HlsStream s = new HlsStream(key, lease, new MediaPlaylist(config.window(), config.targetDuration().toMillis(),
                key.stream() + "/"));
        sessions.put(key, s);
        lease.ready().whenComplete((source, err) -> {
            if (err != null) {
                s.firstSegment.completeExceptionally(err);
                return;
            }
            HlsSegmenter seg = new HlsSegmenter(key, cache, s.playlist, config.targetDuration().toMillis(),
                    source.hasVideo(), source.layout() == null || source.layout().hasAudio(), first, clock, info -> {
                        stats.segmentsProduced.increment();
                        s.firstSegment.complete(s.playlist);
                    });
            s.segmenter = seg;
            source.attach(seg);
            log.info("HLS session of {} started (target {} ms, window {})", key, config.targetDuration().toMillis(), config.window());
        });
        return s;
    }

    /** A segment's bytes, or null when it expired, was evicted or never existed. */
    public byte[] segment(SegmentId id) {
        stats.segmentRequests.increment();
        byte[] b = cache.get(id);
        if (b == null) {
            stats.segmentMisses.increment();
            return null;
        }
        HlsStream s;
        synchronized (this) {
            s = sessions.get(id.key());
        }
        if (s != null) {
            s.touch();
        }
        return b;
    }

    /** Ends sessions not requested within the session timeout, and failed ones. */
    void sweep() {
        long now = System.nanoTime();
        List<HlsStream> ended = new ArrayList<>();
        synchronized (this) {
            sessions.values().removeIf(s -> {
                boolean idle = now - s.lastRequestNanos > config.sessionTimeout().toNanos();
                boolean failed = s.firstSegment.isCompletedExceptionally();
                if (idle || failed) {
                    ended.add(s);
                    return true;
                }
                return false;
            });
        }
        for (HlsStream s : ended) {
            s.stop();
            log.info("HLS session of {} ended", s.key);
        }
    }

    @Override
    public void close() {
        List<HlsStream> all;
        synchronized (this) {
            all = new ArrayList<>(sessions.values());
            sessions.clear();
        }
        all.forEach(HlsStream::stop);
    }
}
