package io.edgecdn.tests;

import io.edgecdn.testsupport.Ports;
import io.edgecdn.testsupport.Processes;

import io.edgecdn.edge.hls.HlsSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgecdn.edge.EdgeNode;
import io.edgecdn.edge.config.EdgeConfig;
import io.edgecdn.edge.source.StreamKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Debian's ffmpeg publishes over SRT (GOP 1 s); the edge serves the stream as HLS with 2 s segments. */
class HlsIT {
    @RegisterExtension
    final Processes processes = new Processes();
    @RegisterExtension
    final Nodes nodes = new Nodes();
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private EdgeNode edge;

    @BeforeEach
    void start() throws Exception {
        Processes.requireTool("ffprobe", "ffmpeg");
        int srt = Ports.udp();
        processes.srtSource(dir.resolve("source.log"), srt);
        EdgeConfig cfg = Nodes.config("live/*", "srt://127.0.0.1:" + srt + "?mode=caller");
        edge = nodes.start(cfg.withHls(new HlsSettings(Duration.ofSeconds(2), 4, 64L << 20, Duration.ofSeconds(10),
                Duration.ofSeconds(3))));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(edge.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void ffmpegPlaysTheMediaPlaylist_withoutDecodeErrors() throws Exception {
        Processes.Result r = Processes.run(60, "ffmpeg", "-hide_banner", "-v", "error", "-i", edge.baseUrl() + "/live/cam1.m3u8",
                "-t", "10", "-f", "null", "-");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).as("decode errors").isBlank();
    }

    @Test
    void playlist_isWellFormed_segmentsStartWithKeyframes_andLastTheTarget() throws Exception {
        HttpResponse<String> first = get("/live/cam1.m3u8");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/vnd.apple.mpegurl");
        long firstEver = Long.parseLong(first.body().replaceAll("(?s).*#EXT-X-MEDIA-SEQUENCE:(\\d+).*", "$1"));
        // the stream's first segment may be short (cuts fall on multiples of the target on the media
        // timeline, so that renditions line up): judge the window once it has slid past it
        await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String p = get("/live/cam1.m3u8").body();
            return segments(p).size() >= 4 && Long.parseLong(p.replaceAll("(?s).*#EXT-X-MEDIA-SEQUENCE:(\\d+).*", "$1")) > firstEver;
        });
        String playlist = get("/live/cam1.m3u8").body();
        assertThat(playlist).startsWith("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:")
                .contains("#EXT-X-PROGRAM-DATE-TIME:");
        List<String> uris = segments(playlist);
        assertThat(uris).hasSize(4); // window 4
        Matcher inf = Pattern.compile("#EXTINF:([0-9.]+),").matcher(playlist);
        while (inf.find()) {
            assertThat(Double.parseDouble(inf.group(1))).as("EXTINF").isBetween(1.9, 2.0);
        }
        long firstSeq = Long.parseLong(playlist.replaceAll("(?s).*#EXT-X-MEDIA-SEQUENCE:(\\d+).*", "$1"));
        assertThat(uris.get(0)).isEqualTo("cam1/" + firstSeq + ".ts");
        for (String uri : uris) {
            HttpResponse<byte[]> seg = http.send(HttpRequest.newBuilder(URI.create(edge.baseUrl() + "/live/" + uri)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(seg.statusCode()).isEqualTo(200);
            assertThat(seg.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("immutable"));
            Path file = dir.resolve(uri.replace('/', '_'));
            Files.write(file, seg.body());
            Processes.Result frames = Processes.run(30, "ffprobe", "-v", "error", "-select_streams", "v",
                    "-show_entries", "frame=key_frame", "-of", "csv=p=0", file.toString());
            List<String> keys = frames.output().lines().filter(l -> !l.isBlank()).toList();
            assertThat(keys).as("frames of %s", uri).hasSizeBetween(59, 61); // 2 s at 30 fps
            assertThat(keys.get(0)).as("first frame of %s is a keyframe", uri).startsWith("1");
            Processes.Result streams = Processes.run(30, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height",
                    "-of", "csv=p=0", file.toString());
            assertThat(streams.output()).contains("h264,1280,720").contains("aac");
        }
    }

    @Test
    void streamAlreadyPulled_firstPlaylistRequestFindsSegmentsWaiting() throws Exception {
        try (FlvClient flv = new FlvClient(edge.baseUrl() + "/live/warm.flv")) {
            await().atMost(Duration.ofSeconds(15)).until(() -> flv.videoFrames() > 150); // 5 s pulled
            long start = System.nanoTime();
            HttpResponse<String> r = get("/live/warm.m3u8");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(segments(r.body())).hasSizeGreaterThanOrEqualTo(2);
            assertThat(took).as("first playlist of an already pulled stream").isLessThan(Duration.ofMillis(500));
        }
    }

    @Test
    void unknownStreamAndSegment_get404() throws Exception {
        HttpResponse<String> noStream = get("/other/cam1.m3u8");
        assertThat(noStream.statusCode()).isEqualTo(404);
        assertThat(noStream.body()).contains("no_upstream");
        HttpResponse<String> noSegment = get("/live/cam1/12345.ts");
        assertThat(noSegment.statusCode()).isEqualTo(404);
        assertThat(noSegment.body()).contains("segment_not_found");
        assertThat(get("/live/cam1/x.ts").statusCode()).isEqualTo(400);
    }

    @Test
    void hlsOnlyViewer_keepsThePullAlive_thenItIdles() throws Exception {
        StreamKey key = new StreamKey("live", "hlsonly");
        assertThat(get("/live/hlsonly.m3u8").statusCode()).isEqualTo(200);
        // poll the playlist for longer than the idle grace (2 s) plus the session timeout (3 s)
        for (int i = 0; i < 8; i++) {
            Thread.sleep(1000);
            assertThat(get("/live/hlsonly.m3u8").statusCode()).isEqualTo(200);
            assertThat(edge.streams().isPulling(key)).isTrue();
        }
        assertThat(edge.delivery().viewers()).isZero(); // no HTTP-FLV viewer held it
        // stop polling: session timeout (3 s) then idle grace (2 s)
        await().atMost(Duration.ofSeconds(10)).until(() -> !edge.streams().isPulling(key));
    }

    private static List<String> segments(String playlist) {
        return playlist.lines().filter(l -> l.endsWith(".ts")).toList();
    }
}
