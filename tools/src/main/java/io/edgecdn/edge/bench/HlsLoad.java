package io.edgecdn.edge.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N HLS clients of one media playlist, each a virtual thread that behaves like a live player:
 * fetch the playlist every {@code poll} (EXT-X-TARGETDURATION by default), download every segment
 * it has not fetched yet, starting three segments from the live edge. Measures requests per second
 * and response times (request to last body byte) of playlists and segments. Bounded by duration.
 */
public final class HlsLoad {
    private final URI playlist;
    private final int clients;
    private final Duration duration;
    private final Duration ramp;
    private final Duration poll;

    public HlsLoad(URI playlist, int clients, Duration duration, Duration ramp, Duration poll) {
        this.playlist = playlist;
        this.clients = clients;
        this.duration = duration;
        this.ramp = ramp;
        this.poll = poll;
    }

    /** The outcome of a run. */
    public record Report(int clients, double seconds, long playlists, long segments, long errors, long segmentBytes,
                         double[] playlistMs, double[] segmentMs, String errorSample) {
        public String format(String url) {
            return String.format(Locale.ROOT, """
                    bench-hls %s
                      clients: %d for %.1f s; requests: %d playlists + %d segments = %.0f per second; errors: %d%s
                      playlist response (ms): p50 %.1f  p99 %.1f  max %.1f
                      segment response, request to last byte (ms): p50 %.1f  p99 %.1f  max %.1f
                      segment throughput: %.1f MB/s""",
                    url, clients, seconds, playlists, segments, (playlists + segments) / seconds, errors,
                    errorSample == null ? "" : " (e.g. " + errorSample + ")",
                    BenchReport.quantile(playlistMs, .5), BenchReport.quantile(playlistMs, .99), BenchReport.quantile(playlistMs, 1),
                    BenchReport.quantile(segmentMs, .5), BenchReport.quantile(segmentMs, .99), BenchReport.quantile(segmentMs, 1),
                    segmentBytes / seconds / 1e6);
        }
    }

    public Report run() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();
        ConcurrentLinkedQueue<Double> playlistMs = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Double> segmentMs = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        String[] errorSample = {null};
        long start = System.nanoTime();
        long measureFrom = start + ramp.toNanos();
        long end = measureFrom + duration.toNanos();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                long delay = ramp.toNanos() * c / Math.max(1, clients);
                executor.submit(() -> {
                    sleepUntil(start + delay);
                    long lastFetched = -1;
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> p = http.send(HttpRequest.newBuilder(playlist).build(), HttpResponse.BodyHandlers.ofString());
                            boolean measured = t0 >= measureFrom;
                            if (measured) {
                                playlistMs.add((System.nanoTime() - t0) / 1e6);
                            }
                            if (p.statusCode() != 200) {
                                throw new IllegalStateException("playlist HTTP " + p.statusCode());
                            }
                            List<String> uris = p.body().lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
                            long firstSeq = Long.parseLong(p.body().replaceAll("(?s).*#EXT-X-MEDIA-SEQUENCE:(\\d+).*", "$1"));
                            List<Long> wanted = new ArrayList<>();
                            for (int i = 0; i < uris.size(); i++) {
                                long seq = firstSeq + i;
                                if (lastFetched < 0 ? i >= uris.size() - 3 : seq > lastFetched) {
                                    wanted.add(seq);
                                }
                            }
                            for (long seq : wanted) {
                                URI u = playlist.resolve(uris.get((int) (seq - firstSeq)));
                                long s0 = System.nanoTime();
                                HttpResponse<byte[]> seg = http.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofByteArray());
                                if (seg.statusCode() != 200) {
                                    throw new IllegalStateException("segment HTTP " + seg.statusCode());
                                }
                                if (s0 >= measureFrom && System.nanoTime() < end) {
                                    segmentMs.add((System.nanoTime() - s0) / 1e6);
                                    bytes.addAndGet(seg.body().length);
                                }
                                lastFetched = seq;
                            }
                        } catch (Exception e) {
                            if (System.nanoTime() >= measureFrom) {
                                errors.incrementAndGet();
                                errorSample[0] = String.valueOf(e);
                            }
                        }
                        sleepUntil(t0 + poll.toNanos());
                    }
                    return null;
                });
            }
        }
        long segments = segmentMs.size();
        long playlists = playlistMs.size();
        double[] p = playlistMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] s = segmentMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Report(clients, duration.toNanos() / 1e9, playlists, segments, errors.get(), bytes.get(), p, s, errorSample[0]);
    }

    private static void sleepUntil(long nanos) {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
