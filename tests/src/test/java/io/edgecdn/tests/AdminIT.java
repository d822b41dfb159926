package io.edgecdn.tests;

import io.edgecdn.testsupport.Processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgecdn.edge.EdgeNode;
import io.edgecdn.edge.config.EdgeConfig;
import io.edgecdn.media.flv.TagKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The admin API and /metrics of a node pulling from nginx-rtmp (ffmpeg publishing live/a and live/b). */
class AdminIT {
    static final String TOKEN = "admin-token-for-tests-0001";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final Processes processes = new Processes();
    @RegisterExtension
    final Nodes nodes = new Nodes();
    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newHttpClient();
    EdgeNode node;
    String admin;

    @BeforeEach
    void start() throws Exception {
        int rtmp = NginxRtmp.start(processes, dir);
        processes.ffmpegSource(dir.resolve("pub-a.log"), "flv", "rtmp://127.0.0.1:" + rtmp + "/live/a", "640x360");
        processes.ffmpegSource(dir.resolve("pub-b.log"), "flv", "rtmp://127.0.0.1:" + rtmp + "/live/b", "640x360");
        EdgeConfig cfg = Nodes.config("live/*", "rtmp://127.0.0.1:" + rtmp + "/{app}/{stream}")
                .withAdmin(new EdgeConfig.Admin(true, "127.0.0.1", 0, TOKEN));
        Path file = dir.resolve("edge.yaml");
        Files.writeString(file, "# test config\nmax-streams: 50\n");
        node = nodes.start(cfg, file);
        admin = node.adminUrl();
    }

    HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(admin + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode ok(String method, String path, String body) throws Exception {
        HttpResponse<String> r = call(method, path, TOKEN, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    JsonNode get(String path) throws Exception {
        return ok("GET", path, null);
    }

    int status(String method, String path, String token, String body) throws Exception {
        return call(method, path, token, body).statusCode();
    }

    @Test
    void everyEndpoint_needsTheToken_exceptHealth() throws Exception {
        assertThat(status("GET", "/admin/health", null, null)).isEqualTo(200);
        for (String[] e : List.of(new String[] {"GET", "/admin/node"}, new String[] {"GET", "/admin/streams"},
                new String[] {"GET", "/admin/streams/live/a"}, new String[] {"DELETE", "/admin/streams/live/a"},
                new String[] {"GET", "/admin/streams/live/a/viewers"}, new String[] {"DELETE", "/admin/streams/live/a/viewers/1"},
                new String[] {"POST", "/admin/streams/live/a/pin"}, new String[] {"DELETE", "/admin/streams/live/a/pin"},
                new String[] {"GET", "/admin/config/gop-cache"}, new String[] {"PUT", "/admin/config/gop-cache"},
                new String[] {"POST", "/admin/drain"}, new String[] {"GET", "/metrics"})) {
            assertThat(status(e[0], e[1], null, null)).as(e[0] + " " + e[1] + " without a token").isEqualTo(401);
            assertThat(status(e[0], e[1], "wrong-token-wrong-token", null)).as(e[0] + " " + e[1] + " with a wrong token").isEqualTo(403);
        }
        assertThat(node.streams().count()).as("nothing was done by refused calls").isZero();
    }

    @Test
    void node_streams_viewers_kick_stop() throws Exception {
        JsonNode n = get("/admin/node");
        assertThat(n.get("uptimeSeconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(n.get("consul").get("configured").asBoolean()).isFalse();
        assertThat(get("/admin/streams")).isEmpty();
        assertThat(status("GET", "/admin/streams/live/a", TOKEN, null)).isEqualTo(404);
        assertThat(status("GET", "/admin/streams/live/a/viewers", TOKEN, null)).isEqualTo(404);
        assertThat(status("DELETE", "/admin/streams/live/a", TOKEN, null)).isEqualTo(404);
        assertThat(status("GET", "/admin/streams/live/b%20c", TOKEN, null)).isEqualTo(400);
        try (FlvClient v1 = new FlvClient(node.baseUrl() + "/live/a.flv"); FlvClient v2 = new FlvClient(node.baseUrl() + "/live/a.flv")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> v1.videoFrames() > 60 && v2.videoFrames() > 60);
            JsonNode list = get("/admin/streams");
            assertThat(list).hasSize(1);
            assertThat(list.get(0).get("stream").asText()).isEqualTo("live/a");
            await().atMost(Duration.ofSeconds(5)).until(() -> get("/admin/streams/live/a").get("fps").asDouble() > 0);
            JsonNode s = get("/admin/streams/live/a");
            assertThat(s.get("state").asText()).isEqualTo("pulling");
            assertThat(s.get("upstream").asText()).startsWith("rtmp://127.0.0.1:").endsWith("/live/a");
            assertThat(s.get("connectedSeconds").isIntegralNumber()).as("connectedSeconds of a pulling stream: %s", s.get("connectedSeconds")).isTrue();
            assertThat(s.get("connectedSeconds").asLong()).isBetween(0L, 30L); // connected within this test
            assertThat(s.get("video").get("codec").asText()).isEqualTo("h264");
            assertThat(s.get("video").get("width").asInt()).isEqualTo(640);
            assertThat(s.get("video").get("height").asInt()).isEqualTo(360);
            assertThat(s.get("audio").get("codec").asText()).isEqualTo("aac");
            assertThat(s.get("fps").asDouble()).isBetween(25.0, 35.0);
            assertThat(s.get("ingressKbps").asLong()).isBetween(300L, 5_000L);
            assertThat(s.get("viewers").get("httpFlv").asInt()).isEqualTo(2);
            assertThat(s.get("gopCache").get("limits").get("maxFrames").asInt()).isEqualTo(2500);
            JsonNode viewers = get("/admin/streams/live/a/viewers").get("viewers");
            assertThat(viewers).hasSize(2);
            long id = viewers.get(0).get("id").asLong();
            assertThat(viewers.get(0).get("protocol").asText()).isEqualTo("http-flv");
            assertThat(viewers.get(0).get("bytesSent").asLong()).isPositive();
            assertThat(status("DELETE", "/admin/streams/live/a/viewers/abc", TOKEN, null)).isEqualTo(400);
            assertThat(status("DELETE", "/admin/streams/live/a/viewers/999999", TOKEN, null)).isEqualTo(404);
            assertThat(status("DELETE", "/admin/streams/live/b/viewers/" + id, TOKEN, null)).isEqualTo(404);
            ok("DELETE", "/admin/streams/live/a/viewers/" + id, null);
            await().atMost(Duration.ofSeconds(5)).until(() -> v1.ended() || v2.ended());
            FlvClient kicked = v1.ended() ? v1 : v2;
            FlvClient other = kicked == v1 ? v2 : v1;
            await("only the kicked viewer is closed").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> !other.ended());
            assertThat(get("/admin/streams/live/a/viewers").get("viewers")).hasSize(1);
            ok("DELETE", "/admin/streams/live/a", null);
            await().atMost(Duration.ofSeconds(5)).until(other::ended);
            assertThat(node.streams().isPulling(new io.edgecdn.edge.source.StreamKey("live", "a"))).isFalse();
        }
    }

    @Test
    void pin_keepsAStreamPulledWithoutViewers_unpinLetsItIdle() throws Exception {
        assertThat(status("POST", "/admin/streams/nope/x/pin", TOKEN, null)).isEqualTo(404); // no upstream serves app "nope"
        JsonNode p = ok("POST", "/admin/streams/live/b/pin", null);
        assertThat(p.get("pinned").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> status("GET", "/admin/streams/live/b", TOKEN, null) == 200
                && get("/admin/streams/live/b").get("state").asText().equals("pulling"));
        await("past the 2 s idle grace: still pulled").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> get("/admin/streams/live/b").get("pinned").asBoolean()
                        && get("/admin/streams/live/b").get("state").asText().equals("pulling"));
        ok("DELETE", "/admin/streams/live/b/pin", null);
        await().atMost(Duration.ofSeconds(6)).until(() -> status("GET", "/admin/streams/live/b", TOKEN, null) == 404);
    }

    @Test
    void gopCache_get_put_validation_liveEffect_andPersist() throws Exception {
        JsonNode g = get("/admin/config/gop-cache");
        assertThat(g.get("enabled").asBoolean()).isTrue();
        assertThat(g.get("max-frames").asInt()).isEqualTo(2500);
        HttpResponse<String> bad = call("PUT", "/admin/config/gop-cache", TOKEN, "{\"max-frames\": 0}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("max-frames must be between 1 and 1000000, got 0");
        assertThat(call("PUT", "/admin/config/gop-cache", TOKEN, "{\"max-duration\": \"soon\"}").body()).contains("max-duration");
        assertThat(call("PUT", "/admin/config/gop-cache", TOKEN, "{\"colour\": 1}").body()).contains("unknown key colour");
        assertThat(call("PUT", "/admin/config/gop-cache", TOKEN, "[1]").statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/admin/config/gop-cache", TOKEN, "{\"overrides\": [{\"pattern\": \"bad\"}]}").body())
                .contains("overrides[0].pattern");

        // with the cache on, a new viewer gets the cached GOP at once: many frames in its first burst
        try (FlvClient warm = new FlvClient(node.baseUrl() + "/live/a.flv")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> get("/admin/streams").size() == 1
                    && get("/admin/streams/live/a").get("gopCache").get("frames").asInt() >= 20);
            // a keyframe may empty the cache just before a viewer joins (the GOP is 1 s): a new viewer
            // joining while the cache holds a GOP's start gets a burst (tried again if it joined at a reset)
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                await().atMost(Duration.ofSeconds(3)).until(() -> get("/admin/streams/live/a").get("gopCache").get("frames").asInt() >= 20);
                try (FlvClient late = new FlvClient(node.baseUrl() + "/live/a.flv")) {
                    await().atMost(Duration.ofSeconds(5)).until(() -> late.videoFrames() > 0);
                    return burstVideoFrames(late) >= 10;
                }
            });
            // turned off live: the stream's cache empties and the next viewer starts at the next live keyframe
            JsonNode off = ok("PUT", "/admin/config/gop-cache", "{\"enabled\": false}");
            assertThat(off.get("enabled").asBoolean()).isFalse();
            assertThat(off.get("max-frames").asInt()).as("absent keys keep their values").isEqualTo(2500);
            assertThat(get("/admin/streams/live/a").get("gopCache").get("frames").asInt()).isZero();
            try (FlvClient late = new FlvClient(node.baseUrl() + "/live/a.flv")) {
                await().atMost(Duration.ofSeconds(5)).until(() -> late.videoFrames() > 0);
                assertThat(late.tags().stream().filter(t -> t.kind() == TagKind.VIDEO_KEYFRAME || t.kind() == TagKind.VIDEO_FRAME)
                        .findFirst().orElseThrow().kind()).isEqualTo(TagKind.VIDEO_KEYFRAME);
                assertThat(burstVideoFrames(late)).as("frames in the first 100 ms with the GOP cache off").isLessThanOrEqualTo(4);
            }
            assertThat(warm.ended()).isFalse();
        }
        // a pattern override, written back to the config file on request
        ok("PUT", "/admin/config/gop-cache?persist=true",
                "{\"enabled\": true, \"max-frames\": 900, \"overrides\": [{\"pattern\": \"live/b\", \"max-frames\": 60}]}");
        String yaml = Files.readString(dir.resolve("edge.yaml"));
        assertThat(yaml).contains("max-streams: 50").contains("gop-cache:").contains("max-frames: 900").contains("pattern: live/b");
        var reloaded = io.edgecdn.edge.config.ConfigLoader.load(dir.resolve("edge.yaml"));
        assertThat(reloaded.gopCacheFor(new io.edgecdn.edge.source.StreamKey("live", "b")).maxFrames()).isEqualTo(60);
        assertThat(reloaded.gopCacheFor(new io.edgecdn.edge.source.StreamKey("live", "a")).maxFrames()).isEqualTo(900);
        assertThat(get("/admin/config/gop-cache").get("overrides").get(0).get("pattern").asText()).isEqualTo("live/b");
    }

