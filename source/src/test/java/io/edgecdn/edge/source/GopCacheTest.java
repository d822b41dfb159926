package io.edgecdn.edge.source;

import io.edgecdn.testsupport.Tags;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgecdn.media.flv.FlvTag;
import org.junit.jupiter.api.Test;

class GopCacheTest {
    private final GopCacheLimits limits = new GopCacheLimits(true, 100, 100_000, 5_000, 1_000);

    @Test
    void keyframe_startsTheCache_andLaterTagsFollowIt() {
        GopCache c = new GopCache(limits);
        c.media(Tags.frame(0, 100), true); // no keyframe yet: not cached
        c.media(Tags.audio(10, 50), true);
        assertThat(c.frames()).isZero();
        FlvTag key = Tags.keyframe(40, 1000);
        c.keyframe(key);
        c.media(Tags.audio(50, 50), true);
        c.media(Tags.frame(73, 100), true);
        assertThat(c.snapshot()).hasSize(3).first().isSameAs(key);
        c.keyframe(Tags.keyframe(2040, 1000));
        assertThat(c.frames()).isEqualTo(1);
        assertThat(c.startsAtKeyframe()).isTrue();
    }

    @Test
    void streamWithoutKeyframes_doesNotGrow() {
        GopCache c = new GopCache(limits);
        for (int i = 0; i < 10_000; i++) {
            c.media(Tags.frame(i * 33L, 500), true);
        }
        assertThat(c.frames()).isZero();
        assertThat(c.bytes()).isZero();
    }

    @Test
    void gopOverFrameBound_isDroppedUntilNextKeyframe() {
        GopCache c = new GopCache(new GopCacheLimits(true, 10, 1_000_000, 60_000, 1_000));
        c.keyframe(Tags.keyframe(0, 100));
        for (int i = 1; i <= 10; i++) {
            c.media(Tags.frame(i * 33L, 100), true);
        }
        assertThat(c.frames()).isZero(); // 11 > 10: dropped
        assertThat(c.overflows()).isEqualTo(1);
        c.media(Tags.frame(400, 100), true);
        assertThat(c.frames()).isZero(); // stays empty until a keyframe
        c.keyframe(Tags.keyframe(500, 100));
        assertThat(c.frames()).isEqualTo(1);
    }

    @Test
    void gopOverByteOrDurationBound_isDropped() {
        GopCache bytes = new GopCache(new GopCacheLimits(true, 1000, 1_000, 60_000, 1_000));
        bytes.keyframe(Tags.keyframe(0, 600));
        bytes.media(Tags.frame(33, 600), true);
        assertThat(bytes.frames()).isZero();
        GopCache duration = new GopCache(new GopCacheLimits(true, 1000, 1_000_000, 1_000, 1_000));
        duration.keyframe(Tags.keyframe(0, 10));
        duration.media(Tags.frame(999, 10), true);
        assertThat(duration.frames()).isEqualTo(2);
        duration.media(Tags.frame(1001, 10), true);
        assertThat(duration.frames()).isZero();
    }

    @Test
    void audioOnly_keepsSlidingWindow() {
        GopCache c = new GopCache(limits); // audio-only window 1 s
        for (int i = 0; i < 200; i++) {
            c.media(Tags.audio(i * 21L, 100), false);
        }
        assertThat(c.frames()).isBetween(45, 49); // about 1 s of 21 ms frames
        assertThat(c.durationMs()).isLessThanOrEqualTo(1_000);
        assertThat(c.snapshot().get(c.frames() - 1).timestampMs()).isEqualTo(199 * 21L);
    }

    @Test
    void disabled_cachesNothing() {
        GopCache c = new GopCache(new GopCacheLimits(false, 100, 100_000, 5_000, 1_000));
        c.keyframe(Tags.keyframe(0, 100));
        c.media(Tags.frame(33, 100), true);
        assertThat(c.frames()).isZero();
    }
}
