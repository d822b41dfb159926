package io.edgecdn.transcoder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EncoderCheckTest {
    @Test
    void libx264_opens_unknownEncoder_saysWhy() {
        assertThat(EncoderCheck.problem("libx264")).isNull();
        assertThat(EncoderCheck.problem("no_such_encoder")).contains("not in this FFmpeg build");
    }
}
