package io.edgecdn.edge.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Summary of a benchmark run.
 *
 * @param viewers viewers started
 * @param failures viewers that failed (non-200, closed, no keyframe)
 * @param ttffMs TTFF per successful viewer, ms, sorted
 * @param bitrateKbps received bitrate per viewer over the measured duration, kbps, sorted
 * @param maxGapMs longest gap between two reads per viewer after its first keyframe, ms, sorted
 * @param stalls viewers whose longest gap exceeded the stall threshold
 * @param failureSample one failure message, or null
 */
public record BenchReport(int viewers, int failures, double[] ttffMs, double[] bitrateKbps, double[] maxGapMs,
                          int stalls, String failureSample) {

    public static BenchReport of(List<FlvViewerProbe> probes, long durationNanos, long stallNanos) {
        int failures = 0;
        String sample = null;
        double[] ttff = new double[probes.size()];
        double[] rate = new double[probes.size()];
        double[] gap = new double[probes.size()];
        int ok = 0;
        int stalls = 0;
        for (FlvViewerProbe p : probes) {
            if (p.failed() || p.keyframeNanos == 0) {
                failures++;
                if (sample == null) {
                    sample = p.failure != null ? p.failure : "no keyframe received";
                }
                continue;
            }
            ttff[ok] = (p.keyframeNanos - p.requestNanos) / 1e6;
            double secs = Math.max(1e-3, Math.min(durationNanos, p.lastReadNanos - p.firstByteNanos) / 1e9);
            rate[ok] = p.bytes * 8 / secs / 1000;
            gap[ok] = p.maxGapNanos / 1e6;
            if (p.maxGapNanos > stallNanos) {
                stalls++;
            }
            ok++;
        }
        double[] t = Arrays.copyOf(ttff, ok);
        double[] r = Arrays.copyOf(rate, ok);
        double[] g = Arrays.copyOf(gap, ok);
        Arrays.sort(t);
        Arrays.sort(r);
        Arrays.sort(g);
        return new BenchReport(probes.size(), failures, t, r, g, stalls, sample);
    }

    /** The q-quantile (0..1) of sorted values, nearest rank; NaN when empty. */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    public String format(String url) {
        return String.format(Locale.ROOT, """
                bench %s
                  viewers: %d started, %d ok, %d failed%s
                  TTFF to first complete keyframe (ms): p50 %.1f  p90 %.1f  p99 %.1f  max %.1f
                  per-viewer bitrate (kbps): min %.0f  p50 %.0f  max %.0f
                  longest gap between reads per viewer (ms): p50 %.0f  p99 %.0f  max %.0f
                  stalls (viewers with a gap over the threshold): %d""",
                url, viewers, viewers - failures, failures, failureSample == null ? "" : " (e.g. " + failureSample + ")",
                quantile(ttffMs, .5), quantile(ttffMs, .9), quantile(ttffMs, .99), quantile(ttffMs, 1),
                quantile(bitrateKbps, 0), quantile(bitrateKbps, .5), quantile(bitrateKbps, 1),
                quantile(maxGapMs, .5), quantile(maxGapMs, .99), quantile(maxGapMs, 1), stalls);
    }
}
