package io.edgecdn.pull;

import java.time.Duration;

/**
 * Capped exponential backoff: {@code initial}, doubling per failure up to {@code max}, with up to
 * 20 % random jitter so that many edges do not retry an origin in lockstep.
 *
 * @param initial first delay after a failure
 * @param max largest delay
 */
public record Backoff(Duration initial, Duration max) {
    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** The delay in ms before attempt number {@code failures} (1 = after the first failure), without jitter. */
    public long delayMs(int failures) {
        long d = initial.toMillis();
        for (int i = 1; i < failures && d < max.toMillis(); i++) {
            d *= 2;
        }
        return Math.min(d, max.toMillis());
    }

    /** {@link #delayMs(int)} with 0-20 % added jitter. */
    public long jitteredDelayMs(int failures) {
        long d = delayMs(failures);
        return d + (long) (d * 0.2 * java.util.concurrent.ThreadLocalRandom.current().nextDouble());
    }
}
