package io.edgecdn.tests;

import io.edgecdn.testsupport.Ports;
import io.edgecdn.testsupport.Processes;

import io.edgecdn.edge.transcode.TranscodeSettings;
import io.edgecdn.edge.flv.HttpFlvSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgecdn.edge.EdgeNode;
import io.edgecdn.edge.config.EdgeConfig;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import io.edgecdn.transcoder.Rendition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Debian's ffmpeg publishes 1280x720 over SRT (GOP 1 s); the edge transcodes the default ladder with libx264. */
class TranscodeIT {
    @RegisterExtension
    final Processes processes = new Processes();
    @RegisterExtension
    final Nodes nodes = new Nodes();
    @TempDir
    Path dir;

    private EdgeNode edge;

    private int srt;

    @BeforeEach
    void start() throws Exception {
        srt = Ports.udp();
        processes.srtSource(dir.resolve("source.log"), srt);
        List<Rendition> ladder = new ArrayList<>(Rendition.DEFAULT_LADDER);
        ladder.add(0, new Rendition("1080p", 0, 1080, 4_000_000, 5_000_000, "veryfast", "high", 0)); // above the source
        EdgeConfig cfg = Nodes.config("live/*", "srt://127.0.0.1:" + srt + "?mode=caller");
        // four viewers in this JVM beside three 720p encodes on 2 cores: a viewer thread may get no CPU
        // for seconds, which the node's slow-viewer policy (tested in its own tests) would punish
        HttpFlvSettings f = cfg.httpFlv();
        cfg = cfg.withHttpFlv(new HttpFlvSettings(64L << 20, Duration.ofSeconds(20), f.maxSkips(), f.skipWindow(), f.mergeWrites()));
        edge = nodes.start(cfg.withTranscode(new TranscodeSettings("libx264", ladder)));
    }

    private String url(String stream) {
        return edge.baseUrl() + "/live/" + stream + ".flv";
    }

    private static Set<Long> keyframes(FlvClient c) {
        Set<Long> keys = new TreeSet<>();
        for (FlvTag t : c.tags()) {
            if (t.isKeyframe()) {
                keys.add(t.presentationTimeMs());
            }
        }
        return keys;
    }

    /** An FLV file of received tags: header, then every tag as it came. */
    private static byte[] flv(List<FlvTag> tags) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        io.edgecdn.media.flv.FlvWriter w = new io.edgecdn.media.flv.FlvWriter(out);
        try {
            w.writeHeader(true, true);
            for (FlvTag t : tags) {
                w.writeTag(t);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Keyframe presentation times (ms) as ffprobe -show_frames reports them. */
    private static Set<Long> probedKeyframesMs(Path file) throws Exception {
        Processes.Result r = Processes.run(60, "ffprobe", "-v", "error", "-select_streams", "v", "-show_frames",
                "-show_entries", "frame=key_frame,pts_time", "-of", "csv=p=0", file.toString());
        Set<Long> keys = new TreeSet<>();
        for (String line : r.output().lines().toList()) {
            String[] f = line.split(",");
            if (f.length >= 2 && f[0].equals("1") && !f[1].isBlank()) {
                keys.add(Math.round(Double.parseDouble(f[1]) * 1000));
            }
        }
        return keys;
    }

    private static long lastTimestamp(FlvClient c) {
        List<FlvTag> tags = c.tags(); // one snapshot: the list grows while we look
        return tags.get(tags.size() - 1).timestampMs();
    }

    /** Video payload bits per second between two media timestamps (ms). */
    private static double videoKbps(FlvClient c, long fromMs, long toMs) {
        long bytes = 0;
        for (FlvTag t : c.tags()) {
            if ((t.kind() == TagKind.VIDEO_FRAME || t.kind() == TagKind.VIDEO_KEYFRAME) && t.timestampMs() >= fromMs && t.timestampMs() < toMs) {
                bytes += t.payloadSize();
            }
        }
        return bytes * 8.0 / (toMs - fromMs);
    }

    @Test
    void threeRenditions_rightSizes_keyframesAlignedWithSource_bitratesNearTarget() throws Exception {
        for (String[] r : new String[][] {{"480p", "854,480"}, {"360p", "640,360"}, {"240p", "426,240"}}) {
            Processes.Result probe = Processes.run(40, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height",
                    "-of", "csv=p=0", url("cam_" + r[0]));
            assertThat(probe.output()).as(r[0]).contains("h264," + r[1]).contains("aac");
        }
        try (FlvClient source = new FlvClient(url("cam")); FlvClient r480 = new FlvClient(url("cam_480p"));
             FlvClient r360 = new FlvClient(url("cam_360p")); FlvClient r240 = new FlvClient(url("cam_240p"))) {
            // untilAsserted: a timeout names the rendition that fell short and what its viewer saw
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                for (FlvClient r : List.of(r480, r360, r240)) {
                    assertThat(r.videoFrames()).as("video frames of %s (status %d, failure %s)", r == r480 ? "480p" : r == r360 ? "360p" : "240p",
                            r.status(), r.failure()).isGreaterThan(20 * 30);
                }
            });
            Set<Long> sourceKeys = keyframes(source);
            for (FlvClient r : List.of(r480, r360, r240)) {
                Set<Long> keys = keyframes(r);
                assertThat(keys).as("keyframes of a rendition viewer (status %d, %d video frames, %d keyframes, failure %s)",
                        r.status(), r.videoFrames(), r.count(TagKind.VIDEO_KEYFRAME), r.failure()).hasSizeGreaterThanOrEqualTo(15);
                // every rendition keyframe is at a source keyframe's presentation time, and in the window both
                // cover, every source keyframe has one
                assertThat(sourceKeys).containsAll(keys);
                long from = ((TreeSet<Long>) keys).first();
                long to = ((TreeSet<Long>) keys).last();
                assertThat(keys).containsAll(((TreeSet<Long>) sourceKeys).subSet(from, true, to, true));
            }
            // the same check, independently: ffprobe -show_frames on what both viewers received
            Path srcFile = dir.resolve("source.flv");
            Path renFile = dir.resolve("r360.flv");
            java.nio.file.Files.write(srcFile, flv(source.tags()));
            java.nio.file.Files.write(renFile, flv(r360.tags()));
            Set<Long> probedSource = probedKeyframesMs(srcFile);
            Set<Long> probedRendition = probedKeyframesMs(renFile);
            assertThat(probedRendition).hasSizeGreaterThanOrEqualTo(15);
            assertThat(probedSource).containsAll(probedRendition);
            // average bitrate over 20 s within 20 % of the target (GOP-aligned window, after the first GOP)
            for (Object[] r : new Object[][] {{r480, 1200.0}, {r360, 700.0}, {r240, 300.0}}) {
                FlvClient c = (FlvClient) r[0];
                List<Long> keys = new ArrayList<>(keyframes(c));
                double kbps = videoKbps(c, keys.get(1), keys.get(1) + 20_000);
                assertThat(kbps).as("measured kbps vs target %s", r[1]).isBetween((double) r[1] * 0.8, (double) r[1] * 1.2);
            }
        }
    }