    /** Video frames received within 100 ms of the first one. */
    private static long burstVideoFrames(FlvClient c) {
        List<FlvClient.Received> video = c.received().stream()
                .filter(r -> r.tag().kind() == TagKind.VIDEO_KEYFRAME || r.tag().kind() == TagKind.VIDEO_FRAME).toList();
        long first = video.get(0).nanos();
        return video.stream().filter(r -> r.nanos() - first < 100_000_000L).count();
    }

    @Test
    void metrics_parseAsPrometheusText_andMoveWithViewers() throws Exception {
        Map<String, Double> before = metrics();
        assertThat(before).containsKeys("edge_viewers{protocol=\"http-flv\"}", "edge_viewers_opened_total", "process_uptime_seconds",
                "jvm_threads_live_threads", "edge_ttff_seconds_count");
        try (FlvClient v = new FlvClient(node.baseUrl() + "/live/a.flv")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> v.videoFrames() > 30);
            await().atMost(Duration.ofSeconds(3)).until(() -> metrics().getOrDefault("edge_ingress_bytes_total{upstream=\"rtmp://127.0.0.1:"
                    + URI.create(get("/admin/streams/live/a").get("upstream").asText()).getPort() + "\"}", 0.0) > 0);
            Map<String, Double> during = metrics();
            assertThat(during.get("edge_viewers{protocol=\"http-flv\"}")).isEqualTo(1.0);
            assertThat(during.get("edge_viewers_opened_total")).isEqualTo(before.get("edge_viewers_opened_total") + 1);
            assertThat(during.get("edge_egress_bytes_total{protocol=\"http-flv\"}")).isGreaterThan(before.get("edge_egress_bytes_total{protocol=\"http-flv\"}"));
            assertThat(during.get("edge_ttff_seconds_count")).isEqualTo(before.getOrDefault("edge_ttff_seconds_count", 0.0) + 1);
            assertThat(during.get("edge_gop_cache_bytes")).isPositive();
            assertThat(during.get("edge_streams")).isEqualTo(1.0);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> metrics().get("edge_viewers{protocol=\"http-flv\"}") == 0.0);
    }

    /** Parses the Prometheus text format: every sample line is {@code name{labels} value}; fails on anything else. */
    private Map<String, Double> metrics() throws Exception {
        HttpResponse<String> r = call("GET", "/metrics", TOKEN, null);
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Double> m = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            java.util.regex.Matcher x = java.util.regex.Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})?) (\\S+)( \\d+)?").matcher(line);
            assertThat(x.matches()).as("Prometheus sample line: " + line).isTrue();
            m.put(x.group(1), Double.parseDouble(x.group(3).replace("+Inf", "Infinity")));
        }
        return m;
    }

    @Test
    void drain_onAStandaloneNode_endsWhenTheViewersLeave() throws Exception {
        assertThat(call("POST", "/admin/drain", TOKEN, "{\"deadline\": \"later\"}").statusCode()).isEqualTo(400);
        try (FlvClient v = new FlvClient(node.baseUrl() + "/live/a.flv")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> v.videoFrames() > 5);
            assertThat(status("GET", "/admin/health?ready", null, null)).isEqualTo(200);
            JsonNode d = ok("POST", "/admin/drain", "{\"deadline\": \"30s\"}");
            assertThat(d.get("drain").asText()).isEqualTo("draining");
            HttpResponse<String> notReady = call("GET", "/admin/health?ready", null, null);
            assertThat(notReady.statusCode()).as("readiness while draining").isEqualTo(503);
            assertThat(notReady.body()).contains("draining");
            HttpResponse<String> alive = call("GET", "/admin/health", null, null);
            assertThat(alive.statusCode()).as("liveness while draining").isEqualTo(200);
            assertThat(alive.body()).contains("\"ready\" : false");
            await("a viewer is still connected: the drain waits").during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                    .until(() -> get("/admin/node").get("consul").get("drain").asText().equals("draining"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> get("/admin/node").get("consul").get("drain").asText().equals("drained"));
    }

    @Test
    void ladder_put_and_renditionBitrate_patch_showInTheMeasuredBitrate() throws Exception {
        HttpResponse<String> bad = call("PUT", "/admin/config/ladder", TOKEN, "{\"ladder\": [{\"name\": \"odd\", \"height\": 241}]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("ladder[0].height 241");
        assertThat(call("PATCH", "/admin/streams/live/a/renditions/240p", TOKEN, "{\"bitrate\": \"100k\"}").statusCode())
                .as("no session runs yet").isEqualTo(404);
        JsonNode put = ok("PUT", "/admin/config/ladder?persist=true",
                "{\"ladder\": [{\"name\": \"240p\", \"height\": 240, \"bitrate\": \"400k\", \"preset\": \"ultrafast\", \"profile\": \"baseline\"}]}");
        assertThat(put.get("ladder")).hasSize(1);
        assertThat(get("/admin/config/ladder").get("ladder").get(0).get("bitrate").asLong()).isEqualTo(400_000);
        assertThat(Files.readString(dir.resolve("edge.yaml"))).contains("transcode:").contains("name: 240p");
        assertThat(call("PATCH", "/admin/streams/live/a/renditions/480p", TOKEN, "{\"bitrate\": \"100k\"}").statusCode())
                .as("not in the ladder any more").isEqualTo(404);
        try (FlvClient v = new FlvClient(node.baseUrl() + "/live/a_240p.flv")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> v.videoFrames() > 150);
            JsonNode rung = get("/admin/streams/live/a").get("renditions").get(0);
            assertThat(rung.get("name").asText()).isEqualTo("240p");
            assertThat(rung.get("size").asText()).isEqualTo("426x240");
            long before = measured();
            assertThat(before).isBetween(250L, 700L); // 400 kbps of video plus the 64 kbps AAC passed through
            assertThat(call("PATCH", "/admin/streams/live/a/renditions/240p", TOKEN, "{\"bitrate\": \"fast\"}").statusCode()).isEqualTo(400);
            assertThat(call("PATCH", "/admin/streams/live/a/renditions/240p", TOKEN, "{}").statusCode()).isEqualTo(400);
            assertThat(call("PATCH", "/admin/streams/live/a/renditions/240p", TOKEN, "{\"bitrate\": 10}").statusCode()).isEqualTo(400);
            JsonNode p = ok("PATCH", "/admin/streams/live/a/renditions/240p", "{\"bitrate\": \"120k\"}");
            assertThat(p.get("bitrate").asLong()).isEqualTo(120_000);
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> measured() < before * 0.7);
            // the same through the ladder: a changed rung bitrate reaches the running session
            JsonNode again = ok("PUT", "/admin/config/ladder",
                    "{\"ladder\": [{\"name\": \"240p\", \"height\": 240, \"bitrate\": \"500k\", \"preset\": \"ultrafast\", \"profile\": \"baseline\"}]}");
            assertThat(again.get("appliedToRunningSessions").get(0).asText()).isEqualTo("live/a_240p 400000 -> 500000");
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> measured() > before * 0.9);
            assertThat(v.ended()).isFalse();
        }
    }

    /** The 240p rendition's measured bitrate (kbit/s over its last GOP), from the admin API. */
    private long measured() throws Exception {
        JsonNode r = get("/admin/streams/live/a").get("renditions");
        return r.isEmpty() || r.get(0).get("measuredKbps").isNull() ? 0 : r.get(0).get("measuredKbps").asLong();
    }

    @Test
    void hls_get_put_windowLive_targetForNewStreams_validation() throws Exception {
        JsonNode h = get("/admin/config/hls");
        assertThat(h.get("window").asInt()).isEqualTo(6);
        assertThat(h.get("target-duration").asText()).isEqualTo("2000ms");
        assertThat(call("PUT", "/admin/config/hls", TOKEN, "{\"window\": 1}").body()).contains("window must be between 2 and 100");
        assertThat(call("PUT", "/admin/config/hls", TOKEN, "{\"target-duration\": \"100ms\"}").body()).contains("target-duration must be between");
        assertThat(call("PUT", "/admin/config/hls", TOKEN, "{\"cache-bytes\": \"1GiB\"}").body()).contains("cache-bytes: is fixed at start-up");
        assertThat(call("PUT", "/admin/config/hls?persist=true", TOKEN, "{\"window\": 0}").statusCode()).isEqualTo(400);
        assertThat(Files.readString(dir.resolve("edge.yaml"))).as("a refused change is not written").doesNotContain("hls:");
        HttpClient c = HttpClient.newHttpClient();
        java.util.function.Supplier<String> playlist = () -> {
            try {
                return c.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/live/a.m3u8")).build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        await().atMost(Duration.ofSeconds(30)).until(() -> playlist.get().split("#EXTINF").length - 1 >= 4);
        JsonNode viewers = get("/admin/streams/live/a").get("viewers");
        assertThat(viewers.get("hls").asInt()).as("one HLS client (this test)").isEqualTo(1);
        assertThat(viewers.get("hlsSession").asBoolean()).isTrue();
        assertThat(metrics().get("edge_viewers{protocol=\"hls\"}")).isEqualTo(1.0);
        ok("PUT", "/admin/config/hls?persist=true", "{\"window\": 2, \"target-duration\": \"4s\"}");
        String p = playlist.get();
        assertThat(p.split("#EXTINF").length - 1).as("window applied live").isLessThanOrEqualTo(2);
        assertThat(p).as("target duration of a running stream never changes (RFC 8216)").contains("#EXT-X-TARGETDURATION:2");
        assertThat(get("/admin/config/hls").get("target-duration").asText()).isEqualTo("4000ms");
        assertThat(Files.readString(dir.resolve("edge.yaml"))).contains("hls:").contains("window: 2");
    }
}
