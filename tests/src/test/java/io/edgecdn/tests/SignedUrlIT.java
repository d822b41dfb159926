package io.edgecdn.tests;

import io.edgecdn.testsupport.Processes;

import io.edgecdn.edge.upstream.SigningRules;
import io.edgecdn.edge.upstream.SigningRule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgecdn.edge.EdgeNode;
import io.edgecdn.edge.cli.Main;
import io.edgecdn.edge.config.EdgeConfig;
import io.edgecdn.ops.UrlSigning;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Signed viewer URLs on HTTP-FLV, HLS playlists and segments, for both schemes, and a child edge signing its pull. */
class SignedUrlIT {
    static final String TX_KEY = "tx-key-0123456789";
    static final String HMAC_KEY = "hmac-key-0123456789";

    @RegisterExtension
    final Processes processes = new Processes();
    @RegisterExtension
    final Nodes nodes = new Nodes();
    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newHttpClient();
    int rtmp;
    EdgeNode node;

    static SigningRules signing() {
        return new SigningRules(Duration.ofSeconds(30), List.of(
                new SigningRule("live/a", UrlSigning.Scheme.TXSECRET, TX_KEY),
                new SigningRule("live/b", UrlSigning.Scheme.HMAC, HMAC_KEY)));
    }

    @BeforeEach
    void start() throws Exception {
        rtmp = NginxRtmp.start(processes, dir);
        for (String s : List.of("a", "b", "c")) {
            processes.ffmpegSource(dir.resolve("pub-" + s + ".log"), "flv", "rtmp://127.0.0.1:" + rtmp + "/live/" + s, "320x180");
        }
        node = nodes.start(Nodes.config("live/*", "rtmp://127.0.0.1:" + rtmp + "/{app}/{stream}").withSigning(signing()));
    }

    /** What {@code edge-node sign} prints. */
    static String signCli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true));
        try {
            assertThat(new CommandLine(new Main()).execute(args)).isZero();
        } finally {
            System.setOut(old);
        }
        return out.toString().strip();
    }

    private HttpGet.Reply get(String url, String... headers) throws Exception {
        return HttpGet.get(http, url, headers);
    }

    static String query(Map<String, String> q) {
        return q.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
    }

    @Test
    void httpFlv_valid_expired_tampered_missing_bothSchemes() throws Exception {
        String base = node.baseUrl();
        // unsigned: refused with the reason, nothing else
        HttpGet.Reply none = get(base + "/live/a.flv");
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body()).contains("\"error\":\"forbidden\"").contains("missing signature").doesNotContain(TX_KEY);
        assertThat(node.streams().count()).as("a refused request starts no pull").isZero();
        // valid, from the CLI
        String url = signCli("sign", "--key", TX_KEY, "--stream", "live/a", "--ttl", "10m", "--base-url", base);
        assertThat(url).startsWith(base + "/live/a.flv?txSecret=").contains("&txTime=");
        try (FlvClient v = new FlvClient(url)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> v.videoFrames() > 10);
            assertThat(v.status()).isEqualTo(200);
        }
        Instant now = Instant.now();
        // expired beyond the 30 s skew
        String expired = query(UrlSigning.sign(UrlSigning.Scheme.TXSECRET, TX_KEY, "live", "a", now.minusSeconds(120)));
        assertThat(get(base + "/live/a.flv?" + expired).body()).contains("signature expired");
        // expired, but within the skew
        String skewed = query(UrlSigning.sign(UrlSigning.Scheme.TXSECRET, TX_KEY, "live", "a", now.minusSeconds(5)));
        assertThat(get(base + "/live/a.flv?" + skewed).statusCode()).isEqualTo(200);
        // a signature of another stream name
        Map<String, String> forC = UrlSigning.sign(UrlSigning.Scheme.TXSECRET, TX_KEY, "live", "c", now.plusSeconds(600));
        assertThat(get(base + "/live/a.flv?" + query(forC)).body()).contains("signature mismatch");
        // a changed time
        Map<String, String> good = UrlSigning.sign(UrlSigning.Scheme.TXSECRET, TX_KEY, "live", "a", now.plusSeconds(600));
        String laterTime = Long.toHexString(now.getEpochSecond() + 86_400).toUpperCase();
        assertThat(get(base + "/live/a.flv?txSecret=" + good.get("txSecret") + "&txTime=" + laterTime).body()).contains("signature mismatch");
        // a parameter missing
        assertThat(get(base + "/live/a.flv?txTime=" + good.get("txTime")).body()).contains("missing signature");
        // HMAC on live/b
        String hmacUrl = signCli("sign", "--key", HMAC_KEY, "--stream", "live/b", "--scheme", "hmac", "--base-url", base);
        assertThat(hmacUrl).contains("?expires=").contains("&sig=");
        assertThat(get(hmacUrl).statusCode()).isEqualTo(200);
        assertThat(get(hmacUrl.replace("/live/b.flv", "/live/a.flv")).statusCode()).as("an HMAC URL for live/b on live/a").isEqualTo(403);
        assertThat(get(base + "/live/b.flv?" + query(UrlSigning.sign(UrlSigning.Scheme.HMAC, "wrong-key-123", "live", "b", now.plusSeconds(60))))
                .body()).contains("signature mismatch");
        // live/c has no rule: open
        assertThat(get(base + "/live/c.flv").statusCode()).isEqualTo(200);
    }

    @Test
    void hls_signedPlaylist_carriesTheSignatureToItsSegments() throws Exception {
        String base = node.baseUrl();
        assertThat(get(base + "/live/a.m3u8").statusCode()).isEqualTo(403);
        String url = signCli("sign", "--key", TX_KEY, "--stream", "live/a", "--format", "m3u8", "--base-url", base);
        String sig = url.substring(url.indexOf('?') + 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> get(url).body().contains("#EXTINF"));
        String playlist = get(url).body();
        String segment = playlist.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).reduce((a, b) -> b).orElseThrow();
        assertThat(segment).matches("a/\\d+\\.ts\\?.*").endsWith(sig);
        assertThat(get(base + "/live/" + segment).statusCode()).isEqualTo(200);
        assertThat(get(base + "/live/" + segment.substring(0, segment.indexOf('?'))).statusCode()).as("segment without the signature").isEqualTo(403);
        Processes.Result play = Processes.run(40, "ffmpeg", "-hide_banner", "-v", "error", "-i", url, "-t", "4", "-f", "null", "-");
        assertThat(play.exit()).isZero();
        assertThat(play.output()).isBlank();
    }

    @Test
    void childEdge_signsItsPullFromTheParent() throws Exception {
        EdgeNode child = nodes.start(Nodes.config("live/*", node.baseUrl() + "/{app}/{stream}.flv").withSigning(signing()));
        String url = signCli("sign", "--key", TX_KEY, "--stream", "live/a", "--base-url", child.baseUrl());
        try (FlvClient v = new FlvClient(url)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> v.videoFrames() > 10);
        }
        assertThat(node.streams().status().get(0).upstream().toString()).contains("rtmp://");
        assertThat(child.streams().status().get(0).upstream().toString()).contains("txSecret=***");
    }
}
