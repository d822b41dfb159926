package io.edgecdn.tests;

import io.edgecdn.media.flv.FlvHeader;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.FlvWriter;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Captures what a viewer gets from an egress for a stretch of wall-clock time, into a file that
 * ffmpeg can decode: HTTP-FLV (whole tags only, with the FLV header the node sent) and HLS (every
 * segment that a live player would fetch, from the live edge on, concatenated).
 */
final class Captures {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private Captures() {
    }

    /**
     * One HTTP-FLV capture.
     *
     * @param file the tags, as an FLV file
     * @param header the FLV header as sent (its track flags)
     * @param wallSeconds from the first media tag's arrival to the last one's
     * @param burstSeconds media time delivered at once on connecting (the cached GOP): the span of
     *     the tags that arrived within 50 ms of the first
     * @param mediaSeconds from the first media tag's timestamp to the last one's
     * @param realTimeRatio media time per wall-clock time from {@value #SETTLE_S} s after the first tag
     *     to the end (1.0: the stream keeps real time; a start-up catch-up is excluded), fitted to the
     *     lower envelope of each tag's lead of media over arrival time (audio arrives in PES-sized
     *     bunches), from video tags when there are any, else audio
     */
    record Flv(Path file, FlvHeader header, double wallSeconds, double burstSeconds, double mediaSeconds,
               double realTimeRatio, int tags) {
    }

    /** Seconds after the first tag before the real-time rate is measured (a cold rendition catches up meanwhile). */
    static final double SETTLE_S = 2;

    /**
     * One HLS capture.
     *
     * @param file the fetched segments, concatenated (MPEG-TS)
     * @param sequences their media sequence numbers, in order
     * @param listedSeconds the sum of their EXTINF durations
     * @param discontinuities EXT-X-DISCONTINUITY tags among them
     */
    record Hls(Path file, List<Long> sequences, double listedSeconds, int discontinuities) {
    }

