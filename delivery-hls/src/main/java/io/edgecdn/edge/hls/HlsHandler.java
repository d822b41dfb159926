package io.edgecdn.edge.hls;

import io.edgecdn.ops.EdgeError;
import io.edgecdn.ops.http.HttpResponses;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamUnavailableException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HLS over HTTP: {@code GET /{app}/{stream}.m3u8} (media playlist; the first request waits, up to
 * {@code hls.start-timeout}, for the first segment) and {@code GET /{app}/{stream}/{sequence}.ts}
 * (a segment from the cache, or 404). Playlists are {@code Cache-Control: max-age=1} so a CDN in
 * front refreshes them; segments are immutable and cacheable for their retention.
 */
public final class HlsHandler {
    private final HlsService hls;
    private final VariantsSource variants;

    /** The multivariant playlist of a stream (see {@link Variants}). */
    public interface VariantsSource {
        CompletableFuture<String> playlist(StreamKey key) throws StreamUnavailableException;
    }

    public HlsHandler(HlsService hls, VariantsSource variants) {
        this.hls = hls;
        this.variants = variants;
    }

    /** Serves a playlist request ({@code ?variants}: the multivariant playlist); on an I/O thread. */
    public void playlist(HttpServerExchange exchange, StreamKey key) {
        hls.viewers().seen(key, exchange.getSourceAddress(), exchange.getRequestHeaders().getFirst(Headers.USER_AGENT));
        CompletableFuture<String> first;
        try {
            first = exchange.getQueryParameters().containsKey("variants") ? variants.playlist(key)
                    : hls.playlist(key).thenApply(MediaPlaylist::render);
        } catch (StreamUnavailableException e) {
            HttpResponses.error(exchange, e.error(), e.getMessage(), key.toString());
            return;
        }
        long timeoutMs = hls.config().startTimeout().toMillis();
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> first.copy().orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .whenComplete((text, err) -> exchange.getIoThread().execute(() -> {
                    if (err == null) {
                        String signed = withQuery(text, exchange.getAttachment(io.edgecdn.ops.http.ViewerRequest.SIGNING_QUERY));
                        send(exchange, "application/vnd.apple.mpegurl", "max-age=1", ByteBuffer.wrap(signed.getBytes(StandardCharsets.UTF_8)));
                        return;
                    }
                    Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                    if (cause instanceof StreamUnavailableException sue) {
                        HttpResponses.error(exchange, sue.error(), sue.getMessage(), key.toString());
                    } else if (cause instanceof TimeoutException) {
                        HttpResponses.error(exchange, EdgeError.START_TIMEOUT,
                                "stream " + key + " produced no HLS segment within " + timeoutMs + " ms (hls.start-timeout)", key.toString());
                    } else {
                        HttpResponses.error(exchange, EdgeError.STOPPED, "HLS session of " + key + " ended: " + cause.getMessage(), key.toString());
                    }
                })));
    }

    /** Appends {@code query} to every URI line of a playlist (none when it is null or empty). */
    static String withQuery(String playlist, String query) {
        if (query == null || query.isEmpty()) {
            return playlist;
        }
        StringBuilder b = new StringBuilder(playlist.length() + 64);
        for (String line : playlist.split("\n", -1)) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                b.append(line).append(line.indexOf('?') >= 0 ? '&' : '?').append(query);
            } else {
                b.append(line);
            }
            b.append('\n');
        }
        b.setLength(b.length() - 1);
        return b.toString();
    }

    /** Serves a segment request; on an I/O thread, never blocks. */
    public void segment(HttpServerExchange exchange, SegmentId id) {
        hls.viewers().seen(id.key(), exchange.getSourceAddress(), exchange.getRequestHeaders().getFirst(Headers.USER_AGENT));
        byte[] bytes = hls.segment(id);
        if (bytes == null) {
            HttpResponses.error(exchange, EdgeError.SEGMENT_NOT_FOUND, "segment " + id.sequence() + " of " + id.key()
                    + " is not (or no longer) available; reload the playlist", id.key().toString());
            return;
        }
        long maxAge = hls.config().retention().toSeconds();
        send(exchange, "video/mp2t", "public, max-age=" + maxAge + ", immutable", ByteBuffer.wrap(bytes));
    }

    private void send(HttpServerExchange exchange, String type, String cacheControl, ByteBuffer body) {
        hls.stats().bytesOut.add(body.remaining());
        HttpResponses.cors(exchange);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, cacheControl);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.remaining());
        exchange.getResponseSender().send(body);
    }
}
