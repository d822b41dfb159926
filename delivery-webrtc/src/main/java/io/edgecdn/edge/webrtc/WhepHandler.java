package io.edgecdn.edge.webrtc;

import io.edgecdn.edge.source.FrameOrder;
import io.edgecdn.edge.source.LiveSource;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamManager;
import io.edgecdn.edge.source.StreamUnavailableException;
import io.edgecdn.edge.webrtc.sdp.SdpException;
import io.edgecdn.edge.webrtc.sdp.SessionDescription;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.ops.EdgeError;
import io.edgecdn.ops.http.HttpResponses;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The WHEP endpoints (draft-ietf-wish-whep) on the viewer port:
 * <ul>
 *   <li>{@code POST /{app}/{stream}/whep} with an SDP offer ({@code application/sdp}, at most
 *       64 KiB): takes a lease on the stream, waits without blocking for it to be ready (at most
 *       {@code pull.connect-timeout}), and answers {@code 201 Created} with the SDP answer and the
 *       session's {@code Location}, {@code /{app}/{stream}/whep/{id}};</li>
 *   <li>{@code DELETE} on that location ends the session: 200, or 404 {@code no_such_session};</li>
 *   <li>{@code PATCH} (trickle ICE, ICE restart): 405: the node is ICE-lite and puts every
 *       candidate into its answer.</li>
 * </ul>
 * Errors are the viewer port's JSON errors: 400 {@code bad_offer}, 415 {@code
 * unsupported_media_type}, 404 for a stream that cannot be pulled, 503 {@code webrtc_unavailable}
 * or {@code too_many_sessions}. Runs on Undertow's I/O threads and never blocks.
 *
 * <p>A stream whose video has B-frames or is H.265 is served from its re-encoded rendition
 * without B-frames ({@code app/stream_webrtc}, see the transcoder): the handler waits, at most
 * {@value #ORDER_WAIT_MS} ms, until the source has shown its frame order, starts that rendition,
 * and answers with its session ({@code Location: /app/stream_webrtc/whep/{id}}). If the rendition
 * cannot start, the source is served as it is and the log says why.
 */
public final class WhepHandler {
    private final WebRtcService service;
    private final StreamManager streams;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WhepHandler.class);
    /** Longest wait for a new source's frame order before answering (8 frames at 10 fps). */
    static final long ORDER_WAIT_MS = 1_000;
    private final Supplier<Duration> startTimeout;
    private final Function<StreamKey, @Nullable StreamKey> withoutBFrames;

    /**
     * @param withoutBFrames the key of a stream's re-encoded rendition without B-frames, null when
     *     it has none (it is a rendition itself, or the node does not transcode)
     */
    public WhepHandler(WebRtcService service, StreamManager streams, Supplier<Duration> startTimeout,
                       Function<StreamKey, @Nullable StreamKey> withoutBFrames) {
        this.service = service;
        this.streams = streams;
        this.startTimeout = startTimeout;
        this.withoutBFrames = withoutBFrames;
    }

    /** {@code POST /{app}/{stream}/whep}. */
    public void offer(HttpServerExchange exchange, StreamKey key) {
        String off = service.unavailable();
        if (off != null) {
            HttpResponses.error(exchange, EdgeError.WEBRTC_UNAVAILABLE, off, key.toString());
            return;
        }
        String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/sdp")) {
            HttpResponses.error(exchange, EdgeError.UNSUPPORTED_MEDIA_TYPE,
                    "send the SDP offer with Content-Type: application/sdp (got " + type + ")", key.toString());
            return;
        }
        if (exchange.getRequestContentLength() > SessionDescription.MAX_CHARS) {
            HttpResponses.error(exchange, EdgeError.BAD_OFFER, "the offer is over " + SessionDescription.MAX_CHARS + " bytes", key.toString());
            return;
        }
        if (service.full()) {
            HttpResponses.error(exchange, EdgeError.TOO_MANY_SESSIONS, "the node has its maximum of WHEP sessions", key.toString());
            return;
        }
        exchange.setMaxEntitySize(SessionDescription.MAX_CHARS);
        exchange.getRequestReceiver().receiveFullString((ex, body) -> parsed(ex, key, body),
                (ex, e) -> HttpResponses.error(ex, EdgeError.BAD_OFFER, "could not read the offer: " + e.getMessage(), key.toString()),
                StandardCharsets.UTF_8);
    }

    private void parsed(HttpServerExchange exchange, StreamKey key, String body) {
        SessionDescription offer;
        try {
            offer = SessionDescription.parse(body);
        } catch (SdpException e) {
            HttpResponses.error(exchange, EdgeError.BAD_OFFER, "bad SDP offer: " + e.getMessage(), key.toString());
            return;
        }
        StreamManager.Lease lease;
        try {
            lease = streams.acquire(key);
        } catch (StreamUnavailableException e) {
            HttpResponses.error(exchange, e.error(), e.getMessage(), key.toString());
            return;
        }
        whenReady(exchange, lease, () -> route(exchange, key, offer, lease, System.nanoTime()), e -> {
            lease.close();
            HttpResponses.error(exchange, e.error(), e.getMessage(), key.toString());
        });
    }

    /**
     * Runs {@code then} once the lease's stream is ready, or {@code failed} when it does not start
     * within {@code pull.connect-timeout}; on the exchange's I/O thread, and at once when ready.
     */
    private void whenReady(HttpServerExchange exchange, StreamManager.Lease lease, Runnable then,
                           java.util.function.Consumer<StreamUnavailableException> failed) {
        if (lease.ready().isDone() && !lease.ready().isCompletedExceptionally()) {
            then.run();
            return;
        }
        long timeoutMs = startTimeout.get().toMillis();
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> lease.readyWithin(timeoutMs)
                .whenComplete((src, err) -> exchange.getIoThread().execute(() -> {
                    if (err == null) {
                        then.run();
                    } else {
                        failed.accept(StreamUnavailableException.of(err));
                    }
                })));
    }

    /**
     * Answers from the stream itself, or from its rendition without B-frames when its video has
     * B-frames or is H.265; waits (polling, at most {@value #ORDER_WAIT_MS} ms from {@code since})
     * while a new source's frame order is not known yet.
     */
    private void route(HttpServerExchange exchange, StreamKey key, SessionDescription offer, StreamManager.Lease lease, long since) {
        LiveSource source = lease.source();
        FlvTag header = source.videoHeader();
        String why = !source.hasVideo() ? null : header != null && header.isHevc() ? "is H.265"
                : source.frameOrder() == FrameOrder.REORDERED ? "has B-frames" : null;
        if (why == null && source.hasVideo() && source.frameOrder() == FrameOrder.UNKNOWN
                && System.nanoTime() - since < ORDER_WAIT_MS * 1_000_000) {
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> exchange.getIoThread().executeAfter(
                    () -> route(exchange, key, offer, lease, since), 20, TimeUnit.MILLISECONDS));
            return;
        }
        StreamKey alt = why == null ? null : withoutBFrames.apply(key);
        if (alt == null) {
            answer(exchange, key, offer, lease);
            return;
        }
        StreamManager.Lease altLease;
        try {
            altLease = streams.acquire(alt);
        } catch (StreamUnavailableException e) {
            log.warn("WHEP {}: the video {}, but {} cannot start ({}); serving the source as it is", key, why, alt, e.getMessage());
            answer(exchange, key, offer, lease);
            return;
        }
        whenReady(exchange, altLease, () -> {
            log.info("WHEP {}: the video {}; serving {} (re-encoded without B-frames)", key, why, alt);
            lease.close(); // the rendition holds the source
            answer(exchange, alt, offer, altLease);
        }, e -> {
            altLease.close();
            log.warn("WHEP {}: the video {}, but {} did not start ({}); serving the source as it is", key, why, alt, e.getMessage());
            answer(exchange, key, offer, lease);
        });
    }

    private void answer(HttpServerExchange exchange, StreamKey key, SessionDescription offer, StreamManager.Lease lease) {
        if (!exchange.getConnection().isOpen()) {
            lease.close();
            return;
        }
        WebRtcService.Created c;
        try {
            c = service.create(key, offer, lease);
        } catch (SdpException e) {
            lease.close();
            HttpResponses.error(exchange, EdgeError.BAD_OFFER, "cannot answer the offer: " + e.getMessage(), key.toString());
            return;
        } catch (RuntimeException e) {
            lease.close();
            HttpResponses.error(exchange, EdgeError.INTERNAL, String.valueOf(e), key.toString());
            return;
        }
        HttpResponses.cors(exchange);
        exchange.setStatusCode(201);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/sdp");
        exchange.getResponseHeaders().put(Headers.LOCATION, "/" + key.app() + "/" + key.stream() + "/whep/" + c.session().id());
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(c.answer());
    }

    /** {@code DELETE /{app}/{stream}/whep/{id}}. */
    public void delete(HttpServerExchange exchange, StreamKey key, String id) {
        WhepSession s = service.session(id);
        if (s == null || !s.key().equals(key)) {
            HttpResponses.error(exchange, EdgeError.NO_SUCH_SESSION, "no WHEP session " + id + " of " + key
                    + " (it ended, or never was)", key.toString());
            return;
        }
        s.close("the viewer sent DELETE");
        HttpResponses.cors(exchange);
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
        exchange.endExchange();
    }

    /** {@code PATCH} on a session: not supported by an ICE-lite node that sends all its candidates at once. */
    public void patch(HttpServerExchange exchange, StreamKey key) {
        exchange.getResponseHeaders().put(Headers.ALLOW, "DELETE, OPTIONS");
        HttpResponses.error(exchange, EdgeError.METHOD_NOT_ALLOWED,
                "no trickle ICE or ICE restart: the node is ICE-lite and its answer has every candidate", key.toString());
    }
}
