package io.edgecdn.tests;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One GET for tests that look at statuses, headers and JSON errors of the viewer port. */
final class HttpGet {
    private HttpGet() {
    }

    /** Status, headers and body; the body of a 200 FLV response is not read (it never ends). */
    record Reply(int statusCode, HttpHeaders headers, String body) {
    }

    /** GETs {@code url} with {@code headers} (name, value, ...), without following redirects if {@code http} does not. */
    static Reply get(HttpClient http, String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            boolean endless = r.statusCode() == 200 && URI.create(url).getPath().endsWith(".flv");
            return new Reply(r.statusCode(), r.headers(), endless ? "" : new String(in.readAllBytes()));
        }
    }
}
