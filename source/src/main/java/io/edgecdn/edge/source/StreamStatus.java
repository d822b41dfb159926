package io.edgecdn.edge.source;

import io.edgecdn.pull.PullOutcome;
import io.edgecdn.pull.PullSupervisor;
import io.edgecdn.pull.UpstreamEndpoint;
import java.time.Instant;

/**
 * One pulled stream as seen by status lines and the admin API.
 *
 * @param source the live source's counters and cache
 * @param pullState the supervisor's state
 * @param upstream the URL being pulled or tried, or null
 * @param connectedSince when the current connection started, or null
 * @param reconnects attempts after the first
 * @param lastOutcome why the latest attempt ended, or null
 * @param leases viewers holding the stream
 * @param pinned whether the stream is never idled
 */
public record StreamStatus(SourceStats source, PullSupervisor.State pullState, UpstreamEndpoint upstream,
                           Instant connectedSince, long reconnects, PullOutcome lastOutcome, int leases, boolean pinned) {
}
