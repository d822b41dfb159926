package io.edgecdn.tests.arch;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecdn.ops.EdgeError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README documents what the code defines. */
class DocumentationTest {
    @Test
    void everyErrorCodeIsInTheReadmeWithItsStatus() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (EdgeError e : EdgeError.values()) {
            assertThat(readme).as("README's error table row of " + e)
                    .contains("| `" + e.code() + "` | " + e.httpStatus() + " | " + e.meaning() + " |");
        }
    }

    @Test
    void everyErrorCodeIsInTheOpenApiErrorSchema() throws IOException {
        String openapi = Files.readString(Path.of("..", "docs", "openapi.yaml"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Error:\\n.*?enum: \\[([a-z_, ]+)]", java.util.regex.Pattern.DOTALL).matcher(openapi);
        assertThat(m.find()).as("docs/openapi.yaml's Error schema has an enum of codes").isTrue();
        assertThat(java.util.Arrays.stream(m.group(1).split(",\\s*")).toList())
                .containsExactlyInAnyOrder(java.util.Arrays.stream(EdgeError.values()).map(EdgeError::code).toArray(String[]::new));
    }
}
