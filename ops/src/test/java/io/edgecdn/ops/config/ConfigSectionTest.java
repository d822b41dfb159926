package io.edgecdn.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each message names the source and the full key; a key the reader did not ask for is refused. */
class ConfigSectionTest {
    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s);
    }

    @Test
    void readsValuesAndDefaults() throws Exception {
        ConfigSection hls = new ConfigSection(json("{\"window\": 5, \"target-duration\": \"4s\", \"cache\": \"16MiB\", \"rate\": \"1.2M\"}"), "hls.", "edge.yaml");
        assertThat(hls.intIn("window", 6, 2, 100)).isEqualTo(5);
        assertThat(hls.duration("target-duration", Duration.ZERO)).isEqualTo(Duration.ofSeconds(4));
        assertThat(hls.duration("start-timeout", Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
        assertThat(hls.size("cache", 1)).isEqualTo(16L << 20);
        assertThat(hls.bits("rate", 1)).isEqualTo(1_200_000);
        hls.done();
    }

    @Test
    void messagesNameTheSourceAndTheFullKey() throws Exception {
        ConfigSection top = new ConfigSection(json("{\"hls\": {\"window\": 500, \"colour\": 1}}"), "", "edge.yaml");
        ConfigSection hls = top.section("hls");
        assertThatThrownBy(() -> hls.intIn("window", 6, 2, 100))
                .isInstanceOf(ConfigException.class).hasMessage("edge.yaml: hls.window must be between 2 and 100, got 500");
        assertThatThrownBy(hls::done).hasMessage("edge.yaml: unknown key hls.colour (see edge.example.yaml for the keys)");
        assertThat(hls.key("window")).isEqualTo("hls.window");
        assertThat(hls.key("")).isEqualTo("hls");
        assertThat(top.key("")).isEqualTo("");
        assertThat(top.error("x").getMessage()).isEqualTo("edge.yaml: x");
    }

    @Test
    void listsOfMappingsAreNamedByIndex() throws Exception {
        ConfigSection top = new ConfigSection(json("{\"rules\": [{\"a\": 1}, {\"a\": \"x\"}]}"), "signing.", "body");
        List<ConfigSection> rules = top.sections("rules", "{a}");
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).intIn("a", 0, 0, 9)).isEqualTo(1);
        assertThatThrownBy(() -> rules.get(1).intIn("a", 0, 0, 9)).hasMessage("body: signing.rules[1].a must be a whole number, got 'x'");
        assertThat(new ConfigSection(json("{}"), "", "body").sections("rules", "{a}")).isEmpty();
        assertThatThrownBy(() -> new ConfigSection(json("{\"rules\": 3}"), "", "body").sections("rules", "{a}"))
                .hasMessage("body: rules must be a list of {a}");
        assertThatThrownBy(() -> new ConfigSection(json("{\"rules\": [3]}"), "", "body").sections("rules", "{a}"))
                .hasMessage("body: rules[0] must be a mapping of keys");
    }

    @Test
    void wrongTypesAreNamed() throws Exception {
        ConfigSection s = new ConfigSection(json("{\"on\": \"yes\", \"d\": \"5 parsecs\", \"n\": -3}"), "x.", "edge.yaml");
        assertThatThrownBy(() -> s.bool("on", false)).hasMessage("edge.yaml: x.on must be true or false, got 'yes'");
        assertThatThrownBy(() -> s.duration("d", Duration.ZERO)).hasMessageStartingWith("edge.yaml: x.d '5 parsecs' is not a duration");
        assertThatThrownBy(() -> s.size("n", 1)).hasMessageStartingWith("edge.yaml: x.n ");
        assertThatThrownBy(() -> new ConfigSection(json("[1]"), "", "edge.yaml")).hasMessage("edge.yaml: the top level must be a mapping of keys");
    }
}
