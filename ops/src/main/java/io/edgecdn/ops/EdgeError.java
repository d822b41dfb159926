package io.edgecdn.ops;

import java.util.Locale;

/**
 * The node's one error vocabulary: every error a viewer, a child node, an SRE or a log line sees
 * has one of these codes. HTTP answers carry it as {@code {"error": code, "message": "..."}} with
 * {@link #httpStatus()}; the message says what happened to this request and, where it helps, what
 * to do; {@link #meaning()} is the code's general sense (listed in the README).
 */
public enum EdgeError {
    // ---- viewer port: requests ----
    /** The path is not a stream path, or its app or stream has bad characters. */
    BAD_PATH(400, "the path is not /{app}/{stream}.flv, .m3u8 or /{app}/{stream}/{n}.ts, or has bad characters"),
    /** No such endpoint, player page or admin route. */
    NOT_FOUND(404, "no such endpoint"),
    /** The endpoint exists, the method does not. */
    METHOD_NOT_ALLOWED(405, "the endpoint does not take this method"),
    /** A signed URL's signature is missing, expired or wrong; or the admin token is wrong. */
    FORBIDDEN(403, "signature or token refused"),
    /** No admin token was sent where one is configured. */
    UNAUTHORIZED(401, "an admin bearer token is required"),
    /** The node has not finished starting. */
    STARTING(503, "the node is starting"),
    /** {@code /schedule}'s {@code limit} is not 1-20. */
    BAD_LIMIT(400, "limit must be 1-20"),
    /** {@code /schedule}'s {@code region} has bad characters. */
    BAD_REGION(400, "region must be 1-63 of [A-Za-z0-9_.-]"),
    /** No healthy edge can take a viewer now. */
    NO_EDGE(503, "no healthy edge right now"),

    // ---- viewer port: streams ----
    /** No upstream rule matches the stream key, and no discovered parent serves it. */
    NO_UPSTREAM(404, "no upstream serves the stream"),
    /** Every upstream candidate failed before the stream started. */
    UPSTREAM_UNREACHABLE(404, "every upstream failed"),
    /** The stream did not deliver a keyframe within the connect timeout. */
    START_TIMEOUT(404, "the stream did not start in time"),
    /** The stream (or its HLS session) was stopped while the viewer waited. */
    STOPPED(404, "the stream was stopped"),
    /** The node already pulls its maximum number of streams. */
    TOO_MANY_STREAMS(503, "the node pulls max-streams streams already"),
    /** An HLS segment is not (or no longer) in the playlist window. */
    SEGMENT_NOT_FOUND(404, "the segment is not in the playlist window"),

    // ---- viewer port: WebRTC (WHEP) ----
    /** A WHEP body is not an SDP offer, or offers nothing the node can send (the message says what). */
    BAD_OFFER(400, "the body is not an SDP offer the node can answer"),
    /** A WHEP offer was not sent as {@code application/sdp}. */
    UNSUPPORTED_MEDIA_TYPE(415, "the body must be application/sdp"),
    /** WebRTC playback is turned off, or its UDP port could not be bound. */
    WEBRTC_UNAVAILABLE(503, "WebRTC playback is off or its UDP port is not bound"),
    /** The node has {@code webrtc.max-sessions} WHEP sessions already. */
    TOO_MANY_SESSIONS(503, "the node has webrtc.max-sessions sessions already"),
    /** No WHEP session has that id (it ended, or never was). */
    NO_SUCH_SESSION(404, "no such WHEP session"),

    // ---- admin API ----
    /** A field of an admin request is missing or bad; the message names it. */
    BAD_REQUEST(400, "a field is missing or bad"),
    /** The admin request body is not JSON. */
    BAD_JSON(400, "the body is not JSON"),
    /** The admin request body is too large. */
    TOO_LARGE(413, "the body is too large"),
    /** {@code ?persist=true} without a config file. */
    NO_CONFIG_FILE(409, "the node runs without a config file"),
    /** The config file could not be written. */
    PERSIST_FAILED(500, "the config file could not be written"),
    /** The node should not get traffic now (draining, Consul registration not passing). */
    NOT_READY(503, "the node is not ready"),

    /** A bug: the message carries the exception. */
    INTERNAL(500, "internal error");

    private final int httpStatus;
    private final String meaning;

    EdgeError(int httpStatus, String meaning) {
        this.httpStatus = httpStatus;
        this.meaning = meaning;
    }

    /** The HTTP status an answer with this error has. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The code as written in JSON bodies and logs, e.g. {@code upstream_unreachable}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The code's general sense, for documentation and for a message when nothing more is known. */
    public String meaning() {
        return meaning;
    }
}
