package io.edgecdn.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedirectPolicyTest {
    private static NodeInfo edge(String id, int viewers, double egressMbps) {
        return new NodeInfo(id, "http://" + id + ":8080", 2, "eu", 1.0, 1000, 1000, viewers, egressMbps);
    }

    private final RedirectPolicy policy = new RedirectPolicy(0.9);

    @Test
    void underThreshold_servesLocally() {
        assertThat(policy.decide(edge("self", 899, 100), List.of(edge("other", 0, 0)), "live/x", "eu", false)).isNull();
    }

    @Test
    void overViewerOrBandwidthThreshold_redirectsToTheBestOtherEdgeWithRoom() {
        NodeInfo self = edge("self", 950, 100);
        NodeInfo busy = edge("busy", 990, 10);
        NodeInfo free = edge("free", 10, 10);
        assertThat(policy.decide(self, List.of(self, busy, free), "live/x", "eu", false)).isEqualTo(free);
        NodeInfo bandwidthBound = edge("self", 10, 950); // few viewers, but egress at 95 %
        assertThat(policy.decide(bandwidthBound, List.of(free), "live/x", "eu", false)).isEqualTo(free);
    }

    @Test
    void alreadyRedirected_orNobodyWithRoom_servesLocally() {
        NodeInfo self = edge("self", 950, 100);
        assertThat(policy.decide(self, List.of(edge("free", 10, 10)), "live/x", "eu", true)).as("no redirect loop").isNull();
        assertThat(policy.decide(self, List.of(edge("busy", 990, 10)), "live/x", "eu", false)).isNull();
    }

    @Test
    void draining_redirectsWhateverItsLoad_butNeverALoop() {
        NodeInfo idle = edge("self", 1, 1);
        NodeInfo free = edge("free", 10, 10);
        assertThat(policy.decide(idle, List.of(idle, free), "live/x", "eu", false, true)).isEqualTo(free);
        assertThat(policy.decide(idle, List.of(idle, free), "live/x", "eu", true, true)).isNull();
        assertThat(policy.decide(idle, List.of(idle), "live/x", "eu", false, true)).as("nowhere to go").isNull();
    }

    @Test
    void badThreshold_rejected() {
        assertThatThrownBy(() -> new RedirectPolicy(1.5)).hasMessageContaining("threshold must be in (0, 1]");
    }
}
