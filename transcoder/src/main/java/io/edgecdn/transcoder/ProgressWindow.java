package io.edgecdn.transcoder;

import org.jspecify.annotations.Nullable;

/**
 * Frame rate and speed (media time over wall time) over consecutive windows of a fixed wall-clock
 * length, for progress log lines. Confined to one thread.
 */
final class ProgressWindow {
    /**
     * One window's figures.
     *
     * @param fps frames per wall-clock second
     * @param speed media seconds per wall-clock second (1.0 = real time)
     */
    record Rates(double fps, double speed) {
    }

    private final long windowNanos;
    private long frames;
    private long startNanos;
    private long startMs = -1;

    ProgressWindow(int seconds) {
        this.windowNanos = seconds * 1_000_000_000L;
    }

    /**
     * Counts one frame.
     *
     * @param ptsMs the frame's presentation time, ms
     * @param nowNanos a monotonic clock ({@link System#nanoTime()})
     * @return the rates of the window this frame closes, or null while it is open
     */
    @Nullable Rates frame(long ptsMs, long nowNanos) {
        if (startMs < 0) {
            startMs = ptsMs;
            startNanos = nowNanos;
            frames = 0;
            return null;
        }
        frames++;
        long wall = nowNanos - startNanos;
        if (wall < windowNanos) {
            return null;
        }
        double seconds = wall / 1e9;
        Rates r = new Rates(frames / seconds, (ptsMs - startMs) / 1000.0 / seconds);
        startMs = ptsMs;
        startNanos = nowNanos;
        frames = 0;
        return r;
    }
}
