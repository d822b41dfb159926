package io.edgecdn.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecdn.media.time.TaskTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualTimeTest {
    @Test
    void advance_runsDueTasksInTimeOrder_atTheirDueTime() {
        ManualTime t = new ManualTime();
        List<String> ran = new ArrayList<>();
        t.schedule(() -> ran.add("b@" + t.elapsedMillis()), Duration.ofSeconds(2));
        t.schedule(() -> ran.add("a@" + t.elapsedMillis()), Duration.ofSeconds(1));
        t.schedule(() -> ran.add("c@" + t.elapsedMillis()), Duration.ofSeconds(5));
        t.advance(Duration.ofSeconds(3));
        assertThat(ran).containsExactly("a@1000", "b@2000");
        assertThat(t.elapsedMillis()).isEqualTo(3000);
        assertThat(t.pending()).isEqualTo(1);
        assertThat(t.pendingDelaysNanos()).containsExactly(Duration.ofSeconds(2).toNanos());
    }

    @Test
    void cancelledTasksNeverRun_andTasksMayScheduleTasks() {
        ManualTime t = new ManualTime();
        List<String> ran = new ArrayList<>();
        TaskTimer.Scheduled s = t.schedule(() -> ran.add("cancelled"), Duration.ofSeconds(1));
        t.schedule(() -> t.schedule(() -> ran.add("chained@" + t.elapsedMillis()), Duration.ofMillis(500)), Duration.ofSeconds(1));
        s.cancel();
        t.advance(Duration.ofMillis(1499));
        assertThat(ran).isEmpty();
        t.advance(Duration.ofMillis(1));
        assertThat(ran).containsExactly("chained@1500");
        assertThat(t.pending()).isZero();
    }

    @Test
    void clockFollowsTheNanos_andTimeNeverGoesBack() {
        ManualTime t = new ManualTime();
        var start = t.instant();
        t.advance(Duration.ofMinutes(2));
        assertThat(Duration.between(start, t.instant())).isEqualTo(Duration.ofMinutes(2));
        assertThat(t.elapsedMillis()).isEqualTo(120_000);
        assertThat(t.millis()).isEqualTo(t.instant().toEpochMilli());
        assertThatThrownBy(() -> t.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
