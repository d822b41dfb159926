package io.edgecdn.edge.source;

import org.jspecify.annotations.Nullable;
import io.edgecdn.ops.EdgeError;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.time.TaskTimer;
import io.edgecdn.pull.PullOutcome;
import io.edgecdn.pull.PullSupervisor;
import io.edgecdn.pull.StreamLayout;
import io.edgecdn.pull.TagSink;
import io.edgecdn.pull.UpstreamEndpoint;
import java.util.concurrent.CompletableFuture;

/**
 * A stream pulled by this node: its live source, its pull supervisor and its lease count. Bridges
 * the puller's events into the live source. Fields other than the final ones are guarded by the
 * {@link StreamManager}'s lock.
 */
final class ManagedStream implements TagSink, PullSupervisor.Listener {
    final StreamKey key;
    final LiveSource source;
    boolean pinned; // guarded by the StreamManager
    final CompletableFuture<LiveSource> start = new CompletableFuture<>();
    final PullSupervisor supervisor;
    int leases;
    TaskTimer.@Nullable Scheduled idleStop;

    /** @param supervisorFor makes the stream's pull supervisor, which delivers to this stream */
    ManagedStream(StreamKey key, LiveSource source, boolean pinned,
                  java.util.function.Function<ManagedStream, PullSupervisor> supervisorFor) {
        this.key = key;
        this.source = source;
        this.pinned = pinned;
        this.supervisor = supervisorFor.apply(this);
        source.ready().thenAccept(start::complete);
    }

    @Override
    public void onConnected(UpstreamEndpoint upstream, StreamLayout layout) {
        source.connected(layout);
    }

    @Override
    public void onTag(FlvTag tag) {
        source.publish(tag);
    }

    @Override
    public void onDisconnected(UpstreamEndpoint upstream, PullOutcome outcome) {
        source.disconnected();
    }

    @Override
    public void onCandidatesExhausted(PullOutcome last) {
        start.completeExceptionally(new StreamUnavailableException(EdgeError.UPSTREAM_UNREACHABLE,
                "upstream unreachable for " + key + ": " + last.detail() + " (" + last.reason().name().toLowerCase() + ")"));
    }
}
