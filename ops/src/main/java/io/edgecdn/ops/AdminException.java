package io.edgecdn.ops;

/**
 * An admin call that cannot be done, answered as {@code {"error": code, "message": message}} with
 * the error's HTTP status ({@link EdgeError}): 400 for bad input (the message names the field),
 * 404 for an unknown stream or viewer, 409 for a state conflict, 503 when the node cannot do it now.
 */
public final class AdminException extends RuntimeException {
    private final EdgeError error;

    public AdminException(EdgeError error, String message) {
        super(message);
        this.error = error;
    }

    public EdgeError error() {
        return error;
    }

    /** {@link EdgeError#BAD_REQUEST} naming the bad field. */
    public static AdminException badRequest(String field, String why) {
        return new AdminException(EdgeError.BAD_REQUEST, field + ": " + why);
    }

    /** {@link EdgeError#NOT_FOUND} for something unknown. */
    public static AdminException notFound(String what) {
        return new AdminException(EdgeError.NOT_FOUND, what);
    }
}
