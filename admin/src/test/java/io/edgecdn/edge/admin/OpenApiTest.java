package io.edgecdn.edge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.edgecdn.ops.AdminRoute;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/openapi.yaml documents every admin route, and the README names each of them. */
class OpenApiTest {
    @Test
    void everyRouteIsDocumented() throws Exception {
        JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "docs", "openapi.yaml").toFile()).get("paths");
        String readme = java.nio.file.Files.readString(Path.of("..", "README.md"));
        for (AdminRoute r : new AdminApi(new AdminViews(null, null, null, null, null, null, null, null, null, java.time.Clock.systemUTC()), null).routes()) {
            JsonNode path = paths.get(r.template());
            assertThat(path).as("docs/openapi.yaml has " + r.template()).isNotNull();
            assertThat(path.get(r.method().toLowerCase())).as("docs/openapi.yaml has " + r.method() + " " + r.template()).isNotNull();
            assertThat(readme).as("README names " + r.method() + " " + r.template()).contains(r.method() + " " + r.template());
        }
        assertThat(paths.has("/admin/health")).isTrue();
        assertThat(paths.has("/metrics")).isTrue();
    }
}
