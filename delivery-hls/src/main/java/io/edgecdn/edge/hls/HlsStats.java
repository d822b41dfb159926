package io.edgecdn.edge.hls;

import java.util.concurrent.atomic.LongAdder;

/** HLS counters for the status line and, later, the metrics registry. Lock-free. */
public final class HlsStats {
    final LongAdder segmentsProduced = new LongAdder();
    final LongAdder playlistRequests = new LongAdder();
    final LongAdder segmentRequests = new LongAdder();
    final LongAdder segmentMisses = new LongAdder();
    final LongAdder bytesOut = new LongAdder();

    public long segmentsProduced() {
        return segmentsProduced.sum();
    }

    public long playlistRequests() {
        return playlistRequests.sum();
    }

    public long segmentRequests() {
        return segmentRequests.sum();
    }

    /** Playlist and segment bytes sent to viewers since start. */
    public long bytesOut() {
        return bytesOut.sum();
    }

    /** Segment requests answered 404 (expired, evicted or unknown). */
    public long segmentMisses() {
        return segmentMisses.sum();
    }
}
