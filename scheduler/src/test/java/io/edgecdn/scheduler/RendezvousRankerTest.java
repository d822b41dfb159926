package io.edgecdn.scheduler;

import io.edgecdn.testsupport.ManualTime;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendezvousRankerTest {
    private static NodeInfo node(String id, double weight, String region, int viewers) {
        return new NodeInfo(id, "http://" + id + ":8080", 1, region, weight, 1000, 10_000, viewers, 0);
    }

    private static List<NodeInfo> nodes(int n) {
        List<NodeInfo> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(node("mid-" + i, 1.0, "eu", 0));
        }
        return l;
    }

    private static Map<String, String> assign(List<NodeInfo> nodes, int streams, String region) {
        Map<String, String> m = new HashMap<>();
        for (int s = 0; s < streams; s++) {
            m.put("live/s" + s, RendezvousRanker.best("live/s" + s, nodes, region, null).id());
        }
        return m;
    }

    private static Map<String, Integer> shares(Map<String, String> assignment) {
        Map<String, Integer> c = new HashMap<>();
        assignment.values().forEach(id -> c.merge(id, 1, Integer::sum));
        return c;
    }

    @Test
    void nodeLeaves_onlyItsStreamsMove() {
        List<NodeInfo> ten = nodes(10);
        Map<String, String> before = assign(ten, 10_000, null);
        List<NodeInfo> nine = new ArrayList<>(ten);
        nine.remove(3);
        Map<String, String> after = assign(nine, 10_000, null);
        for (String stream : before.keySet()) {
            if (!before.get(stream).equals("mid-3")) {
                assertThat(after.get(stream)).as(stream).isEqualTo(before.get(stream));
            }
        }
        assertThat(shares(before).get("mid-3")).isBetween(850, 1150); // ~1/10 of them had to move
    }

    @Test
    void nodeJoins_movesOnlyStreamsToTheNewNode_aboutItsShare() {
        List<NodeInfo> ten = nodes(10);
        Map<String, String> before = assign(ten, 10_000, null);
        List<NodeInfo> eleven = new ArrayList<>(ten);
        eleven.add(node("mid-new", 1.0, "eu", 0));
        Map<String, String> after = assign(eleven, 10_000, null);
        int moved = 0;
        for (String stream : before.keySet()) {
            if (!after.get(stream).equals(before.get(stream))) {
                assertThat(after.get(stream)).isEqualTo("mid-new");
                moved++;
            }
        }
        assertThat(moved).isBetween(750, 1050); // 1/11 of 10,000 = 909
    }

    @Test
    void weightsAreRespected() {
        List<NodeInfo> n = List.of(node("big", 2.0, "eu", 0), node("a", 1.0, "eu", 0), node("b", 1.0, "eu", 0));
        Map<String, Integer> s = shares(assign(n, 20_000, null));
        assertThat(s.get("big")).isBetween(9_400, 10_600); // 2/4 of 20,000
        assertThat(s.get("a")).isBetween(4_600, 5_400);
    }

    @Test
    void loadAndRegionPenalise_overloadedGoesLast_boxedGoesLast() {
        NodeInfo threeQuarters = node("busy", 1.0, "eu", 750);
        NodeInfo idle = node("idle", 1.0, "eu", 0);
        Map<String, Integer> s = shares(assign(List.of(threeQuarters, idle), 20_000, null));
        assertThat(s.get("idle")).isBetween(12_600, 14_100); // weights 1 : 0.5 -> 2/3
        NodeInfo us = node("us", 1.0, "us", 0);
        Map<String, Integer> r = shares(assign(List.of(idle, us), 20_000, "eu"));
        assertThat(r.get("idle")).isBetween(15_300, 16_700); // 1 : 0.25 -> 4/5 stay in the region
        NodeInfo full = node("full", 5.0, "eu", 1200);
        assertThat(RendezvousRanker.rank("live/x", List.of(full, idle, us), "eu", null)).last().isEqualTo(full);
        PenaltyBox box = new PenaltyBox(1, Duration.ofMinutes(1), Duration.ofMinutes(1), new ManualTime());
        box.failure("idle");
        assertThat(RendezvousRanker.rank("live/x", List.of(idle, us), "eu", box)).extracting(NodeInfo::id).containsExactly("us", "idle");
    }

    @Test
    void loadsUnderTheKnee_doNotMoveStreams() {
        List<NodeInfo> calm = List.of(node("a", 1.0, "eu", 0), node("b", 1.0, "eu", 0), node("c", 1.0, "eu", 0));
        List<NodeInfo> busier = List.of(node("a", 1.0, "eu", 480), node("b", 1.0, "eu", 30), node("c", 1.0, "eu", 250));
        Map<String, String> before = assign(calm, 5_000, null);
        Map<String, String> after = assign(busier, 5_000, null);
        assertThat(after).isEqualTo(before);
        List<NodeInfo> overKnee = List.of(node("a", 1.0, "eu", 900), node("b", 1.0, "eu", 30), node("c", 1.0, "eu", 250));
        assertThat(assign(overKnee, 5_000, null)).isNotEqualTo(before);
    }

    @Test
    void best_isWhatRankPutsFirst() {
        java.util.Random rnd = new java.util.Random(7);
        List<NodeInfo> n = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            n.add(node("n" + i, 0.5 + rnd.nextDouble() * 2, i % 3 == 0 ? "us" : "eu", rnd.nextInt(1100)));
        }
        PenaltyBox box = new PenaltyBox(1, Duration.ofMinutes(1), Duration.ofMinutes(1), new ManualTime());
        box.failure("n3");
        box.failure("n17");
        for (int s = 0; s < 2_000; s++) {
            String key = "live/s" + s;
            assertThat(RendezvousRanker.best(key, n, "eu", box)).isEqualTo(RendezvousRanker.rank(key, n, "eu", box).get(0));
        }
        assertThat(RendezvousRanker.best("live/x", List.of(), "eu", null)).isNull();
    }
}
