package io.edgecdn.edge.flv;

import io.edgecdn.edge.source.StreamKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP-FLV viewers connected now, by id, for the admin API: list them per stream and close
 * (kick) one. Registration and removal are lock-free map operations off the media path.
 */
public final class ViewerRegistry {
    /**
     * One viewer as the admin API shows it.
     *
     * @param id unique within the node's life
     * @param stream the stream watched
     * @param protocol {@code http-flv}
     * @param remote the client's address and port
     * @param since when it connected (ISO-8601)
     * @param bytesSent bytes written to it
     * @param skips times it skipped to the next keyframe for being slow
     * @param child whether it is a child node's pull (header {@code X-Edge-Pull})
     */
    public record ViewerInfo(long id, String stream, String protocol, String remote, String since, long bytesSent,
                             long skips, boolean child) {
    }

    private final Map<Long, FlvViewer> viewers = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    long register(FlvViewer v) {
        long id = ids.incrementAndGet();
        viewers.put(id, v);
        return id;
    }

    void unregister(long id) {
        viewers.remove(id);
    }

    /** The viewers of a stream, oldest first. */
    public List<ViewerInfo> list(StreamKey key) {
        List<ViewerInfo> out = new ArrayList<>();
        for (FlvViewer v : viewers.values()) {
            if (v.streamKey().equals(key)) {
                out.add(v.info());
            }
        }
        out.sort(Comparator.comparingLong(ViewerInfo::id));
        return out;
    }

    /** Closes a viewer of {@code key}; false when there is no such viewer. */
    public boolean kick(StreamKey key, long id, String reason) {
        FlvViewer v = viewers.get(id);
        if (v == null || !v.streamKey().equals(key)) {
            return false;
        }
        v.kick(reason);
        return true;
    }
}