    @Test
    void multivariantPlaylist_listsSourceAndRenditions_andPlaysInFfmpeg() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(edge.baseUrl() + "/live/cam.m3u8?variants")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("#EXTM3U\n")
                .contains("RESOLUTION=1280x720,CODECS=\"avc1.").contains("\ncam.m3u8\n")
                .contains("#EXT-X-STREAM-INF:BANDWIDTH=1628000,RESOLUTION=854x480,CODECS=\"avc1.4D401F,mp4a.40.2\"\ncam_480p.m3u8\n")
                .contains("RESOLUTION=640x360").contains("RESOLUTION=426x240")
                .doesNotContain("1080p"); // above the source: not listed
        Processes.Result decode = Processes.run(90, "ffmpeg", "-hide_banner", "-v", "error", "-i",
                edge.baseUrl() + "/live/cam.m3u8?variants", "-t", "6", "-f", "null", "-");
        assertThat(decode.exit()).as(decode.output()).isZero();
        assertThat(decode.output()).as("decode errors").isBlank();
    }

    @Test
    void hlsJsInChromium_switchesVariants_withoutStalling() throws Exception {
        try (BrowserPlayer browser = new BrowserPlayer(java.util.Map.of("hls.html", Path.of("hls.html"),
                "hls.min.js", Path.of("node_modules/hls.js/dist/hls.min.js")))) {
            String m3u8 = edge.baseUrl() + "/live/cam.m3u8?variants";
            // warm the variants up first (asking for the multivariant playlist starts them), so that the
            // test is about switching, not about a cold start from a one-segment playlist
            HttpClient http = HttpClient.newHttpClient();
            http.send(HttpRequest.newBuilder(URI.create(m3u8)).build(), HttpResponse.BodyHandlers.ofString());
            for (String v : List.of("cam", "cam_240p", "cam_480p")) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> http.send(
                        HttpRequest.newBuilder(URI.create(edge.baseUrl() + "/live/" + v + ".m3u8")).build(),
                        HttpResponse.BodyHandlers.ofString()).body().lines().filter(l -> l.endsWith(".ts")).count() >= 4);
            }
            Path shot = Path.of("target", "browser-hls-variants.png").toAbsolutePath();
            java.nio.file.Files.createDirectories(shot.getParent());
            Processes.Result p = browser.play(browser.url("hls.html?switch=1&src="
                    + java.net.URLEncoder.encode(m3u8, java.nio.charset.StandardCharsets.UTF_8)), shot, 10, 40);
            assertThat(p.exit()).as("player: %s", p.output()).isZero();
            assertThat(p.output()).contains("\"fatal\":[]").doesNotContain("bufferStalledError");
            // at least the forced switch to the lowest variant and back to the highest took place
            assertThat(p.output()).containsPattern("\"levelSwitches\":\\[[^\\]]*0[^\\]]*3");
        }
    }

    @Test
    void sourceDropsAndReturnsAtAnotherSize_ladderRestarts_viewerStays_hlsMarksDiscontinuity() throws Exception {
        try (FlvClient r240 = new FlvClient(url("cam_240p"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> r240.videoFrames() > 90);
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(20)).until(() -> http.send(HttpRequest.newBuilder(
                    URI.create(edge.baseUrl() + "/live/cam_240p.m3u8")).build(), HttpResponse.BodyHandlers.ofString()).body().contains(".ts"));
            processes.afterEach(null); // the source goes away...
            Thread.sleep(1500);
            processes.ffmpegSource(dir.resolve("source-4x3.log"), "mpegts", "srt://127.0.0.1:" + srt + "?mode=listener", "640x480");
            // ...and comes back at 640x480: the 240p rung becomes 320x240, announced by a new sequence header
            await().atMost(Duration.ofSeconds(30)).until(() -> r240.tags().stream()
                    .filter(t -> t.kind() == TagKind.VIDEO_SEQUENCE_HEADER)
                    .anyMatch(t -> io.edgecdn.media.codec.AvcDecoderConfigurationRecord.parse(t.payload().position(5)).videoInfo().width() == 320));
            long framesAtChange = r240.videoFrames();
            await().atMost(Duration.ofSeconds(20)).until(() -> r240.videoFrames() > framesAtChange + 60);
            assertThat(r240.ended()).as("viewer still connected").isFalse();
            List<FlvTag> tags = r240.tags();
            int header = -1;
            for (int i = 0; i < tags.size(); i++) {
                if (tags.get(i).kind() == TagKind.VIDEO_SEQUENCE_HEADER && io.edgecdn.media.codec.AvcDecoderConfigurationRecord
                        .parse(tags.get(i).payload().position(5)).videoInfo().width() == 320) {
                    header = i;
                }
            }
            FlvTag firstAfter = tags.subList(header, tags.size()).stream()
                    .filter(t -> t.kind() == TagKind.VIDEO_KEYFRAME || t.kind() == TagKind.VIDEO_FRAME).findFirst().orElseThrow();
            assertThat(firstAfter.kind()).as("the restarted ladder starts at a keyframe").isEqualTo(TagKind.VIDEO_KEYFRAME);
            await().atMost(Duration.ofSeconds(20)).until(() -> http.send(HttpRequest.newBuilder(
                    URI.create(edge.baseUrl() + "/live/cam_240p.m3u8")).build(), HttpResponse.BodyHandlers.ofString()).body()
                    .contains("#EXT-X-DISCONTINUITY"));
        }
    }

    @Test
    void renditionAboveSource_isNotProduced_404WithReason() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("cam_1080p"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("rendition 1080p is not produced").contains("1280x720");
    }

    @Test
    void bitrateChange_onRunningSession_lowersTheNextGops_viewerStaysConnected() throws Exception {
        try (FlvClient r240 = new FlvClient(url("cam_240p"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> r240.videoFrames() > 8 * 30);
            long changedAt = lastTimestamp(r240);
            // half the rate: 100 kbps would sit at x264's quality floor for 240p with a 1 s GOP, where the
            // measured rate stops following the target
            assertThat(edge.transcode().setBitrate(new StreamKey("live", "cam"), "240p", 150_000)).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> lastTimestamp(r240) > changedAt + 12_000);
            List<Long> keys = new ArrayList<>(keyframes(r240));
            long before = keys.stream().filter(k -> k < changedAt).reduce((a, b) -> b).orElseThrow();
            long after = keys.stream().filter(k -> k > changedAt + 1_000).findFirst().orElseThrow();
            double kbpsBefore = videoKbps(r240, before - 5_000, before);
            // x264's ABR converges on the new target over a few GOPs (the new VBV caps it at once):
            // measure the GOPs from 3 s after the change took effect
            double kbpsAfter = videoKbps(r240, after + 3_000, after + 8_000);
            assertThat(kbpsBefore).isBetween(240.0, 360.0);
            assertThat(kbpsAfter).as("after the change to 150 kbps (before: %.0f kbps)", kbpsBefore)
                    .isBetween(105.0, 195.0).isLessThan(kbpsBefore * 0.75);
            assertThat(r240.ended()).isFalse();
        }
    }
}
