package io.edgecdn.tests;

import io.edgecdn.testsupport.Ports;
import io.edgecdn.testsupport.Processes;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecdn.edge.EdgeNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** hls.js in headless Chromium plays the edge's HLS: video time advances 5 s within 15 s, no fatal error. */
class BrowserHlsIT {
    @RegisterExtension
    final Processes processes = new Processes();
    @RegisterExtension
    final Nodes nodes = new Nodes();
    @TempDir
    Path dir;

    @Test
    void hlsJsInChromium_playsTheStream() throws Exception {
        int srt = Ports.udp();
        processes.srtSource(dir.resolve("source.log"), srt);
        EdgeNode edge = nodes.start(Nodes.config("live/*", "srt://127.0.0.1:" + srt + "?mode=caller"));
        try (BrowserPlayer browser = new BrowserPlayer(Map.of("hls.html", Path.of("hls.html"),
                "hls.min.js", Path.of("node_modules/hls.js/dist/hls.min.js")))) {
            String m3u8 = edge.baseUrl() + "/live/browser.m3u8";
            Path shot = Path.of("target", "browser-hls.png").toAbsolutePath();
            Files.createDirectories(shot.getParent());
            Processes.Result r = browser.play(browser.url("hls.html?src=" + URLEncoder.encode(m3u8, StandardCharsets.UTF_8)),
                    shot, 5, 15);
            assertThat(r.exit()).as("player: %s", r.output()).isZero();
            assertThat(r.output()).contains("\"fatal\":[]");
            assertThat(shot).exists();
        }
    }
}
