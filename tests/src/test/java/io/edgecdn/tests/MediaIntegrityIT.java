package io.edgecdn.tests;

import io.edgecdn.testsupport.Ports;
import io.edgecdn.testsupport.Processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgecdn.edge.EdgeNode;
import io.edgecdn.edge.config.EdgeConfig;
import io.edgecdn.edge.upstream.UpstreamRule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The integrity harness: real sources (Debian's ffmpeg) of four kinds, over each ingest (SRT,
 * RTMP through nginx-rtmp, HTTP-FLV from a parent node), captured on every egress (HTTP-FLV, HLS
 * and the 240p rendition) for {@value #CAPTURE_S} s of wall-clock time, and decoded by ffmpeg.
 *
 * <p>For each capture: no decoder error; DTS strictly increasing per track; the FLV header says
 * which tracks exist; the media timeline advancing at wall-clock pace (within 2 %, measured from
 * 2 s after the first tag, once the cached GOP and a cold rendition's catch-up are in); decoded
 * video frames within 2 % (plus one frame) of the media time captured; decoded audio within 2 % of the time its frames span (no frame
 * lost) and that span within 2 % of the media time captured, give or take one audio PES of the
 * source's muxer (0.2 s); audio and video start within 100 ms of each other. HLS: consecutive segments from the live edge, no discontinuity, decoded frames and
 * audio within 2 % of their EXTINF durations. An audio-only stream's rendition answers 404 with the
 * reason. Every figure goes to {@code tests/target/integrity-<ingest>.txt}.
 */
class MediaIntegrityIT {
    static final double CAPTURE_S = 10;
    static final double FPS = 30;
    /** One audio PES of the sources' MPEG-TS muxer (FFmpeg's: about 8 AAC frames), s. */
    static final double AUDIO_PES_S = 0.2;

    @RegisterExtension
    final Processes processes = new Processes();
    @RegisterExtension
    final Nodes nodes = new Nodes();
    @TempDir
    Path dir;

    /** The sources: what they carry and how ffmpeg makes them. */
    enum Source {
        AV(true, true, "-f lavfi -i testsrc2=size=640x360:rate=30 -f lavfi -i sine=frequency=440:sample_rate=48000 "
                + "-c:v libx264 -preset ultrafast -tune zerolatency -g 30 -b:v 800k -c:a aac -b:a 64k -ac 2"),
        BFRAMES(true, true, "-f lavfi -i testsrc2=size=640x360:rate=30 -f lavfi -i sine=frequency=330:sample_rate=44100 "
                + "-c:v libx264 -preset veryfast -bf 2 -g 60 -b:v 800k -c:a aac -b:a 64k"),
        AUDIO(true, false, "-f lavfi -i sine=frequency=440:sample_rate=44100 -c:a aac -b:a 64k"),
        VIDEO(false, true, "-f lavfi -i testsrc2=size=640x360:rate=30 -c:v libx264 -preset ultrafast -tune zerolatency -g 30 -b:v 800k -an");

        final boolean audio;
        final boolean video;
        final String args;

        Source(boolean audio, boolean video, String args) {
            this.audio = audio;
            this.video = video;
            this.args = args;
        }

        String stream() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    enum Ingest { SRT, RTMP, HTTP_FLV }

    private Process source(Source s, String format, String output) throws Exception {
        Processes.requireTool("ffmpeg", "ffmpeg");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-re"));
        cmd.addAll(List.of(s.args.split(" ")));
        cmd.addAll(List.of("-f", format, output));
        return processes.start(dir.resolve("source-" + s.stream() + ".log"), cmd.toArray(String[]::new));
    }

    /** Starts the four sources over {@code ingest} and returns the node that viewers use. */
    private EdgeNode startNode(Ingest ingest) throws Exception {
        List<UpstreamRule> rules = new ArrayList<>();
        List<String> pins = new ArrayList<>();
        if (ingest == Ingest.RTMP) {
            int rtmp = NginxRtmp.startWithStat(processes, dir, false).rtmp(); // wait_video off: audio-only streams play
            for (Source s : Source.values()) {
                source(s, "flv", "rtmp://127.0.0.1:" + rtmp + "/live/" + s.stream());
            }
            rules.add(new UpstreamRule("live/*", List.of("rtmp://127.0.0.1:" + rtmp + "/{app}/{stream}")));
        } else {
            for (Source s : Source.values()) {
                int port = Ports.udp();
                source(s, "mpegts", "srt://127.0.0.1:" + port + "?mode=listener");
                rules.add(new UpstreamRule("live/" + s.stream(), List.of("srt://127.0.0.1:" + port + "?mode=caller")));
            }
        }
        for (Source s : Source.values()) {
            pins.add("live/" + s.stream());
        }
        EdgeConfig base = Nodes.config("none/*", "srt://127.0.0.1:1?mode=caller");
        if (ingest == Ingest.HTTP_FLV) {
            EdgeNode parent = nodes.start(base.withUpstreams(rules).withPinned(pins));
            rules = List.of(new UpstreamRule("live/*", List.of(parent.baseUrl() + "/{app}/{stream}.flv")));
        }
        return nodes.start(base.withUpstreams(rules).withPinned(pins));
    }

    @ParameterizedTest
    @EnumSource(Ingest.class)
    void everyEgress_decodesWhole_inRealTime(Ingest ingest) throws Exception {
        EdgeNode node = startNode(ingest);
        HttpClient http = HttpClient.newHttpClient();
        for (Source s : Source.values()) { // pinned pulls: wait until each one is ready
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                var src = node.streams().source(new io.edgecdn.edge.source.StreamKey("live", s.stream()));
                return src != null && src.ready().isDone();
            });
        }
        List<String> problems = new ArrayList<>();
        StringBuilder report = new StringBuilder("ingest " + ingest + ", capture " + CAPTURE_S + " s per egress\n");
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Runnable>> checks = new ArrayList<>();
            for (Source s : Source.values()) {
                String flvUrl = node.baseUrl() + "/live/" + s.stream() + ".flv";
                checks.add(pool.submit(() -> {
                    Captures.Flv cap = Captures.flv(flvUrl, CAPTURE_S, dir.resolve(s.stream() + ".flv"));
                    MediaReport r = MediaReport.of(cap.file());
                    return () -> checkFlv(ingest + " " + s + " HTTP-FLV", s, cap, r, problems, report);
                }));
                checks.add(pool.submit(() -> {
                    Captures.Hls cap = Captures.hls(node.baseUrl() + "/live/" + s.stream() + ".m3u8", CAPTURE_S,
                            dir.resolve(s.stream() + ".ts"));
                    MediaReport r = MediaReport.of(cap.file());
                    return () -> checkHls(ingest + " " + s + " HLS", s, cap, r, problems, report);
                }));
                String rendition = node.baseUrl() + "/live/" + s.stream() + "_240p.flv";
                if (s.video) {
                    checks.add(pool.submit(() -> {
                        Captures.Flv cap = Captures.flv(rendition, CAPTURE_S, dir.resolve(s.stream() + "_240p.flv"));
                        MediaReport r = MediaReport.of(cap.file());
                        return () -> checkFlv(ingest + " " + s + " rendition 240p", s, cap, r, problems, report);
                    }));
                } else {
                    checks.add(pool.submit(() -> {
                        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(rendition)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        return () -> {
                            report.append(String.format("%s %s rendition 240p: %d %s%n", ingest, s, resp.statusCode(), resp.body()));
                            if (resp.statusCode() != 404 || !resp.body().contains("audio-only")) {
                                problems.add(ingest + " " + s + " rendition: expected 404 naming the audio-only source, got "
                                        + resp.statusCode() + " " + resp.body());
                            }
                        };
                    }));
                }
            }
            for (Future<Runnable> f : checks) {
                f.get().run();
            }
        } finally {
            pool.shutdownNow();
            Path out = Path.of("target", "integrity-" + ingest.name().toLowerCase(Locale.ROOT) + ".txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report.toString());
        }
        assertThat(problems).as(report.toString()).isEmpty();
    }

    /** Within 2 % of {@code expected}, plus {@code slack} (one frame's worth of quantisation). */
    private static boolean near(double actual, double expected, double slack) {
        return Math.abs(actual - expected) <= 0.02 * expected + slack;
    }

    private static void checkFlv(String name, Source s, Captures.Flv cap, MediaReport r, List<String> problems, StringBuilder report) {
        report.append(String.format(Locale.ROOT, "%s: wall %.3f s, burst %.3f s, media %.3f s, real-time rate %.4f; %s%n", name,
                cap.wallSeconds(), cap.burstSeconds(), cap.mediaSeconds(), cap.realTimeRatio(), r));
        if (cap.header().hasAudio() != s.audio || cap.header().hasVideo() != s.video) {
            problems.add(name + ": FLV header says audio=" + cap.header().hasAudio() + " video=" + cap.header().hasVideo());
        }
        if (!(Math.abs(cap.realTimeRatio() - 1) <= 0.02)) {
            problems.add(String.format(Locale.ROOT, "%s: the media timeline ran at %.4f x wall-clock time", name, cap.realTimeRatio()));
        }
        if (cap.wallSeconds() < CAPTURE_S - Captures.SETTLE_S) {
            problems.add(String.format(Locale.ROOT, "%s: media arrived for only %.3f s of the %.1f s capture", name, cap.wallSeconds(), CAPTURE_S));
        }
        common(name, s, r, cap.mediaSeconds(), problems);
    }

    private static void checkHls(String name, Source s, Captures.Hls cap, MediaReport r, List<String> problems, StringBuilder report) {
        report.append(String.format(Locale.ROOT, "%s: segments %s listing %.3f s; %s%n", name, cap.sequences(), cap.listedSeconds(), r));
        if (cap.sequences().size() < 3) {
            problems.add(name + ": only " + cap.sequences().size() + " segments in " + CAPTURE_S + " s");
        }
        if (cap.discontinuities() > 0) {
            problems.add(name + ": " + cap.discontinuities() + " discontinuities");
        }
        common(name, s, r, cap.listedSeconds(), problems);
    }

    private static void common(String name, Source s, MediaReport r, double expectedSeconds, List<String> problems) {
        if (!r.decoderErrors().isEmpty()) {
            problems.add(name + ": decoder errors: " + r.decoderErrors());
        }
        if (!r.dtsViolations().isEmpty()) {
            problems.add(name + ": DTS not increasing: " + r.dtsViolations());
        }
        if (s.video != (r.videoFrames() > 0) || s.audio != (r.audioSeconds() > 0)) {
            problems.add(name + ": tracks decoded: video " + r.videoFrames() + " frames, audio " + r.audioSeconds() + " s");
            return;
        }
        if (s.video && !near(r.videoFrames() / FPS, expectedSeconds, 1 / FPS)) {
            problems.add(String.format(Locale.ROOT, "%s: %d video frames decoded (%.3f s) for %.3f s of media", name, r.videoFrames(),
                    r.videoFrames() / FPS, expectedSeconds));
        }
        // audio: every frame decoded (within 2 % of the time its frames span, so no frame is lost), and
        // that span within 2 % of the media time captured, give or take one audio PES (the source's
        // MPEG-TS muxer sends audio in PES of ~170 ms, behind the video it is interleaved with)
        if (s.audio && !near(r.audioSeconds(), r.audioSpan(), r.audioFrameSeconds())) {
            problems.add(String.format(Locale.ROOT, "%s: %.3f s of audio decoded, but its frames span %.3f s: frames lost",
                    name, r.audioSeconds(), r.audioSpan()));
        }
        if (s.audio && !near(r.audioSpan(), expectedSeconds, AUDIO_PES_S)) {
            problems.add(String.format(Locale.ROOT, "%s: audio spans %.3f s of %.3f s of media", name, r.audioSpan(), expectedSeconds));
        }
        if (s.audio && s.video && Math.abs(r.avStartOffset()) > 0.1) {
            problems.add(String.format(Locale.ROOT, "%s: audio starts %.3f s after video", name, r.avStartOffset()));
        }
    }
}
