package io.edgecdn.edge.source;

/**
 * A stream a viewer asked for cannot be served; {@link #reason()} is a stable code for the JSON
 * error body and logs, the message says what happened and, where it helps, what to do.
 */
public final class StreamUnavailableException extends Exception {
    /** Stable reason codes, each with the HTTP status it maps to. */
    public enum Reason {
        /** No upstream rule matches the stream key. */
        NO_UPSTREAM(404),
        /** Every upstream candidate failed before the stream started. */
        UPSTREAM_UNREACHABLE(404),
        /** The stream did not deliver a keyframe within the connect timeout. */
        START_TIMEOUT(404),
        /** The stream was stopped while the viewer waited. */
        STOPPED(404),
        /** The node already pulls its maximum number of streams. */
        TOO_MANY_STREAMS(503);

        private final int httpStatus;

        Reason(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }

        /** The code as written in JSON bodies, e.g. {@code upstream_unreachable}. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;

    public StreamUnavailableException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