    /** Plays {@code url} for {@code seconds} of wall-clock time; fails unless it answers 200. */
    static Flv flv(String url, double seconds, Path file) throws Exception {
        List<FlvClient.Received> got;
        FlvHeader header;
        try (FlvClient c = new FlvClient(url)) {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end && !c.ended()) {
                Thread.sleep(50);
            }
            if (c.status() != 200) {
                throw new AssertionError(url + " answered " + c.status());
            }
            got = c.received();
            header = c.header();
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            FlvWriter w = new FlvWriter(out);
            w.writeHeader(header.hasAudio(), header.hasVideo());
            for (FlvClient.Received r : got) {
                w.writeTag(r.tag());
            }
            w.flush();
        }
        List<FlvClient.Received> media = got.stream().filter(r -> r.tag().kind() == io.edgecdn.media.flv.TagKind.VIDEO_KEYFRAME
                || r.tag().kind() == io.edgecdn.media.flv.TagKind.VIDEO_FRAME || r.tag().kind() == io.edgecdn.media.flv.TagKind.AUDIO_FRAME).toList();
        if (media.isEmpty()) {
            throw new AssertionError(url + " sent no media tag in " + seconds + " s");
        }
        long t0 = media.get(0).nanos();
        long firstTs = media.get(0).tag().timestampMs();
        long burstTs = firstTs;
        long lastTs = firstTs;
        for (FlvClient.Received r : media) {
            if (r.nanos() - t0 <= 50_000_000L) {
                burstTs = Math.max(burstTs, r.tag().timestampMs());
            }
            lastTs = Math.max(lastTs, r.tag().timestampMs());
        }
        double wall = (media.get(media.size() - 1).nanos() - t0) / 1e9;
        boolean hasVideo = media.stream().anyMatch(r -> r.tag().type() == io.edgecdn.media.flv.TagType.VIDEO);
        List<FlvClient.Received> clock = media.stream()
                .filter(r -> (r.tag().type() == io.edgecdn.media.flv.TagType.VIDEO) == hasVideo).toList();
        double ratio = 1 + leadSlope(clock, t0 + (long) (SETTLE_S * 1e9));
        return new Flv(file, header, wall, (burstTs - firstTs) / 1000.0, (lastTs - firstTs) / 1000.0, ratio, got.size());
    }

    /**
     * How fast the lead of media time over arrival time changes (0 when the stream keeps real time):
     * the least-squares slope of the lower envelope of the lead (the least lead in each 250 ms of
     * arrivals: the first tag of a bunch that arrived at once), from {@code fromNanos} on.
     */
    private static double leadSlope(List<FlvClient.Received> tags, long fromNanos) {
        java.util.TreeMap<Long, double[]> buckets = new java.util.TreeMap<>(); // bucket -> {arrival s, lead s}
        for (FlvClient.Received r : tags) {
            if (r.nanos() < fromNanos) {
                continue;
            }
            double t = r.nanos() / 1e9;
            double lead = r.tag().timestampMs() / 1000.0 - t;
            buckets.merge((r.nanos() - fromNanos) / 250_000_000L, new double[] {t, lead}, (x, y) -> x[1] <= y[1] ? x : y);
        }
        int n = buckets.size();
        if (n < 4) {
            return Double.NaN;
        }
        double mt = 0;
        double ml = 0;
        for (double[] p : buckets.values()) {
            mt += p[0] / n;
            ml += p[1] / n;
        }
        double num = 0;
        double den = 0;
        for (double[] p : buckets.values()) {
            num += (p[0] - mt) * (p[1] - ml);
            den += (p[0] - mt) * (p[0] - mt);
        }
        return num / den;
    }

    private static final Pattern SEGMENT = Pattern.compile("#EXTINF:([0-9.]+),[^\\n]*\\n([^#\\n]+)");

    /**
     * Plays the media playlist {@code url} for {@code seconds} like a live player that starts at the
     * live edge: the newest segment listed at the start, then each new one as it is listed.
     */
    static Hls hls(String url, double seconds, Path file) throws Exception {
        URI base = URI.create(url);
        List<Long> sequences = new ArrayList<>();
        double listed = 0;
        int discontinuities = 0;
        long next = -1;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        try (OutputStream out = Files.newOutputStream(file)) {
            while (System.nanoTime() < end) {
                HttpResponse<String> pl = HTTP.send(HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(15)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (pl.statusCode() != 200) {
                    throw new AssertionError(url + " answered " + pl.statusCode() + ": " + pl.body());
                }
                String body = pl.body();
                long mediaSequence = Long.parseLong(body.replaceAll("(?s).*#EXT-X-MEDIA-SEQUENCE:(\\d+).*", "$1"));
                Matcher m = SEGMENT.matcher(body);
                List<String[]> segs = new ArrayList<>();
                while (m.find()) {
                    segs.add(new String[] {m.group(1), m.group(2).strip(), String.valueOf(body.lastIndexOf("#EXT-X-DISCONTINUITY\n", m.start()) > body.lastIndexOf("#EXTINF", m.start() - 1))});
                }
                if (next < 0) {
                    next = mediaSequence + segs.size() - 1; // start at the live edge
                }
                for (int i = 0; i < segs.size(); i++) {
                    long seq = mediaSequence + i;
                    if (seq < next) {
                        continue;
                    }
                    if (seq > next) {
                        throw new AssertionError("segment " + next + " of " + url + " left the playlist before it was fetched");
                    }
                    HttpResponse<byte[]> seg = HTTP.send(HttpRequest.newBuilder(base.resolve(segs.get(i)[1])).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (seg.statusCode() != 200) {
                        throw new AssertionError("segment " + seq + " of " + url + " answered " + seg.statusCode());
                    }
                    out.write(seg.body());
                    sequences.add(seq);
                    listed += Double.parseDouble(segs.get(i)[0]);
                    discontinuities += sequences.size() > 1 && Boolean.parseBoolean(segs.get(i)[2]) ? 1 : 0;
                    next = seq + 1;
                }
                Thread.sleep(500);
            }
        }
        return new Hls(file, sequences, listed, discontinuities);
    }
}
