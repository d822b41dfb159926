package io.edgecdn.edge.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgecdn.ops.config.ConfigException;
import io.edgecdn.ops.config.ConfigSection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gop-cache section, as the config file and {@code PUT /admin/config/gop-cache} give it. */
class GopCacheSettingsTest {
    private static final GopCacheSettings CURRENT = new GopCacheSettings(GopCacheLimits.DEFAULTS,
            List.of(new GopCacheSettings.ForPattern("sports/*", new GopCacheLimits(true, 900, 8L << 20, 4_000, 1_000))));

    private static ConfigSection body(String json) throws Exception {
        return new ConfigSection(new ObjectMapper().readTree(json), "", "body");
    }

    @Test
    void absentKeysAndAbsentOverridesKeepTodaysValues() throws Exception {
        GopCacheSettings next = GopCacheSettings.read(body("{\"max-frames\": 100}"), CURRENT);
        assertThat(next.limits().maxFrames()).isEqualTo(100);
        assertThat(next.limits().maxBytes()).isEqualTo(GopCacheLimits.DEFAULTS.maxBytes());
        assertThat(next.overrides()).isEqualTo(CURRENT.overrides());
        assertThat(next.limitsFor(new StreamKey("sports", "final")).maxDurationMs()).isEqualTo(4_000);
        assertThat(next.limitsFor(new StreamKey("live", "final")).maxFrames()).isEqualTo(100);
    }

    @Test
    void givenOverridesReplaceAndInheritTheSection() throws Exception {
        GopCacheSettings next = GopCacheSettings.read(body("{\"max-frames\": 50, \"overrides\": [{\"pattern\": \"news/*\", \"max-duration\": \"2s\"}]}"), CURRENT);
        assertThat(next.overrides()).hasSize(1);
        assertThat(next.limitsFor(new StreamKey("news", "a")).maxFrames()).as("inherits the section's value").isEqualTo(50);
        assertThat(next.limitsFor(new StreamKey("news", "a")).maxDurationMs()).isEqualTo(2_000);
        assertThat(next.limitsFor(new StreamKey("sports", "a"))).isEqualTo(next.limits());
        assertThat(GopCacheSettings.read(body("{\"overrides\": []}"), CURRENT).overrides()).isEmpty();
    }

    @Test
    void badValuesAreNamed() throws Exception {
        assertThatThrownBy(() -> GopCacheSettings.read(body("{\"max-duration\": \"0ms\"}"), CURRENT))
                .isInstanceOf(ConfigException.class).hasMessage("body: max-duration must be above 0");
        assertThatThrownBy(() -> GopCacheSettings.read(body("{\"overrides\": [{\"pattern\": \"nope\"}]}"), CURRENT))
                .hasMessage("body: overrides[0].pattern must be app/stream with * as a wildcard, got 'nope'");
        assertThatThrownBy(() -> GopCacheSettings.read(body("{\"overrides\": [{\"pattern\": \"a/*\", \"frames\": 1}]}"), CURRENT))
                .hasMessageContaining("unknown key overrides[0].frames");
    }
}
