package io.edgecdn.edge.config;

import io.edgecdn.edge.upstream.UpstreamRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.ops.config.ConfigException;
import io.edgecdn.ops.config.ConfigValues;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    @Test
    void load_exampleFile_parsesEveryKey() {
        EdgeConfig c = ConfigLoader.load(Path.of("..", "edge.example.yaml"));
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.upstreams()).isNotEmpty();
        assertThat(c.upstreamFor(new StreamKey("live", "cam1"))).isPresent();
        assertThat(c.pull().idleGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.gopCache().limits().maxBytes()).isEqualTo(16L << 20);
        assertThat(c.cluster().consul()).isNull();
        assertThat(c.cluster().nodeId()).isEqualTo("edge-1");
        assertThat(c.cluster().tier()).isEqualTo(2);
        assertThat(c.cluster().region()).isEqualTo("eu-west");
        assertThat(c.cluster().redirectThreshold()).isEqualTo(0.9);
        assertThat(c.admin()).isEqualTo(EdgeConfig.Admin.DEFAULT);
        assertThat(c.signing().rules()).isEmpty();
        assertThat(c.gopCache().overrides()).isEmpty();
        assertThat(c.webrtc()).isEqualTo(io.edgecdn.edge.webrtc.WebRtcSettings.DEFAULTS);
    }

    @Test
    void parse_webrtc_readsEveryKey_andBadValuesNameTheKey() {
        EdgeConfig c = ConfigLoader.parse("""
                webrtc:
                  bind: 10.0.0.5
                  udp-port: 9000
                  advertise: [203.0.113.7, "2001:db8::1"]
                  session-timeout: 10s
                  max-sessions: 50
                """, "edge.yaml");
        assertThat(c.webrtc().bind()).isEqualTo("10.0.0.5");
        assertThat(c.webrtc().udpPort()).isEqualTo(9000);
        assertThat(c.webrtc().advertise()).containsExactly("203.0.113.7", "2001:db8::1");
        assertThat(c.webrtc().sessionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.webrtc().maxSessions()).isEqualTo(50);
        assertThat(c.webrtc().enabled()).isTrue();
        assertThat(ConfigLoader.parse("webrtc:\n  enabled: false\n", "edge.yaml").webrtc().enabled()).isFalse();
        assertThatThrownBy(() -> ConfigLoader.parse("webrtc:\n  advertise: [edge.example.com]\n", "edge.yaml"))
                .hasMessageContaining("webrtc.advertise").hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> ConfigLoader.parse("webrtc:\n  udp-port: 70000\n", "edge.yaml")).hasMessageContaining("webrtc.udp-port");
        assertThatThrownBy(() -> ConfigLoader.parse("webrtc:\n  session-timeout: 100ms\n", "edge.yaml"))
                .hasMessageContaining("webrtc.session-timeout must be at least 1s");
        assertThatThrownBy(() -> ConfigLoader.parse("webrtc:\n  max-session: 5\n", "edge.yaml")).hasMessageContaining("max-session");
    }

    @Test
    void parse_adminSigningAndGopOverrides() {
        EdgeConfig c = ConfigLoader.parse("""
                gop-cache:
                  max-frames: 900
                  overrides:
                    - {pattern: sports/*, max-duration: 4s}
                admin:
                  port: 9000
                  token: 0123456789abcdef
                signing:
                  clock-skew: 10s
                  rules:
                    - {pattern: live/*, scheme: txsecret, key: k3y-k3y-k3y}
                    - {pattern: vip/*, scheme: hmac, key: k3y-k3y-k3y}
                """, "edge.yaml");
        assertThat(c.gopCacheFor(new StreamKey("sports", "x")).maxDurationMs()).isEqualTo(4_000);
        assertThat(c.gopCacheFor(new StreamKey("sports", "x")).maxFrames()).as("inherits the section's value").isEqualTo(900);
        assertThat(c.gopCacheFor(new StreamKey("live", "x")).maxDurationMs()).isEqualTo(15_000);
        assertThat(c.admin().port()).isEqualTo(9000);
        assertThat(c.signing().ruleFor(new StreamKey("vip", "a")).scheme()).isEqualTo(io.edgecdn.ops.UrlSigning.Scheme.HMAC);
        assertThat(c.signing().ruleFor(new StreamKey("free", "a"))).isNull();
        assertThat(c.signing().rules().get(0).toString()).doesNotContain("k3y");
        assertThatThrownBy(() -> ConfigLoader.parse("admin:\n  token: short\n", "edge.yaml")).hasMessageContaining("admin.token must be at least 16");
        assertThatThrownBy(() -> ConfigLoader.parse("signing:\n  rules:\n    - {pattern: live/*, scheme: rot13, key: abcdefghij}\n", "edge.yaml"))
                .hasMessageContaining("signing.rules[0].scheme must be txsecret or hmac");
        assertThatThrownBy(() -> ConfigLoader.parse("signing:\n  rules:\n    - {pattern: live/*}\n", "edge.yaml"))
                .hasMessageContaining("signing.rules[0].key (or key-env) is required");
        assertThatThrownBy(() -> ConfigLoader.parse("signing:\n  rules:\n    - {pattern: live/*, key-env: EDGE_NO_SUCH_VAR_X}\n", "edge.yaml"))
                .hasMessageContaining("EDGE_NO_SUCH_VAR_X, which is not set");
        assertThatThrownBy(() -> ConfigLoader.parse("gop-cache:\n  overrides:\n    - {pattern: x, max-frames: 1}\n", "edge.yaml"))
                .hasMessageContaining("gop-cache.overrides[0].pattern");
    }

    @Test
    void parse_clusterWithConsul_andBadClusterValues() {
        EdgeConfig c = ConfigLoader.parse("""
                cluster:
                  node-id: mid-3
                  tier: 1
                  region: us-east
                  max-viewers: 500
                  consul:
                    address: http://10.0.0.2:8500
                    token: t0k
                    check-ttl: 6s
                    watch-wait: 20s
                """, "edge.yaml");
        assertThat(c.cluster().consul().address()).isEqualTo("http://10.0.0.2:8500");
        assertThat(c.cluster().consul().token()).isEqualTo("t0k");
        assertThat(c.cluster().consul().heartbeat()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.cluster().consul().service()).isEqualTo("edge-node");
        assertThat(c.cluster().maxViewers()).isEqualTo(500);
        assertThatThrownBy(() -> ConfigLoader.parse("cluster:\n  consul:\n    check-ttl: 5s\n", "edge.yaml"))
                .hasMessageContaining("cluster.consul.address is required");
        assertThatThrownBy(() -> ConfigLoader.parse("cluster:\n  consul:\n    address: consul:8500\n", "edge.yaml"))
                .hasMessageContaining("cluster.consul.address 'consul:8500' must look like http://HOST:PORT");
        assertThatThrownBy(() -> ConfigLoader.parse("cluster:\n  tier: 0\n", "edge.yaml"))
                .hasMessageContaining("cluster.tier must be between 1 and 9");
        assertThatThrownBy(() -> ConfigLoader.parse("cluster:\n  redirect-threshold: 1.5\n", "edge.yaml"))
                .hasMessageContaining("cluster.redirect-threshold must be between");
        assertThatThrownBy(() -> ConfigLoader.parse("cluster:\n  node-id: 'a b'\n", "edge.yaml"))
                .hasMessageContaining("cluster.node-id 'a b'");
        assertThatThrownBy(() -> ConfigLoader.parse("cluster:\n  consul:\n    address: http://x:1\n    deregister-critical-after: 10s\n", "edge.yaml"))
                .hasMessageContaining("deregister-critical-after must be at least 1m");
    }

    @Test
    void parse_empty_givesDefaults() {
        assertThat(ConfigLoader.parse("", "t")).isEqualTo(EdgeConfig.defaults());
    }

    @Test
    void parse_badValues_nameTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("gop-cache:\n  max-bytes: 16XB\n", "edge.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("edge.yaml: gop-cache.max-bytes").hasMessageContaining("16XB");
        assertThatThrownBy(() -> ConfigLoader.parse("http:\n  port: 70000\n", "edge.yaml"))
                .hasMessageContaining("http.port must be between 0 and 65535, got 70000");
        assertThatThrownBy(() -> ConfigLoader.parse("pull:\n  idle-grace: soon\n", "edge.yaml"))
                .hasMessageContaining("pull.idle-grace").hasMessageContaining("not a duration");
        assertThatThrownBy(() -> ConfigLoader.parse("gop-cache:\n  max-frame: 10\n", "edge.yaml"))
                .hasMessageContaining("unknown key gop-cache.max-frame");
        assertThatThrownBy(() -> ConfigLoader.parse("upstreams:\n  - pattern: live/*\n    urls: [ftp://x/y]\n", "edge.yaml"))
                .hasMessageContaining("upstreams[0]").hasMessageContaining("scheme ftp");
        assertThatThrownBy(() -> ConfigLoader.parse("gop-cache:\n  enabled: maybe\n", "edge.yaml"))
                .hasMessageContaining("gop-cache.enabled must be true or false");
    }

    @Test
    void upstreamRule_expandsTemplate_andMatchesGlob() {
        UpstreamRule r = UpstreamRule.parse("live/*=srt://o:9000?mode=caller&streamid=#!::r={app}/{stream},m=request");
        assertThat(r.matches(new StreamKey("live", "cam1"))).isTrue();
        assertThat(r.matches(new StreamKey("vod", "cam1"))).isFalse();
        assertThat(r.endpoints(new StreamKey("live", "cam1")).get(0).uri().toString())
                .isEqualTo("srt://o:9000?mode=caller&streamid=#!::r=live/cam1,m=request");
        assertThatThrownBy(() -> UpstreamRule.parse("nonsense")).hasMessageContaining("PATTERN=URL_TEMPLATE");
    }

    @Test
    void parseSize_andDuration() {
        assertThat(ConfigValues.parseSize("512KiB")).isEqualTo(512 * 1024);
        assertThat(ConfigValues.parseSize("1048576")).isEqualTo(1 << 20);
        assertThat(ConfigValues.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(ConfigValues.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void transcode_ladderOverridesAndAlwaysOn_parse_andBadRungsNameTheField() {
        EdgeConfig c = ConfigLoader.parse("""
                transcode:
                  ladder:
                    - {name: 540p, height: 540, bitrate: 2M}
                  overrides:
                    - pattern: sports/*
                      ladder: [{name: 720p, height: 720, bitrate: 3000k, profile: high}]
                  always-on: [live/news]
                """, "edge.yaml");
        assertThat(c.transcode().ladder()).singleElement().satisfies(r -> {
            assertThat(r.videoBitrate()).isEqualTo(2_000_000);
            assertThat(r.maxRate()).isEqualTo(2_500_000);
        });
        assertThat(c.transcode().ladderFor(new StreamKey("sports", "final")).get(0).name()).isEqualTo("720p");
        assertThat(c.transcode().ladderFor(new StreamKey("live", "cam")).get(0).name()).isEqualTo("540p");
        assertThat(io.edgecdn.edge.transcode.TranscodeService.alwaysOnPins(c.transcode())).containsExactly("live/news_540p");
        assertThatThrownBy(() -> ConfigLoader.parse("transcode:\n  ladder:\n    - {name: 480p, height: 481}\n", "edge.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("edge.yaml: transcode.ladder[0].height 481");
        assertThatThrownBy(() -> ConfigLoader.parse("transcode:\n  ladder:\n    - {name: 480p, bitrate: 1M}\n", "edge.yaml"))
                .hasMessageContaining("transcode.ladder[0].height is required");
        assertThatThrownBy(() -> ConfigLoader.parse("transcode:\n  ladder:\n    - {name: webrtc, height: 480}\n", "edge.yaml"))
                .hasMessageContaining("transcode.ladder[0].name 'webrtc' is reserved");
        assertThatThrownBy(() -> ConfigLoader.parse("transcode:\n  ladder:\n    - {name: 480p, height: 480, bitrate: fast}\n", "edge.yaml"))
                .hasMessageContaining("transcode.ladder[0].bitrate").hasMessageContaining("not a bitrate");
        assertThatThrownBy(() -> ConfigLoader.parse("transcode:\n  encoder: x265\n", "edge.yaml"))
                .hasMessageContaining("transcode.encoder must be libx264 or h264_nvenc");
        assertThatThrownBy(() -> ConfigLoader.parse(
                "transcode:\n  overrides:\n    - pattern: sports/*\n      ladder: [{name: 720p, height: 720, preset: turbo}]\n", "edge.yaml"))
                .hasMessageContaining("transcode.overrides[0].ladder[0].preset 'turbo'");
    }
}
