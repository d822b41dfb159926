package io.edgecdn.edge.hls;

import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;
import io.edgecdn.ops.EdgeError;
import io.edgecdn.edge.source.LiveSource;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamListener;
import io.edgecdn.edge.source.StreamManager;
import io.edgecdn.edge.source.StreamUnavailableException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HLS for every pulled stream, from the same pull as HTTP-FLV.
 *
 * <p>Every stream the node pulls is segmented from the moment its source is ready (a
 * {@link StreamListener}): muxing costs about 0.014 % of a core per stream (docs/BENCHMARKS.md), and
 * a new HLS viewer of a stream already pulled then finds segments waiting instead of waiting for a
 * GOP to complete. The first playlist request of a stream nobody pulls takes a lease, which starts
 * the pull. Playlist and segment requests keep an HLS session (the lease) alive;
 * {@code hls.session-timeout} after the last one the lease is released and the pull idles like any
 * other. Thread-safe.
 */
public final class HlsService implements StreamListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HlsService.class);

    private final StreamManager streams;
    private volatile HlsSettings config;
    private final SegmentCache cache;
    private final Clock clock;
    private final Ticker ticker;
    private final HlsStats stats = new HlsStats();
    private final HlsViewers viewers;
    private final Map<StreamKey, HlsPipeline> pipelines = new ConcurrentHashMap<>();
    private final Map<StreamKey, HlsSession> sessions = new HashMap<>();
    private final AtomicLong sequenceBase;

    /**
     * @param clock wall time: segment numbers start from it, and it ties media time to wall time (the media clock renditions share)
     * @param ticker monotonic nanoseconds: the session timeout is measured on it
     * @param scheduler runs the session sweep every second
     */
    public HlsService(StreamManager streams, HlsSettings config, SegmentCache cache, Clock clock, Ticker ticker,
                      ScheduledExecutorService scheduler) {
        this.streams = streams;
        this.config = config;
        this.viewers = new HlsViewers(config.sessionTimeout());
        this.cache = cache;
        this.clock = clock;
        this.ticker = ticker;
        this.sequenceBase = new AtomicLong(clock.millis() / 1000);
        streams.addListener(this);
        scheduler.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    /** The estimate of HLS viewers watching now. */
    public HlsViewers viewers() {
        return viewers;
    }

    public HlsStats stats() {
        return stats;
    }

    public SegmentCache cache() {
        return cache;
    }

    public HlsSettings config() {
        return config;
    }

    /**
     * Replaces the HLS settings, live: the window of every playlist and the segment retention
     * change now; a new target duration applies to streams that start from now on, since RFC 8216
     * (4.3.3.1) forbids changing EXT-X-TARGETDURATION within a playlist; timeouts apply at once.
     * The cache budget ({@code cache-bytes}) is fixed at start-up.
     */
    public void updateConfig(HlsSettings next) {
        this.config = new HlsSettings(next.targetDuration(), next.window(), config.cacheBytes(), next.startTimeout(),
                next.sessionTimeout(), next.maxSegmentDuration(), next.maxSegmentBytes());
        for (HlsPipeline p : pipelines.values()) {
            p.playlist.window(next.window());
        }
    }

    /** Segments cut before a keyframe because they outgrew a bound, over the streams pulled now. */
    public long forcedCuts() {
        long n = 0;
        for (HlsPipeline p : pipelines.values()) {
            HlsSegmenter s = p.segmenter;
            n += s != null ? s.forcedCuts() : 0;
        }
        return n;
    }

    /** Whether a stream is being watched over HLS now (an open HLS session). */
    public synchronized boolean isWatched(StreamKey key) {
        return sessions.containsKey(key);
    }

    /** HLS sessions open now (streams being watched over HLS). */
    public synchronized int sessions() {
        return sessions.size();
    }

    @Override
    public void streamStarted(LiveSource source) {
        StreamKey key = source.key();
        // segment numbers start from the clock so that a restarted stream never reuses old numbers
        long first = sequenceBase.updateAndGet(b -> Math.max(b + 1_000_000, clock.millis() / 1000));
        HlsPipeline base = basePipeline(key);
        // a rendition cuts with its source's target duration (same boundaries), even after a config change
        long targetMs = base != null ? base.targetMs : config.targetDuration().toMillis();
        HlsPipeline p = new HlsPipeline(source, new MediaPlaylist(config.window(), targetMs, key.stream() + "/"),
                base != null ? base.mediaClock : new MediaClock(), targetMs);
        pipelines.put(key, p);
        source.ready().thenAccept(src -> {
            HlsSegmenter seg = new HlsSegmenter(key, cache, p.playlist, targetMs, src.hasVideo(),
                    src.layout() == null || src.layout().hasAudio(), first, clock, p.mediaClock, info -> {
                        stats.segmentsProduced.increment();
                        p.firstSegment.complete(p.playlist);
                    }).bounds(config.maxSegmentDuration().toMillis(), config.maxSegmentBytes());
            p.segmenter = seg;
            src.attach(seg);
        });
    }

    /**
     * The pipeline of the stream whose rendition {@code key} is ({@code app/base_NAME}: {@code
     * app/base}'s), or null; a rendition shares its media clock and target duration.
     */
    private @Nullable HlsPipeline basePipeline(StreamKey key) {
        String s = key.stream();
        for (int i = s.lastIndexOf('_'); i > 0; i = s.lastIndexOf('_', i - 1)) {
            HlsPipeline base = pipelines.get(new StreamKey(key.app(), s.substring(0, i)));
            if (base != null) {
                return base;
            }
        }
        return null;
    }

    @Override
    public void streamStopped(LiveSource source) {
        HlsPipeline p = pipelines.remove(source.key());
        if (p != null) {
            p.firstSegment.completeExceptionally(new StreamUnavailableException(EdgeError.STOPPED,
                    "stream " + source.key() + " stopped"));
        }
    }

    /**
     * The stream's media playlist, once it has a first segment; opens (or refreshes) the stream's
     * HLS session.
     *
     * @throws StreamUnavailableException when the stream cannot be pulled (no upstream, too many streams)
     */
    public CompletableFuture<MediaPlaylist> playlist(StreamKey key) throws StreamUnavailableException {
        stats.playlistRequests.increment();
        HlsSession s;
        synchronized (this) {
            s = sessions.get(key);
            if (s == null || s.ready.isCompletedExceptionally()) {
                s = open(key);
            }
        }
        s.touch(ticker.read());
        return s.ready;
    }

    private HlsSession open(StreamKey key) throws StreamUnavailableException {
        StreamManager.Lease lease = streams.acquire(key); // starts the pull, and with it the pipeline
        HlsSession s = new HlsSession(key, lease, ticker.read());
        sessions.put(key, s);
        HlsPipeline p = pipelines.get(key);
        if (p == null) {
            s.ready.completeExceptionally(new StreamUnavailableException(EdgeError.STOPPED,
                    "stream " + key + " stopped"));
        } else {
            p.firstSegment.whenComplete((playlist, err) -> {
                if (err != null) {
                    s.ready.completeExceptionally(err);
                } else {
                    s.ready.complete(playlist);
                }
            });
        }
        lease.ready().whenComplete((src, err) -> {
            if (err != null) {
                s.ready.completeExceptionally(err);
            }
        });
        log.info("HLS session of {} started", key);
        return s;
    }

    /** A segment's bytes, or null when it expired, was evicted or never existed. */
    public byte @Nullable [] segment(SegmentId id) {
        stats.segmentRequests.increment();
        byte[] b = cache.get(id);
        if (b == null) {
            stats.segmentMisses.increment();
            return null;
        }
        HlsSession s;
        synchronized (this) {
            s = sessions.get(id.key());
        }
        if (s != null) {
            s.touch(ticker.read());
        }
        return b;
    }

    /** Ends sessions not requested within the session timeout, and failed ones. */
    void sweep() {
        long now = ticker.read();
        List<HlsSession> ended = new ArrayList<>();
        synchronized (this) {
            sessions.values().removeIf(s -> {
                if (now - s.lastRequestNanos > config.sessionTimeout().toNanos() || s.ready.isCompletedExceptionally()) {
                    ended.add(s);
                    return true;
                }
                return false;
            });
        }
        for (HlsSession s : ended) {
            s.lease.close();
            log.info("HLS session of {} ended", s.key);
        }
    }

    @Override
    public void close() {
        List<HlsSession> all;
        synchronized (this) {
            all = new ArrayList<>(sessions.values());
            sessions.clear();
        }
        all.forEach(s -> s.lease.close());
    }
}
