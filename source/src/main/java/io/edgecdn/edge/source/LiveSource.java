package io.edgecdn.edge.source;

import org.jspecify.annotations.Nullable;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import io.edgecdn.pull.StreamLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One stream on this node: its metadata, sequence headers and {@link GopCache}, and the
 * consumers it fans tags out to.
 *
 * <p>Threading: {@link #publish} and the connection events come from the puller thread;
 * {@link #subscribe} / {@link #unsubscribe} from any thread. One lock orders them, so a new
 * consumer gets exactly the cached start (metadata, sequence headers, GOP) followed by every later
 * tag, with nothing missed or repeated. Fan-out is a loop over an array of consumers that only
 * enqueue; a tag's bytes are shared by all of them.
 *
 * <p>Rules: an unchanged sequence header or metadata (as every reconnect resends) is dropped; a
 * changed one is cached and sent to every consumer. After a disconnect, video frames are dropped
 * until the next keyframe, so consumers resume at a decodable picture. The source is
 * {@linkplain #ready() ready} at the first keyframe, or, for an audio-only stream, at the first
 * audio frame after its sequence header.
 */
public final class LiveSource {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LiveSource.class);
    private static final SourceConsumer[] NONE = new SourceConsumer[0];

    private final StreamKey key;
    private final Object lock = new Object();
    private final GopCache gop;
    private final CompletableFuture<LiveSource> ready = new CompletableFuture<>();
    private volatile SourceConsumer[] consumers = NONE;
    private @Nullable FlvTag metadata;
    private @Nullable FlvTag videoHeader;
    private @Nullable FlvTag audioHeader;
    private volatile @Nullable StreamLayout layout;
    private boolean awaitKeyframe = true;
    private volatile long ingressBytes;
    private volatile long tagsIn;
    private volatile long keyframes;
    private volatile long droppedAwaitingKeyframe;
    private volatile long lastTagNanos;
    private volatile FrameOrder frameOrder = FrameOrder.UNKNOWN;
    private long lastPresentationMs = Long.MIN_VALUE;
    private int framesInOrder;

    // rates over the last complete GOP (keyframe to keyframe), guarded by lock
    private long lastKeyframeMs = -1;
    private int gopWindowFrames;
    private long gopWindowBytes;
    private double fps;
    private long bitrateKbps;

    public LiveSource(StreamKey key, GopCacheLimits limits) {
        this.key = key;
        this.gop = new GopCache(limits);
    }

    /** Video frames in presentation order after which a source's video counts as {@link FrameOrder#IN_ORDER}. */
    public static final int ORDER_FRAMES = 8;

    public StreamKey key() {
        return key;
    }

    /** Completes with this source when a viewer can start (see class doc); never fails by itself. */
    public CompletableFuture<LiveSource> ready() {
        return ready;
    }

    /** The upstream's tracks, or null before the first connection. */
    public @Nullable StreamLayout layout() {
        return layout;
    }

    /** Whether a video track is expected (true until the upstream says otherwise). */
    public boolean hasVideo() {
        StreamLayout l = layout;
        return l == null || l.hasVideo();
    }

    /** Whether an audio track is expected (true until the upstream says otherwise). */
    public boolean hasAudio() {
        StreamLayout l = layout;
        return l == null || l.hasAudio();
    }

    /** A connection opened: video (if any) waits for a keyframe. Puller thread. */
    public void connected(StreamLayout newLayout) {
        synchronized (lock) {
            layout = newLayout;
            awaitKeyframe = newLayout.hasVideo();
            lastPresentationMs = Long.MIN_VALUE; // a new connection may restart the timeline
        }
    }

    /** The connection dropped: until the next keyframe, video frames are not relayed. Puller thread. */
    public void disconnected() {
        synchronized (lock) {
            awaitKeyframe = true;
            for (SourceConsumer c : consumers) {
                c.onUpstreamDisconnected();
            }
        }
    }

    /**
     * Publishes one tag: updates the caches and hands it to every consumer. Puller thread.
     */
    public void publish(FlvTag tag) {
        synchronized (lock) {
            ingressBytes += tag.wireSize();
            gopWindowBytes += tag.wireSize();
            tagsIn++;
            lastTagNanos = System.nanoTime();
            switch (tag.kind()) {
                case METADATA -> {
                    if (sameBytes(metadata, tag)) {
                        return;
                    }
                    metadata = tag;
                }
                case VIDEO_SEQUENCE_HEADER -> {
                    if (sameBytes(videoHeader, tag)) {
                        return;
                    }
                    videoHeader = tag;
                }
                case AUDIO_SEQUENCE_HEADER -> {
                    if (sameBytes(audioHeader, tag)) {
                        return;
                    }
                    audioHeader = tag;
                }
                case VIDEO_KEYFRAME -> {
                    long ts = tag.timestampMs();
                    if (lastKeyframeMs >= 0 && ts > lastKeyframeMs && !awaitKeyframe) {
                        fps = gopWindowFrames * 1000.0 / (ts - lastKeyframeMs);
                        bitrateKbps = (gopWindowBytes - tag.wireSize()) * 8 / (ts - lastKeyframeMs);
                    }
                    lastKeyframeMs = ts;
                    gopWindowFrames = 1;
                    gopWindowBytes = tag.wireSize();
                    awaitKeyframe = false;
                    keyframes++;
                    order(tag);
                    gop.keyframe(tag);
                }
                case VIDEO_FRAME, VIDEO_OTHER -> {
                    if (awaitKeyframe) {
                        droppedAwaitingKeyframe++;
                        return;
                    }
                    if (tag.kind() == TagKind.VIDEO_FRAME) {
                        gopWindowFrames++;
                        order(tag);
                    }
                    gop.media(tag, true);
                }
                case AUDIO_FRAME -> gop.media(tag, hasVideo());
            }
            for (SourceConsumer c : consumers) {
                try {
                    c.onTag(tag);
                } catch (RuntimeException e) {
                    // a broken consumer must not stop the stream nor its other consumers
                    log.error("{}: consumer {} failed on {}; it is detached", key, c.getClass().getSimpleName(), tag, e);
                    unsubscribe(c);
                    c.onSourceClosed("consumer failed: " + e);
                }
            }
        }
        if (!ready.isDone() && isReadyNow(tag.kind())) {
            ready.complete(this);
        }
    }

    /** Learns the frame order from one video frame (under the lock). */
    private void order(FlvTag tag) {
        if (frameOrder == FrameOrder.REORDERED) {
            return;
        }
        long pts = tag.presentationTimeMs();
        if (lastPresentationMs != Long.MIN_VALUE && pts < lastPresentationMs) {
            frameOrder = FrameOrder.REORDERED;
            log.info("{}: the video has B-frames (frame at {} ms presented before the one decoded ahead of it, at {} ms)",
                    key, pts, lastPresentationMs);
        } else if (++framesInOrder >= ORDER_FRAMES && frameOrder == FrameOrder.UNKNOWN) {
            frameOrder = FrameOrder.IN_ORDER;
        }
        lastPresentationMs = pts;
    }

    /** Whether the video's frames come in presentation order, as far as the source has seen. */
    public FrameOrder frameOrder() {
        return frameOrder;
    }

    private boolean isReadyNow(TagKind kind) {
        if (kind == TagKind.VIDEO_KEYFRAME) {
            return true;
        }
        return kind == TagKind.AUDIO_FRAME && !hasVideo() && audioHeader != null;
    }

    /**
     * Adds a consumer and returns, atomically with it, what it must receive first: metadata,
     * sequence headers and the cached GOP (possibly empty: then the consumer waits for a keyframe).
     */
    public List<FlvTag> subscribe(SourceConsumer consumer) {
        synchronized (lock) {
            List<FlvTag> gopTags = gop.snapshot();
            List<FlvTag> start = new ArrayList<>(gopTags.size() + 3);
            if (metadata != null) {
                start.add(metadata);
            }
            if (videoHeader != null) {
                start.add(videoHeader);
            }
            if (audioHeader != null) {
                start.add(audioHeader);
            }
            start.addAll(gopTags);
            SourceConsumer[] next = Arrays.copyOf(consumers, consumers.length + 1);
            next[next.length - 1] = consumer;
            consumers = next;
            return start;
        }
    }

    /**
     * Adds a consumer that receives the start (metadata, sequence headers, cached GOP) through
     * {@link SourceConsumer#onTag} before any live tag, all on the calling thread and under the
     * source's lock: for consumers that process everything alike (the HLS segmenter).
     */
    public void attach(SourceConsumer consumer) {
        synchronized (lock) {
            for (FlvTag t : subscribe(consumer)) {
                consumer.onTag(t);
            }
        }
    }

    /** Removes a consumer; no more tags reach it once this returns. Idempotent. */
    public void unsubscribe(SourceConsumer consumer) {
        synchronized (lock) {
            SourceConsumer[] cur = consumers;
            for (int i = 0; i < cur.length; i++) {
                if (cur[i] == consumer) {
                    SourceConsumer[] next = new SourceConsumer[cur.length - 1];
                    System.arraycopy(cur, 0, next, 0, i);
                    System.arraycopy(cur, i + 1, next, i, cur.length - i - 1);
                    consumers = next;
                    return;
                }
            }
        }
    }

    /** Tells every consumer the source is gone and drops them. */
    public void close(String reason) {
        SourceConsumer[] cur;
        synchronized (lock) {
            cur = consumers;
            consumers = NONE;
        }
        for (SourceConsumer c : cur) {
            c.onSourceClosed(reason);
        }
    }

    /** The current video sequence header, or null. */
    public @Nullable FlvTag videoHeader() {
        synchronized (lock) {
            return videoHeader;
        }
    }

    /** The current audio sequence header, or null. */
    public @Nullable FlvTag audioHeader() {
        synchronized (lock) {
            return audioHeader;
        }
    }

    /** Changes the GOP cache bounds of this stream, live (see {@link GopCache#limits(GopCacheLimits)}). */
    public void gopCacheLimits(GopCacheLimits limits) {
        synchronized (lock) {
            gop.limits(limits);
        }
    }

    /** The GOP cache bounds in force. */
    public GopCacheLimits gopCacheLimits() {
        synchronized (lock) {
            return gop.limits();
        }
    }

    public int consumerCount() {
        return consumers.length;
    }

    /** A consistent snapshot of the source's counters and cache, for status lines and the admin API. */
    public SourceStats stats() {
        synchronized (lock) {
            return new SourceStats(key, consumers.length, ingressBytes, tagsIn, keyframes, droppedAwaitingKeyframe,
                    gop.frames(), gop.bytes(), gop.durationMs(), gop.overflows(), lastTagNanos, fps, bitrateKbps);
        }
    }

    private static boolean sameBytes(@Nullable FlvTag a, FlvTag b) {
        return a != null && a.payload().equals(b.payload());
    }
}
