package io.edgecdn.edge.source;

import io.edgecdn.media.flv.FlvTag;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A bounded cache of the latest GOP of one live source: every media tag since the latest
 * keyframe, so that a new viewer starts decoding at once. Bounded by {@link GopCacheLimits}
 * (frames, bytes, duration); see there for what happens at a bound. Holds references to the shared
 * tags, never copies. Not thread-safe: guarded by its {@link LiveSource}'s lock.
 */
final class GopCache {
    private final ArrayDeque<FlvTag> tags = new ArrayDeque<>();
    private GopCacheLimits limits;
    private long bytes;
    private boolean haveKeyframe;
    private long overflows;

    GopCache(GopCacheLimits limits) {
        this.limits = limits;
    }

    /**
     * New bounds, live: disabled empties the cache; a cache over the new bounds is emptied and
     * refills from the next keyframe; otherwise it keeps its tags.
     */
    void limits(GopCacheLimits l) {
        this.limits = l;
        if (!l.enabled() || tags.size() > l.maxFrames() || bytes > l.maxBytes() || durationMs() > l.maxDurationMs()) {
            clear();
        }
    }

    GopCacheLimits limits() {
        return limits;
    }

    /** A keyframe: the cache restarts with it. */
    void keyframe(FlvTag tag) {
        clear();
        if (!limits.enabled()) {
            return;
        }
        haveKeyframe = true;
        append(tag);
        enforceVideoBounds();
    }

    /**
     * Any other media tag (video frame or audio).
     *
     * @param videoStream whether the stream has video: without a keyframe yet, nothing is cached;
     *     an audio-only stream keeps a sliding window
     */
    void media(FlvTag tag, boolean videoStream) {
        if (!limits.enabled()) {
            return;
        }
        if (videoStream) {
            if (!haveKeyframe) {
                return;
            }
            append(tag);
            enforceVideoBounds();
        } else {
            append(tag);
            while (!tags.isEmpty() && (tags.size() > limits.maxFrames() || bytes > limits.maxBytes()
                    || durationMs() > Math.min(limits.audioOnlyWindowMs(), limits.maxDurationMs()))) {
                bytes -= tags.removeFirst().payloadSize();
            }
        }
    }

    /** Empties the cache; video tags are cached again from the next keyframe. */
    void clear() {
        tags.clear();
        bytes = 0;
        haveKeyframe = false;
    }

    /** The cached tags, oldest first (a copy of the reference list). */
    List<FlvTag> snapshot() {
        return List.copyOf(tags);
    }

    int frames() {
        return tags.size();
    }

    long bytes() {
        return bytes;
    }

    long durationMs() {
        return tags.isEmpty() ? 0 : tags.getLast().timestampMs() - tags.getFirst().timestampMs();
    }

    boolean startsAtKeyframe() {
        return haveKeyframe;
    }

    /** How many GOPs outgrew a bound and were dropped. */
    long overflows() {
        return overflows;
    }

    private void append(FlvTag tag) {
        tags.addLast(tag);
        bytes += tag.payloadSize();
    }

    private void enforceVideoBounds() {
        if (tags.size() > limits.maxFrames() || bytes > limits.maxBytes() || durationMs() > limits.maxDurationMs()) {
            overflows++;
            clear();
        }
    }
}
