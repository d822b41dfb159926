package io.edgecdn.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecdn.edge.source.StreamKey;
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
        assertThat(c.gopCache().maxBytes()).isEqualTo(16L << 20);
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
        assertThat(ConfigLoader.parseSize("512KiB")).isEqualTo(512 * 1024);
        assertThat(ConfigLoader.parseSize("1048576")).isEqualTo(1 << 20);
        assertThat(ConfigLoader.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(ConfigLoader.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
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
        assertThatThrownBy(() -> ConfigLoader.parse("transcode:\n  ladder:\n    - {name: 480p, height: 480, bitrate: fast}\n", "edge.yaml"))
                .hasMessageContaining("transcode.ladder[0].bitrate").hasMessageContaining("not a bitrate");
        assertThatThrownBy(() -> ConfigLoader.parse("transcode:\n  encoder: x265\n", "edge.yaml"))
                .hasMessageContaining("transcode.encoder must be libx264 or h264_nvenc");
        assertThatThrownBy(() -> ConfigLoader.parse(
                "transcode:\n  overrides:\n    - pattern: sports/*\n      ladder: [{name: 720p, height: 720, preset: turbo}]\n", "edge.yaml"))
                .hasMessageContaining("transcode.overrides[0].ladder[0].preset 'turbo'");
    }
}
