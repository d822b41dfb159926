package io.edgecdn.tests;

import io.edgecdn.testsupport.Processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgecdn.edge.EdgeNode;
import io.edgecdn.edge.config.EdgeConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard (admin port) and the player page (viewer port) in headless Debian Chromium, with
 * the page's own scripts and the node's vendored mpegts.js and hls.js. Screenshots go to
 * tests/target/dashboard.png, player-flv.png, player-hls.png and player-webrtc.png.
 */
class BrowserOpsIT {
    static final String TOKEN = "browser-admin-token-0001";

    @RegisterExtension
    final Processes processes = new Processes();
    @RegisterExtension
    final Nodes nodes = new Nodes();
    @TempDir
    Path dir;

    EdgeNode start() throws Exception {
        int rtmp = NginxRtmp.start(processes, dir);
        processes.ffmpegSource(dir.resolve("pub.log"), "flv", "rtmp://127.0.0.1:" + rtmp + "/live/a", "640x360");
        return nodes.start(Nodes.config("live/*", "rtmp://127.0.0.1:" + rtmp + "/{app}/{stream}")
                .withAdmin(new EdgeConfig.Admin(true, "127.0.0.1", 0, TOKEN)));
    }

    @Test
    void dashboard_listsTheStream_andItsGopCacheControlTakesEffect() throws Exception {
        EdgeNode node = start();
        try (BrowserPlayer browser = new BrowserPlayer(Map.of()); FlvClient viewer = new FlvClient(node.baseUrl() + "/live/a.flv")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> viewer.videoFrames() > 10);
            Path shot = Path.of("target", "dashboard.png").toAbsolutePath();
            Files.deleteIfExists(shot);
            Processes.Result r = browser.run("dashboard.mjs", 60, node.adminUrl() + "/admin/dashboard", TOKEN, "live/a", "777", shot.toString());
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(r.output()).contains("\"listed\":true").contains("\"viewersShown\":1").contains("applied: on, 777 frames");
            assertThat(Files.size(shot)).isPositive();
            HttpResponse<String> g = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.adminUrl() + "/admin/config/gop-cache"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(new ObjectMapper().readTree(g.body()).get("max-frames").asInt()).as("set through the page").isEqualTo(777);
            assertThat(node.streams().source(new io.edgecdn.edge.source.StreamKey("live", "a")).gopCacheLimits().maxFrames()).isEqualTo(777);
        }
    }

    @Test
    void playerPage_playsHttpFlvWithMpegtsJs_HlsWithHlsJs_andWebRtcWithWhep() throws Exception {
        EdgeNode node = start();
        try (BrowserPlayer browser = new BrowserPlayer(Map.of())) {
            Path flvShot = Path.of("target", "player-flv.png").toAbsolutePath();
            Processes.Result flv = browser.play(node.baseUrl() + "/play/live/a", flvShot, 5, 25);
            assertThat(flv.exit()).as(flv.output()).isZero();
            assertThat(Files.size(flvShot)).isPositive();
            Path hlsShot = Path.of("target", "player-hls.png").toAbsolutePath();
            Processes.Result hls = browser.play(node.baseUrl() + "/play/live/a?mode=hls", hlsShot, 5, 30);
            assertThat(hls.exit()).as(hls.output()).isZero();
            // WebRTC: the page's own WHEP client; its video plays 5 s, and the node lists the session
            Path rtcShot = Path.of("target", "player-webrtc.png").toAbsolutePath();
            Processes.Result rtc = browser.play(node.baseUrl() + "/play/live/a?mode=webrtc", rtcShot, 5, 30);
            assertThat(rtc.exit()).as(rtc.output()).isZero();
            assertThat(node.webrtc().opened()).as("WHEP sessions the page opened").isEqualTo(1);
            // a stream no upstream serves: the page says why, from the node's JSON error
            Processes.Result none = browser.play(node.baseUrl() + "/play/other/x?mode=webrtc", Path.of("target", "player-webrtc-404.png")
                    .toAbsolutePath(), 5, 15);
            assertThat(none.exit()).isNotZero();
            assertThat(none.output()).contains("WHEP error (HTTP 404): no_upstream");
            HttpResponse<String> lib = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/play/vendor/mpegts.js")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(lib.statusCode()).isEqualTo(200);
            assertThat(lib.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/javascript"));
        }
    }
}
