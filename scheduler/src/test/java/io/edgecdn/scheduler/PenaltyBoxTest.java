package io.edgecdn.scheduler;

import io.edgecdn.testsupport.ManualTime;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PenaltyBoxTest {
    private final ManualTime clock = new ManualTime();
    private final PenaltyBox box = new PenaltyBox(3, Duration.ofSeconds(30), Duration.ofSeconds(60), clock);

    @Test
    void failuresWithinWindow_boxTheNode_untilTheDurationPasses() {
        box.failure("mid-1");
        clock.advance(Duration.ofSeconds(10));
        box.failure("mid-1");
        assertThat(box.isBoxed("mid-1")).isFalse();
        clock.advance(Duration.ofSeconds(10));
        box.failure("mid-1");
        assertThat(box.isBoxed("mid-1")).isTrue();
        clock.advance(Duration.ofSeconds(59));
        assertThat(box.isBoxed("mid-1")).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(box.isBoxed("mid-1")).isFalse();
    }

    @Test
    void failuresSpreadOutsideTheWindow_doNotBox_andSuccessClears() {
        box.failure("mid-2");
        clock.advance(Duration.ofSeconds(20));
        box.failure("mid-2");
        clock.advance(Duration.ofSeconds(20)); // the first failure is now 40 s old
        box.failure("mid-2");
        assertThat(box.isBoxed("mid-2")).isFalse();
        box.failure("mid-2");
        assertThat(box.isBoxed("mid-2")).isTrue();
        box.success("mid-2");
        assertThat(box.isBoxed("mid-2")).isFalse();
    }
}
