package io.edgecdn.pull;

/**
 * Why one pull attempt ended.
 *
 * @param reason the category, stable for logs and the admin API
 * @param detail a human-readable cause, e.g. {@code "Connection refused"} or {@code "HTTP 404"}
 * @param receivedMedia whether any media tag was delivered during the attempt
 */
public record PullOutcome(Reason reason, String detail, boolean receivedMedia) {
    /** Stable reason codes. */
    public enum Reason {
        /** Stopped on request (idle, shutdown). */
        STOPPED,
        /** The upstream closed the stream normally (EOF). */
        UPSTREAM_ENDED,
        /** Connecting or opening the stream failed (refused, rejected, HTTP error, timeout). */
        CONNECT_FAILED,
        /** No data arrived within the read timeout. */
        READ_TIMEOUT,
        /** A read error after the stream was open. */
        READ_FAILED,
        /** The upstream sent bytes that break the container format. */
        MALFORMED
    }

    @Override
    public String toString() {
        return reason + ": " + detail;
    }
}
