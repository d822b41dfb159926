package io.edgecdn.ops;

/**
 * One admin endpoint: {@code method} and a path template such as {@code
 * /admin/streams/{app}/{stream}}, answered by {@code handler}.
 *
 * @param status the HTTP status of a success (200, 201, 202, 204)
 */
public record AdminRoute(String method, String template, int status, Handler handler) {
    /** Answers a call: returns the JSON body (any Jackson-serialisable value; null for none), or throws. */
    @FunctionalInterface
    public interface Handler {
        Object handle(AdminRequest request) throws AdminException;
    }

    public static AdminRoute get(String template, Handler h) {
        return new AdminRoute("GET", template, 200, h);
    }

    public static AdminRoute put(String template, Handler h) {
        return new AdminRoute("PUT", template, 200, h);
    }

    public static AdminRoute post(String template, Handler h) {
        return new AdminRoute("POST", template, 200, h);
    }

    public static AdminRoute patch(String template, Handler h) {
        return new AdminRoute("PATCH", template, 200, h);
    }

    public static AdminRoute delete(String template, Handler h) {
        return new AdminRoute("DELETE", template, 200, h);
    }
}
