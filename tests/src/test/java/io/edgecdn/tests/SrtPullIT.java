package io.edgecdn.tests;

import io.edgecdn.testsupport.Ports;
import io.edgecdn.testsupport.Processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgecdn.edge.EdgeNode;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Debian's ffmpeg publishes as an SRT listener; the edge pulls it on demand and serves HTTP-FLV. */
class SrtPullIT {
    @RegisterExtension
    final Processes processes = new Processes();
    @RegisterExtension
    final Nodes nodes = new Nodes();
    @TempDir
    Path dir;

    private int srtPort;
    private EdgeNode edge;

    @BeforeEach
    void startSourceAndEdge() throws Exception {
        Processes.requireTool("ffprobe", "ffmpeg");
        srtPort = Ports.udp();
        processes.srtSource(dir.resolve("source.log"), srtPort);
        edge = nodes.start(Nodes.config("live/*", "srt://127.0.0.1:" + srtPort + "?mode=caller"));
    }

    private String url(String stream) {
        return edge.baseUrl() + "/live/" + stream + ".flv";
    }

    @Test
    void ffprobe_reportsH264At1280x720AndAac() throws Exception {
        Processes.Result r = Processes.run(30, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height",
                "-of", "csv=p=0", url("cam1"));
        assertThat(r.output()).as("ffprobe output").contains("h264,1280,720").contains("aac");
    }

