package io.edgecdn.ops;

/**
 * An admin call that cannot be done, answered as {@code {"error": code, "message": message}} with
 * the HTTP status: 400 for bad input (the message names the field), 404 for an unknown stream or
 * viewer, 409 for a state conflict, 503 when the node cannot do it now.
 */
public final class AdminException extends RuntimeException {
    private final int status;
    private final String code;

    public AdminException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** 400 naming the bad field. */
    public static AdminException badRequest(String field, String why) {
        return new AdminException(400, "bad_request", field + ": " + why);
    }

    /** 404 for something unknown. */
    public static AdminException notFound(String what) {
        return new AdminException(404, "not_found", what);
    }
}
