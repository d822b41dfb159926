package io.edgecdn.transcoder;

import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A transcode session's input: source tags from the publishing thread, bounded in tags, payload
 * bytes and ms of media. When a bound is hit, the tag is dropped and so is every video frame up to
 * the next source keyframe (counted), so the decoder never sees a frame whose references are gone.
 * One producer, one consumer.
 */
final class SourceQueue {
    private final ArrayBlockingQueue<FlvTag> queue;
    private final long maxBytes;
    private final long maxMs;
    private final AtomicLong queuedBytes = new AtomicLong();
    private volatile boolean dropToKeyframe;
    private volatile long dropped;

    /**
     * @param maxTags bound in tags
     * @param maxBytes bound in payload bytes
     * @param maxMs bound in ms between the oldest and the newest tag's timestamps
     */
    SourceQueue(int maxTags, long maxBytes, long maxMs) {
        this.queue = new ArrayBlockingQueue<>(maxTags);
        this.maxBytes = maxBytes;
        this.maxMs = maxMs;
    }

    /** Queues a tag, or drops it (see class doc); never blocks. */
    void offer(FlvTag tag) {
        TagKind k = tag.kind();
        if (dropToKeyframe && (k == TagKind.VIDEO_FRAME || k == TagKind.VIDEO_OTHER)) {
            dropped++;
            return;
        }
        if (k == TagKind.VIDEO_KEYFRAME) {
            dropToKeyframe = false;
        }
        FlvTag oldest = queue.peek();
        boolean full = queuedBytes.get() + tag.payloadSize() > maxBytes
                || oldest != null && tag.timestampMs() - oldest.timestampMs() > maxMs;
        if (full || !queue.offer(tag)) {
            dropped++;
            dropToKeyframe = true;
            return;
        }
        queuedBytes.addAndGet(tag.payloadSize());
    }

    /** The oldest tag, waiting at most {@code timeoutMs}; null when none came. */
    @Nullable FlvTag poll(long timeoutMs) throws InterruptedException {
        FlvTag tag = queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (tag != null) {
            queuedBytes.addAndGet(-tag.payloadSize());
        }
        return tag;
    }

    /** Tags dropped so far. */
    long dropped() {
        return dropped;
    }
}
