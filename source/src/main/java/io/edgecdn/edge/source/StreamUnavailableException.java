package io.edgecdn.edge.source;

import io.edgecdn.ops.EdgeError;

/**
 * A stream a viewer asked for cannot be served; {@link #error()} is the stable code for the JSON
 * error body and logs ({@code no_upstream}, {@code upstream_unreachable}, {@code start_timeout},
 * {@code stopped}, {@code too_many_streams}), the message says what happened and, where it helps,
 * what to do.
 */
public final class StreamUnavailableException extends Exception {
    private final EdgeError error;

    public StreamUnavailableException(EdgeError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public EdgeError error() {
        return error;
    }

    /**
     * The failure of a start future ({@link StreamManager.Lease#readyWithin}) as what a viewer is
     * told: a {@code StreamUnavailableException} as it is, anything else as {@code internal}.
     */
    public static StreamUnavailableException of(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof StreamUnavailableException sue ? sue : new StreamUnavailableException(EdgeError.INTERNAL, String.valueOf(cause));
    }

    static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
