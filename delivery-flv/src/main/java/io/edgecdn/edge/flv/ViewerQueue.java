package io.edgecdn.edge.flv;

import org.jspecify.annotations.Nullable;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One viewer's bounded queue of tags and its slow-viewer policy.
 *
 * <p>The start burst (FLV header, metadata, sequence headers, cached GOP) is committed: it is
 * always written. Live tags then queue as pending. When the pending tags span more than
 * {@link ViewerLimits#maxQueuedMs()} of media or hold more than {@link ViewerLimits#maxQueuedBytes()},
 * the viewer skips: pending media is dropped (configuration tags are kept) and the viewer resumes
 * at the next keyframe (an audio-only viewer at the next audio frame). A viewer that skips
 * {@link ViewerLimits#maxSkips()} times within the skip window is to be closed.
 *
 * <p>Threading: {@link #offer} from the publishing thread, {@link #drainTo} from the viewer's I/O
 * thread; both synchronized on the queue, each holding it for a short copy of references.
 */
final class ViewerQueue {
    /** What {@link #offer} decided. */
    enum Verdict { QUEUED, DROPPED, SKIPPED, CLOSE }

    private final ViewerLimits limits;
    private final boolean hasVideo;
    private final LongSupplier clockMs;
    private final ArrayDeque<ByteBuffer> committed = new ArrayDeque<>();
    private final ArrayDeque<FlvTag> pending = new ArrayDeque<>();
    private final long[] skipTimes;
    private int skipIndex;
    private long pendingBytes;
    private long firstPendingMediaTs = -1;
    private boolean awaitKeyframe;
    private long framesSkipped;
    private long lastSkipFrames;
    private long skips;
    private @Nullable ByteBuffer firstKeyframeWire;

    /**
     * @param hasVideo whether the stream has video (skips resume at keyframes) or is audio-only
     * @param clockMs milliseconds clock (monotonic) for the skip window
     */
    ViewerQueue(ViewerLimits limits, boolean hasVideo, LongSupplier clockMs) {
        this.limits = limits;
        this.hasVideo = hasVideo;
        this.clockMs = clockMs;
        this.skipTimes = new long[limits.maxSkips()];
        java.util.Arrays.fill(skipTimes, Long.MIN_VALUE);
    }

    /**
     * Commits the start of the stream: the FLV header and the start burst.
     *
     * @param awaitKeyframe true when the burst holds no keyframe and video must wait for one
     */
    synchronized void start(ByteBuffer flvHeader, List<FlvTag> burst, boolean awaitKeyframe) {
        committed.add(flvHeader);
        for (FlvTag t : burst) {
            ByteBuffer w = t.wire();
            if (firstKeyframeWire == null && t.isKeyframe()) {
                firstKeyframeWire = w;
            }
            committed.add(w);
        }
        this.awaitKeyframe = awaitKeyframe;
    }

    /** Queues a live tag, applying the slow-viewer policy. */
    synchronized Verdict offer(FlvTag tag) {
        TagKind kind = tag.kind();
        if (awaitKeyframe && !kind.isConfig()) {
            boolean resume = hasVideo ? kind == TagKind.VIDEO_KEYFRAME : kind == TagKind.AUDIO_FRAME;
            if (!resume) {
                framesSkipped++;
                return Verdict.DROPPED;
            }
            awaitKeyframe = false;
        }
        if (kind == TagKind.VIDEO_KEYFRAME && overLimits(tag)) {
            skip(); // drop the backlog but start again right here, at this keyframe
            awaitKeyframe = false;
            append(tag);
            return tooManySkips() ? Verdict.CLOSE : Verdict.SKIPPED;
        }
        append(tag);
        if (overLimits(null)) {
            skip();
            return tooManySkips() ? Verdict.CLOSE : Verdict.SKIPPED;
        }
        return Verdict.QUEUED;
    }

    private void append(FlvTag tag) {
        pending.addLast(tag);
        pendingBytes += tag.wireSize();
        if (firstPendingMediaTs < 0 && !tag.kind().isConfig()) {
            firstPendingMediaTs = tag.timestampMs();
        }
    }

    private boolean overLimits(@Nullable FlvTag incoming) {
        long newest = incoming != null ? incoming.timestampMs() : (pending.isEmpty() ? -1 : pending.getLast().timestampMs());
        long bytes = pendingBytes + (incoming != null ? incoming.wireSize() : 0);
        return bytes > limits.maxQueuedBytes()
                || (firstPendingMediaTs >= 0 && newest - firstPendingMediaTs > limits.maxQueuedMs());
    }

    private void skip() {
        ArrayDeque<FlvTag> keep = new ArrayDeque<>();
        lastSkipFrames = 0;
        for (FlvTag t : pending) {
            if (t.kind().isConfig()) {
                keep.add(t);
            } else {
                lastSkipFrames++;
            }
        }
        framesSkipped += lastSkipFrames;
        pending.clear();
        pending.addAll(keep);
        pendingBytes = 0;
        for (FlvTag t : keep) {
            pendingBytes += t.wireSize();
        }
        firstPendingMediaTs = -1;
        awaitKeyframe = true;
        skips++;
        skipTimes[skipIndex] = clockMs.getAsLong();
        skipIndex = (skipIndex + 1) % skipTimes.length;
    }

    private boolean tooManySkips() {
        long oldest = skipTimes[skipIndex]; // the slot about to be overwritten: the maxSkips-th latest skip
        return oldest != Long.MIN_VALUE && clockMs.getAsLong() - oldest <= limits.skipWindowMs();
    }

    /**
     * Moves up to {@link ViewerLimits#maxBatchBytes()} of committed and pending bytes into
     * {@code out} (wire buffers shared with other viewers, each its own duplicate).
     *
     * @return how many buffers were added
     */
    synchronized int drainTo(java.util.List<ByteBuffer> out) {
        int n = 0;
        long batch = 0;
        while (!committed.isEmpty() && (n == 0 || batch < limits.maxBatchBytes())) {
            ByteBuffer b = committed.poll();
            batch += b.remaining();
            out.add(b);
            n++;
        }
        while (!pending.isEmpty() && (n == 0 || batch < limits.maxBatchBytes())) {
            FlvTag t = pending.poll();
            pendingBytes -= t.wireSize();
            batch += t.wireSize();
            ByteBuffer w = t.wire();
            if (firstKeyframeWire == null && t.isKeyframe()) {
                firstKeyframeWire = w;
            }
            out.add(w);
            n++;
        }
        if (pending.isEmpty()) {
            firstPendingMediaTs = -1;
        } else if (firstPendingMediaTs >= 0) {
            firstPendingMediaTs = -1;
            for (FlvTag t : pending) {
                if (!t.kind().isConfig()) {
                    firstPendingMediaTs = t.timestampMs();
                    break;
                }
            }
        }
        return n;
    }

    synchronized boolean isEmpty() {
        return committed.isEmpty() && pending.isEmpty();
    }

    /** Media tags dropped by skips and while waiting for a keyframe after one. */
    synchronized long framesSkipped() {
        return framesSkipped;
    }

    synchronized long skips() {
        return skips;
    }

    /** Media tags dropped by the latest skip. */
    synchronized long lastSkipFrames() {
        return lastSkipFrames;
    }

    /**
     * The buffer of the first keyframe handed out by {@link #drainTo} (or committed at start), or
     * null: once it has no bytes remaining, the viewer's first picture is on the wire (server TTFF).
     */
    synchronized @Nullable ByteBuffer firstKeyframeWire() {
        return firstKeyframeWire;
    }
}
