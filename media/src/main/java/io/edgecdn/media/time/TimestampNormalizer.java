package io.edgecdn.media.time;

/**
 * Turns an upstream's decode timestamps into one monotonic millisecond timeline shared by all
 * tracks of a stream, so that viewers see continuous time across jitter, clock jumps, wraps and
 * reconnects.
 *
 * <p>Rules, per track (audio and video are separate tracks, sharing one offset so A/V sync is
 * kept):
 * <ul>
 *   <li>the first sample ever maps to {@value #START_MS} ms, so that the other track's first samples,
 *       which a muxer may have interleaved up to that much earlier (FFmpeg's MPEG-TS muxer: up to
 *       0.7 s), land on their own time too;</li>
 *   <li>a wrap of the input clock (MPEG-TS: 33 bits of 90 kHz, {@link #MPEG_TS_WRAP_MS}; FLV: 32
 *       bits of ms) is unwrapped: a step back of more than half the period counts as a wrap;</li>
 *   <li>a small step back or a repeat (up to {@code jitterToleranceMs}) lands 1 ms after the
 *       previous output: each track's output is strictly increasing, never two samples at one time;</li>
 *   <li>a larger step back, or a step forward of more than {@code maxJumpMs}, is a discontinuity:
 *       the shared offset is moved so this sample lands one typical frame gap after the track's
 *       previous output;</li>
 *   <li>after {@link #discontinuity()} (upstream reconnect), the next sample lands one frame gap
 *       after the latest output of any track, and at least one of its own track's frame intervals
 *       after that track's previous sample;</li>
 *   <li>after a jump or a reconnect, a track whose first sample would land at or before its own
 *       previous output moves the shared offset forward so that it lands one frame gap after it.</li>
 * </ul>
 * Not thread-safe: one instance per stream, used by its puller thread.
 */
public final class TimestampNormalizer {
    /** The MPEG-TS clock period in ms: 2^33 ticks of 90 kHz. */
    public static final long MPEG_TS_WRAP_MS = (1L << 33) / 90;
    /** The FLV timestamp period in ms: 2^32. */
    public static final long FLV_WRAP_MS = 1L << 32;
    /** Where the first sample ever lands, ms. */
    public static final long START_MS = 1000;
    /** Default frame gap (ms) used when a track has no history. */
    static final long DEFAULT_GAP_MS = 20;

    private static final int TRACKS = 2;

    private long wrapPeriodMs;
    private final long maxJumpMs;
    private final long jitterToleranceMs;
    private final long[] lastRaw = new long[TRACKS];
    private final long[] lastOut = new long[TRACKS];
    private final long[] wrapBase = new long[TRACKS];
    private final long[] lastGap = {DEFAULT_GAP_MS, DEFAULT_GAP_MS};
    private final boolean[] seen = new boolean[TRACKS];
    /** Whether the track has produced output (its lastOut is meaningful), across reconnects. */
    private final boolean[] emitted = new boolean[TRACKS];
    /** Whether the track's next sample is its first since the shared offset moved. */
    private final boolean[] realign = new boolean[TRACKS];
    private boolean started;
    private boolean rebaseNext;
    private long offset;
    private long maxOut;
    private long discontinuities;

    /**
     * @param wrapPeriodMs period of the input clock in ms ({@link #MPEG_TS_WRAP_MS},
     *     {@link #FLV_WRAP_MS}), or 0 when it does not wrap
     * @param maxJumpMs largest forward step (ms) taken as normal; more is a discontinuity
     * @param jitterToleranceMs largest backward step (ms) clamped rather than treated as a jump
     */
    public TimestampNormalizer(long wrapPeriodMs, long maxJumpMs, long jitterToleranceMs) {
        if (wrapPeriodMs < 0 || maxJumpMs <= 0 || jitterToleranceMs < 0) {
            throw new IllegalArgumentException("wrapPeriodMs >= 0, maxJumpMs > 0, jitterToleranceMs >= 0");
        }
        this.wrapPeriodMs = wrapPeriodMs;
        this.maxJumpMs = maxJumpMs;
        this.jitterToleranceMs = jitterToleranceMs;
    }

    /** A normalizer for MPEG-TS input: wraps at 33 bits, jumps over 10 s and back-steps over 500 ms rebase. */
    public static TimestampNormalizer forMpegTs() {
        return new TimestampNormalizer(MPEG_TS_WRAP_MS, 10_000, 500);
    }

