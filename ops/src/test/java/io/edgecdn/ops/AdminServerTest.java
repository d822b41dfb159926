package io.edgecdn.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {
    static final String TOKEN = "0123456789abcdef0123";
    final HttpClient http = HttpClient.newHttpClient();
    AdminServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String start(String token) {
        List<AdminRoute> routes = List.of(
                AdminRoute.get("/admin/things/{name}", r -> {
                    if (r.param("name").equals("missing")) {
                        throw AdminException.notFound("no thing missing");
                    }
                    return Map.of("name", r.param("name"), "verbose", r.flag("verbose"));
                }),
                AdminRoute.put("/admin/things/{name}", r -> {
                    if (!r.body().has("size")) {
                        throw AdminException.badRequest("size", "is required");
                    }
                    return Map.of("size", r.body().get("size").asInt());
                }));
        server = new AdminServer("127.0.0.1", 0, token, routes, Metrics.create(), Map.of());
        server.start();
        return "http://127.0.0.1:" + server.address().getPort();
    }

    private HttpResponse<String> call(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void token_401Without_403Wrong_200Right_healthOpen() throws Exception {
        String base = start(TOKEN);
        HttpResponse<String> none = call("GET", base + "/admin/things/a", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(none.body()).contains("\"error\" : \"unauthorized\"");
        assertThat(call("GET", base + "/admin/things/a", "0123456789abcdef0124", null).statusCode()).isEqualTo(403);
        assertThat(call("GET", base + "/admin/things/a", "short", null).statusCode()).isEqualTo(403);
        HttpResponse<String> ok = call("GET", base + "/admin/things/a?verbose", TOKEN, null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"name\" : \"a\"").contains("\"verbose\" : true");
        assertThat(call("GET", base + "/admin/health", null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", base + "/metrics", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> metrics = call("GET", base + "/metrics", TOKEN, null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("process_uptime_seconds");
    }

    @Test
    void errors_400BadJsonOrField_404Unknown_405Method() throws Exception {
        String base = start(TOKEN);
        HttpResponse<String> badJson = call("PUT", base + "/admin/things/a", TOKEN, "{size:");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.body()).contains("bad_json");
        HttpResponse<String> field = call("PUT", base + "/admin/things/a", TOKEN, "{}");
        assertThat(field.statusCode()).isEqualTo(400);
        assertThat(field.body()).contains("size: is required");
        assertThat(call("PUT", base + "/admin/things/a", TOKEN, "{\"size\":3}").body()).contains("\"size\" : 3");
        assertThat(call("GET", base + "/admin/things/missing", TOKEN, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", base + "/admin/nothing", TOKEN, null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", base + "/admin/things/a", TOKEN, null).statusCode()).isEqualTo(405);
    }

    @Test
    void noToken_onlyOnLoopback_andThenOpen() throws Exception {
        assertThatThrownBy(() -> new AdminServer("0.0.0.0", 0, null, List.of(), null, Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("without a token");
        assertThatThrownBy(() -> new AdminServer("127.0.0.1", 0, "too-short", List.of(), null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16");
        String base = start(null);
        assertThat(call("GET", base + "/admin/things/a", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void auth_comparesWholeTokens() {
        AdminAuth a = new AdminAuth(TOKEN);
        assertThat(a.check("Bearer " + TOKEN)).isEqualTo(AdminAuth.Result.OK);
        assertThat(a.check("bearer " + TOKEN)).isEqualTo(AdminAuth.Result.OK);
        assertThat(a.check("Bearer " + TOKEN + "x")).isEqualTo(AdminAuth.Result.WRONG);
        assertThat(a.check("Bearer " + TOKEN.substring(1))).isEqualTo(AdminAuth.Result.WRONG);
        assertThat(a.check("Basic abc")).isEqualTo(AdminAuth.Result.MISSING);
        assertThat(a.check("Bearer ")).isEqualTo(AdminAuth.Result.MISSING);
        assertThat(a.check(null)).isEqualTo(AdminAuth.Result.MISSING);
    }
}