    @Test
    void lateViewer_firstVideoTagIsKeyframe_andFfmpegDecodesWithoutError() throws Exception {
        try (FlvClient first = new FlvClient(url("cam1"))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> first.videoFrames() > 45); // past the first GOP
            try (FlvClient late = new FlvClient(url("cam1"))) {
                await().atMost(Duration.ofSeconds(5)).until(() -> late.videoFrames() > 0);
                List<FlvTag> tags = late.tags();
                assertThat(tags.get(0).kind()).isEqualTo(TagKind.METADATA);
                FlvTag firstVideo = tags.stream().filter(t -> t.kind() == TagKind.VIDEO_KEYFRAME || t.kind() == TagKind.VIDEO_FRAME)
                        .findFirst().orElseThrow();
                assertThat(firstVideo.kind()).isEqualTo(TagKind.VIDEO_KEYFRAME);
                int header = indexOf(tags, TagKind.VIDEO_SEQUENCE_HEADER);
                assertThat(header).isNotNegative().isLessThan(tags.indexOf(firstVideo));
                assertThat(indexOf(tags, TagKind.AUDIO_SEQUENCE_HEADER)).isNotNegative();
            }
            Processes.Result decode = Processes.run(40, "ffmpeg", "-hide_banner", "-v", "error", "-i", url("cam1"),
                    "-t", "5", "-f", "null", "-");
            assertThat(decode.exit()).isZero();
            assertThat(decode.output()).as("ffmpeg decode errors").isBlank();
        }
    }

    @Test
    void twoViewers_receiveTheSameTags() throws Exception {
        try (FlvClient a = new FlvClient(url("cam1")); FlvClient b = new FlvClient(url("cam1"))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> a.videoFrames() > 90 && b.videoFrames() > 90);
            List<FlvTag> ta = a.tags();
            List<FlvTag> tb = b.tags();
            // align on the later viewer's first keyframe and compare the following 100 tags byte for byte
            FlvTag startB = tb.stream().filter(FlvTag::isKeyframe).findFirst().orElseThrow();
            FlvTag startA = ta.stream().filter(FlvTag::isKeyframe).findFirst().orElseThrow();
            FlvTag start = startA.timestampMs() >= startB.timestampMs() ? startA : startB;
            int ia = indexOfTimestamp(ta, start);
            int ib = indexOfTimestamp(tb, start);
            assertThat(ia).isNotNegative();
            assertThat(ib).isNotNegative();
            for (int i = 0; i < 100; i++) {
                assertThat(ta.get(ia + i).wire()).as("tag %d after the common keyframe", i).isEqualTo(tb.get(ib + i).wire());
            }
            assertThat(edge.delivery().viewers()).isEqualTo(2);
            assertThat(edge.streams().status()).hasSize(1); // one pull for both viewers
        }
    }

    @Test
    void sourceKilledAndRestarted_viewerKeepsConnectionAndReceivesFramesAgain() throws Exception {
        try (FlvClient viewer = new FlvClient(url("cam1"))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> viewer.videoFrames() > 30);
            processes.afterEach(null); // kill the source
            long framesAtKill = viewer.videoFrames();
            Thread.sleep(1500);
            long restartNanos = System.nanoTime(); // what arrives from here on comes from the new connection
            processes.srtSource(dir.resolve("source2.log"), srtPort);
            await().atMost(Duration.ofSeconds(20)).until(() -> viewer.videoFrames() > framesAtKill + 60);
            assertThat(viewer.ended()).as("viewer connection closed: %s", viewer.failure()).isFalse();
            List<FlvTag> tags = viewer.tags();
            long lastVideo = -1;
            long lastAudio = -1;
            for (FlvTag t : tags) {
                if (t.kind().isConfig()) {
                    continue;
                }
                if (t.type() == io.edgecdn.media.flv.TagType.VIDEO) {
                    assertThat(t.timestampMs()).as("video timestamps strictly increase across the reconnect").isGreaterThan(lastVideo);
                    lastVideo = t.timestampMs();
                } else if (t.type() == io.edgecdn.media.flv.TagType.AUDIO) {
                    assertThat(t.timestampMs()).as("audio timestamps strictly increase across the reconnect").isGreaterThan(lastAudio);
                    lastAudio = t.timestampMs();
                }
            }
            // what the viewer got, across the reconnect, decodes whole with ffmpeg
            java.nio.file.Path file = java.nio.file.Path.of("target", "across-reconnect.flv"); // kept for a look when it fails
            try (var out = java.nio.file.Files.newOutputStream(file)) {
                io.edgecdn.media.flv.FlvWriter w = new io.edgecdn.media.flv.FlvWriter(out);
                w.writeHeader(true, true);
                for (FlvTag t : tags) {
                    w.writeTag(t);
                }
                w.flush();
            }
            MediaReport report = MediaReport.of(file);
            assertThat(report.dtsViolations()).as("%s", report).isEmpty();
            assertThat(report.decoderErrors()).as("%s", report).isEmpty();
            // after the reconnect, the first video frame is a keyframe
            FlvTag firstAfter = viewer.received().stream().filter(r -> r.nanos() > restartNanos).map(FlvClient.Received::tag)
                    .filter(t -> t.kind() == TagKind.VIDEO_KEYFRAME || t.kind() == TagKind.VIDEO_FRAME).findFirst().orElseThrow();
            assertThat(firstAfter.kind()).isEqualTo(TagKind.VIDEO_KEYFRAME);
            assertThat(edge.streams().status().get(0).reconnects()).isPositive();
        }
    }

    @Test
    void viewerLeavesWhileUpstreamIsDown_isNoticed_andThePullStops() throws Exception {
        StreamKey key = new StreamKey("live", "gone");
        try (FlvClient viewer = new FlvClient(url("gone"))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> viewer.videoFrames() > 10);
            processes.afterEach(null); // the source dies: nothing more is written to the viewer
            await().atMost(Duration.ofSeconds(10)).until(() -> edge.streams().status().get(0).pullState()
                    != io.edgecdn.pull.PullSupervisor.State.PULLING);
        }
        // the player left while no byte was flowing: the node must still notice it
        await().atMost(Duration.ofSeconds(3)).until(() -> edge.delivery().viewers() == 0);
        await().atMost(Duration.ofSeconds(6)).until(() -> !edge.streams().isPulling(key));
    }

    @Test
    void unknownStream_gets404WithReason_atOnce() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(edge.baseUrl() + "/other/cam1.flv")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("\"error\":\"no_upstream\"").contains("other/cam1");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(edge.baseUrl() + "/live/.hidden.flv")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("bad_path");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }

    @Test
    void unreachableUpstream_gets404WithinConnectTimeout() throws Exception {
        int nothing = Ports.udp();
        EdgeNode lonely = nodes.start(Nodes.config("live/*", "srt://127.0.0.1:" + nothing + "?mode=caller"));
        long start = System.nanoTime();
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(lonely.baseUrl() + "/live/ghost.flv")).build(), HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).containsAnyOf("upstream_unreachable", "start_timeout").contains("live/ghost");
        assertThat(took).isLessThanOrEqualTo(lonely.config().pull().connectTimeout().plusMillis(1500));
        await().atMost(Duration.ofSeconds(3)).until(() -> !lonely.streams().isPulling(new StreamKey("live", "ghost")));
    }

    @Test
    void lastViewerLeaves_pullStopsAfterIdleGrace() throws Exception {
        StreamKey key = new StreamKey("live", "zap");
        try (FlvClient viewer = new FlvClient(url("zap"))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> viewer.videoFrames() > 10);
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> edge.delivery().viewers() == 0);
        long left = System.nanoTime();
        assertThat(edge.streams().isPulling(key)).as("still pulled right after the last viewer left").isTrue();
        // a zapper coming back within the grace finds the cache warm: keyframe at once
        try (FlvClient back = new FlvClient(url("zap"))) {
            await().atMost(Duration.ofMillis(1500)).until(() -> back.count(TagKind.VIDEO_KEYFRAME) > 0);
        }
        await().atMost(Duration.ofSeconds(6)).until(() -> !edge.streams().isPulling(key));
        Duration idle = Duration.ofNanos(System.nanoTime() - left);
        assertThat(idle).isGreaterThanOrEqualTo(edge.config().pull().idleGrace());
    }

    private static int indexOf(List<FlvTag> tags, TagKind kind) {
        for (int i = 0; i < tags.size(); i++) {
            if (tags.get(i).kind() == kind) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfTimestamp(List<FlvTag> tags, FlvTag keyframe) {
        for (int i = 0; i < tags.size(); i++) {
            if (tags.get(i).isKeyframe() && tags.get(i).timestampMs() == keyframe.timestampMs()) {
                return i;
            }
        }
        return -1;
    }

}