    /**
     * A normalizer that keeps timestamps as they are (first sample not moved to 0), only clamping
     * small backward steps: for encoders whose output must stay on the source's timeline (the
     * transcoder's renditions, aligned with the source's keyframes).
     */
    public static TimestampNormalizer passthrough() {
        TimestampNormalizer n = new TimestampNormalizer(0, Long.MAX_VALUE / 4, Long.MAX_VALUE / 4);
        n.started = true;
        return n;
    }

    /** A normalizer for FLV / RTMP input: wraps at 32 bits of ms. */
    public static TimestampNormalizer forFlv() {
        return new TimestampNormalizer(FLV_WRAP_MS, 10_000, 500);
    }

    /**
     * Maps a raw decode timestamp to the output timeline.
     *
     * @param track 0 for video, 1 for audio
     * @param rawMs the upstream's timestamp in ms (may wrap, jitter and jump)
     * @return the output timestamp in ms, above this track's previous output
     */
    public long normalize(int track, long rawMs) {
        if (!started) {
            started = true;
            offset = START_MS - rawMs;
        }
        long raw = rawMs + wrapBase[track];
        if (seen[track] && wrapPeriodMs > 0) {
            long d = raw - lastRaw[track];
            if (d < -wrapPeriodMs / 2) {
                wrapBase[track] += wrapPeriodMs;
                raw += wrapPeriodMs;
            } else if (d > wrapPeriodMs / 2) {
                wrapBase[track] -= wrapPeriodMs;
                raw -= wrapPeriodMs;
            }
        }
        if (rebaseNext) {
            rebaseNext = false;
            // after the latest output of any track, and at least one of this track's frame intervals
            // after its own previous sample (a 20 ms step between 30 fps frames puts two on one tick)
            long floor = Math.max(maxOut + DEFAULT_GAP_MS, emitted[track] ? lastOut[track] + lastGap[track] : 0);
            offset = floor - raw;
            java.util.Arrays.fill(seen, false);
            java.util.Arrays.fill(realign, true);
            realign[track] = false;
        } else if (seen[track]) {
            long d = raw - lastRaw[track];
            if (d > maxJumpMs || d < -jitterToleranceMs) {
                offset = lastOut[track] + lastGap[track] - raw;
                discontinuities++;
                java.util.Arrays.fill(realign, true);
                realign[track] = false;
            } else if (d > 0) {
                lastGap[track] = d;
            }
        }
        long out = raw + offset;
        if (realign[track] || !emitted[track]) {
            // the first sample of this track since the shared timeline moved (or ever): it must land
            // after the track's previous output; if not, the timeline moves forward for every track
            // (a short gap, never two samples at one time nor a squeezed run of them)
            long floor = emitted[track] ? lastOut[track] + lastGap[track] : 0;
            if (out < floor) {
                offset += floor - out;
                out = floor;
            }
            realign[track] = false;
        } else if (out <= lastOut[track]) {
            out = lastOut[track] + 1; // jitter within tolerance: strictly after the previous sample
        }
        emitted[track] = true;
        seen[track] = true;
        lastRaw[track] = raw;
        lastOut[track] = out;
        maxOut = Math.max(maxOut, out);
        return out;
    }

    /** Marks an upstream discontinuity (a reconnect): the next sample continues after the latest output. */
    public void discontinuity() {
        if (started) {
            rebaseNext = true;
            discontinuities++;
        }
    }

    /**
     * Marks a reconnect to an upstream whose clock has another period (an SRT origin after an
     * HTTP-FLV parent, say): as {@link #discontinuity()}, and unwrap with {@code wrapPeriodMs} from now on.
     */
    public void discontinuity(long newWrapPeriodMs) {
        if (newWrapPeriodMs < 0) {
            throw new IllegalArgumentException("wrapPeriodMs >= 0");
        }
        wrapPeriodMs = newWrapPeriodMs;
        java.util.Arrays.fill(wrapBase, 0);
        discontinuity();
    }

    /** The latest output timestamp of any track, ms. */
    public long latestMs() {
        return maxOut;
    }

    /** How many discontinuities (jumps and reconnects) have been absorbed. */
    public long discontinuities() {
        return discontinuities;
    }
}
