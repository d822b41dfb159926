package io.edgecdn.edge.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StreamPatternTest {
    @Test
    void wildcardsStayWithinOnePathPart_andTakeAtLeastOneCharacter() {
        assertThat(StreamPattern.matches("live/*", "live/cam1")).isTrue();
        assertThat(StreamPattern.matches("live/*", "live/")).isFalse();
        assertThat(StreamPattern.matches("live/*", "vod/cam1")).isFalse();
        assertThat(StreamPattern.matches("*/*", "a/b")).isTrue();
        assertThat(StreamPattern.matches("*", "a/b")).isFalse();
        assertThat(StreamPattern.matches("live/cam*", "live/cam12")).isTrue();
        assertThat(StreamPattern.matches("live/cam*", "live/cam")).isFalse();
        assertThat(StreamPattern.matches("live/*_480p", "live/a_b_480p")).isTrue();
        assertThat(StreamPattern.matches("live/*_480p", "live/a_480p_x")).isFalse();
        assertThat(StreamPattern.matches("live/a.b", "live/aXb")).as("'.' is literal").isFalse();
        assertThat(StreamPattern.matches("live/hot", new StreamKey("live", "hot"))).isTrue();
    }

    @Test
    void agreesWithTheRegexItReplaces_onManyPatternsAndKeys() {
        String[] patterns = {"live/*", "*/*", "live/cam*", "*/x*y", "l*e/*a*", "a/b", "*a*/*b*", "live/*_*"};
        String[] keys = {"live/cam", "live/camera", "a/b", "ab/b", "lie/a", "live/xay", "x/xy", "x/xzy", "aa/bb", "live/a_b", "live/_"};
        for (String p : patterns) {
            StringBuilder re = new StringBuilder();
            for (char c : p.toCharArray()) {
                re.append(c == '*' ? "[^/]+" : Pattern.quote(String.valueOf(c)));
            }
            for (String k : keys) {
                assertThat(StreamPattern.matches(p, k)).as(p + " ~ " + k).isEqualTo(k.matches(re.toString()));
            }
        }
    }

    @Test
    void validity() {
        assertThat(StreamPattern.isValid("live/*")).isTrue();
        assertThat(StreamPattern.isValid("live")).isFalse();
        assertThat(StreamPattern.isValid("live/a b")).isFalse();
        assertThat(StreamPattern.isValid(null)).isFalse();
    }
}
