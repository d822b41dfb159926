package io.edgecdn.tests;

import io.edgecdn.testsupport.Ports;
import io.edgecdn.testsupport.Processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgecdn.edge.EdgeNode;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A child edge pulls HTTP-FLV from a parent edge, which pulls SRT from ffmpeg. */
class EdgeToEdgeIT {
    @RegisterExtension
    final Processes processes = new Processes();
    @RegisterExtension
    final Nodes nodes = new Nodes();
    @TempDir
    Path dir;

    @Test
    void childEdge_pullsFromParent_servesKeyframeFirstAndDecodes() throws Exception {
        int srt = Ports.udp();
        processes.srtSource(dir.resolve("source.log"), srt);
        EdgeNode parent = nodes.start(Nodes.config("live/*", "srt://127.0.0.1:" + srt + "?mode=caller"));
        EdgeNode child = nodes.start(Nodes.config("live/*", parent.baseUrl() + "/{app}/{stream}.flv"));
        Processes.Result probe = Processes.run(30, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height",
                "-of", "csv=p=0", child.baseUrl() + "/live/relay.flv");
        assertThat(probe.output()).contains("h264,1280,720").contains("aac");
        try (FlvClient viewer = new FlvClient(child.baseUrl() + "/live/relay.flv")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> viewer.videoFrames() > 30);
            FlvTag firstVideo = viewer.tags().stream()
                    .filter(t -> t.kind() == TagKind.VIDEO_KEYFRAME || t.kind() == TagKind.VIDEO_FRAME).findFirst().orElseThrow();
            assertThat(firstVideo.kind()).isEqualTo(TagKind.VIDEO_KEYFRAME);
            assertThat(parent.streams().status()).hasSize(1);
            assertThat(parent.delivery().viewers()).as("the child edge is the parent's one viewer").isEqualTo(1);
        }
        Processes.Result decode = Processes.run(40, "ffmpeg", "-hide_banner", "-v", "error", "-i", child.baseUrl() + "/live/relay.flv",
                "-t", "4", "-f", "null", "-");
        assertThat(decode.output()).as("decode errors").isBlank();
    }

    @Test
    void parentAnswers404_childAnswers404WithParentsReason() throws Exception {
        EdgeNode parent = nodes.start(Nodes.config("other/*", "srt://127.0.0.1:9?mode=caller"));
        EdgeNode child = nodes.start(Nodes.config("live/*", parent.baseUrl() + "/{app}/{stream}.flv"));
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(child.baseUrl() + "/live/x.flv")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("upstream_unreachable").contains("HTTP 404").contains("no_upstream");
    }
}
