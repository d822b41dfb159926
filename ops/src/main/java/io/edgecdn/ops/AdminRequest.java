package io.edgecdn.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One admin call as a route sees it.
 *
 * @param method HTTP method
 * @param path the request path
 * @param params path template parameters (e.g. {@code app}, {@code stream}) and the query, first value each
 * @param body the JSON body, or a missing node when there is none
 */
public record AdminRequest(String method, String path, Map<String, String> params, JsonNode body) {
    /** A required parameter. */
    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw AdminException.badRequest(name, "is required");
        }
        return v;
    }

    /** Whether a query flag is set to {@code true} (or present without a value). */
    public boolean flag(String name) {
        String v = params.get(name);
        return v != null && (v.isEmpty() || v.equalsIgnoreCase("true") || v.equals("1"));
    }
}
