package io.edgecdn.ops.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgecdn.ops.EdgeError;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small helpers for viewer responses: CORS headers for browser players and JSON error bodies of
 * the form {@code {"error": "<code>", "message": "...", "stream": "app/stream"}}.
 */
public final class HttpResponses {
    private static final HttpString EXPOSE_HEADERS = new HttpString("Access-Control-Expose-Headers");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");

    private HttpResponses() {
    }

    /**
     * Initialises the JSON writer ahead of the first request: a cold Jackson mapper costs a
     * hundred milliseconds or more, which the first viewer or 404 would otherwise pay.
     */
    public static void warmUp() {
        try {
            JSON.writeValueAsString(Map.of("error", "warm-up"));
        } catch (Exception e) {
            throw new IllegalStateException("JSON writer failed to initialise", e);
        }
    }

    /** Adds the CORS headers every viewer response carries (any origin, no credentials). */
    public static void cors(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(ALLOW_ORIGIN, "*");
        exchange.getResponseHeaders().put(EXPOSE_HEADERS, "Location, ETag, Link");
    }

    /** Answers a CORS preflight with 204. */
    public static void preflight(HttpServerExchange exchange) {
        cors(exchange);
        exchange.getResponseHeaders().put(ALLOW_METHODS, "GET, HEAD, POST, PATCH, DELETE, OPTIONS");
        exchange.getResponseHeaders().put(ALLOW_HEADERS, "*");
        exchange.getResponseHeaders().put(MAX_AGE, "86400");
        exchange.setStatusCode(204);
        exchange.endExchange();
    }

    /**
     * Sends a JSON error with the error's HTTP status and ends the exchange. Call on the
     * exchange's I/O thread.
     *
     * @param message what happened to this request (and what to do)
     * @param stream the stream key ({@code app/stream}), or null when the request named none
     */
    public static void error(HttpServerExchange exchange, EdgeError error, String message, String stream) {
        String code = error.code();
        int status = error.httpStatus();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        if (stream != null) {
            body.put("stream", stream);
        }
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (Exception e) {
            json = "{\"error\":\"" + code + "\"}";
        }
        cors(exchange);
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(json + "\n");
    }

    /** Sends a JSON body (any Jackson-serialisable value) and ends the exchange. */
    public static void json(HttpServerExchange exchange, int status, Object body) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (Exception e) {
            error(exchange, EdgeError.INTERNAL, "could not write JSON: " + e.getMessage(), null);
            return;
        }
        cors(exchange);
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(json + "\n");
    }
}
