package io.edgecdn.pull.httpflv;

import io.edgecdn.pull.ChildPull;
import io.edgecdn.media.flv.FlvHeader;
import io.edgecdn.media.flv.FlvReader;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.MalformedFlvException;
import io.edgecdn.media.flv.TagType;
import io.edgecdn.media.time.TimestampNormalizer;
import io.edgecdn.pull.PullContext;
import io.edgecdn.pull.PullOutcome;
import io.edgecdn.pull.StreamLayout;
import io.edgecdn.pull.UpstreamEndpoint;
import io.edgecdn.pull.UpstreamPuller;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pulls {@code http(s)://.../app/stream.flv} from a parent edge (or any HTTP-FLV server).
 *
 * <p>The response body streams into an {@link FlvReader} on the HTTP client's threads as it
 * arrives (a {@link Flow.Subscriber}, one buffer list at a time), so tags reach the sink with no
 * extra buffering. Media tags get normalized timestamps; metadata and sequence headers take the
 * latest timestamp. A non-200 status ends the attempt as {@code CONNECT_FAILED} with the status and
 * the start of the body (a parent's JSON reason); malformed FLV ends it as {@code MALFORMED}.
 */
public final class HttpFlvPuller implements UpstreamPuller {
    private static final int ERROR_BODY_CHARS = 300;
    private final HttpClient client;

    public HttpFlvPuller(HttpClient client) {
        this.client = client;
    }

    /** A puller with its own HTTP/1.1 client. */
    public HttpFlvPuller() {
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).build());
    }

    @Override
    public PullOutcome pull(UpstreamEndpoint upstream, PullContext ctx, TimestampNormalizer normalizer) {
        CompletableFuture<PullOutcome> done = new CompletableFuture<>();
        BodySubscriber body = new BodySubscriber(upstream, ctx, normalizer, done);
        HttpRequest request = HttpRequest.newBuilder(upstream.uri()).GET()
                .header("User-Agent", "edge-node").header(ChildPull.HEADER, "1").timeout(ctx.connectTimeout()).build();
        CompletableFuture<HttpResponse<Void>> response = client.sendAsync(request, info -> {
            if (info.statusCode() != 200) {
                return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8), s -> {
                    done.complete(new PullOutcome(PullOutcome.Reason.CONNECT_FAILED, "HTTP " + info.statusCode()
                            + (s.isBlank() ? "" : ": " + s.substring(0, Math.min(ERROR_BODY_CHARS, s.length())).strip()), false));
                    return null;
                });
            }
            return HttpResponse.BodySubscribers.fromSubscriber(body);
        });
        response.whenComplete((r, e) -> {
            if (e != null) {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                done.complete(new PullOutcome(body.connected ? PullOutcome.Reason.READ_FAILED : PullOutcome.Reason.CONNECT_FAILED,
                        cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), body.media));
            }
        });
        long connectDeadline = System.nanoTime() + ctx.connectTimeout().toNanos();
        try {
            while (true) {
                try {
                    return stopped(ctx, done.get(100, TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    long now = System.nanoTime();
                    PullOutcome timeout = null;
                    if (ctx.stopRequested().getAsBoolean()) {
                        timeout = new PullOutcome(PullOutcome.Reason.STOPPED, "stop requested", body.media);
                    } else if (!body.connected && now > connectDeadline) {
                        timeout = new PullOutcome(PullOutcome.Reason.CONNECT_FAILED,
                                "no response within " + ctx.connectTimeout().toMillis() + " ms", false);
                    } else if (body.connected && now - body.lastDataNanos > ctx.readTimeout().toNanos()) {
                        timeout = new PullOutcome(PullOutcome.Reason.READ_TIMEOUT,
                                "no data for " + ctx.readTimeout().toMillis() + " ms", body.media);
                    }
                    if (timeout != null) {
                        body.cancel();
                        response.cancel(true);
                        return timeout;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            body.cancel();
            return new PullOutcome(PullOutcome.Reason.STOPPED, "interrupted", body.media);
        } catch (ExecutionException e) {
            return new PullOutcome(PullOutcome.Reason.READ_FAILED, String.valueOf(e.getCause()), body.media);
        }
    }

    private static PullOutcome stopped(PullContext ctx, PullOutcome o) {
        return ctx.stopRequested().getAsBoolean() ? new PullOutcome(PullOutcome.Reason.STOPPED, "stop requested", o.receivedMedia()) : o;
    }

    /** Feeds the response body into the FLV reader; one instance per attempt. */
    private static final class BodySubscriber implements Flow.Subscriber<List<ByteBuffer>> {
        private final UpstreamEndpoint upstream;
        private final PullContext ctx;
        private final TimestampNormalizer normalizer;
        private final CompletableFuture<PullOutcome> done;
        private final FlvReader reader;
        private volatile Flow.Subscription subscription;
        volatile boolean connected;
        volatile boolean media;
        volatile long lastDataNanos = System.nanoTime();

        BodySubscriber(UpstreamEndpoint upstream, PullContext ctx, TimestampNormalizer normalizer, CompletableFuture<PullOutcome> done) {
            this.upstream = upstream;
            this.ctx = ctx;
            this.normalizer = normalizer;
            this.done = done;
            this.reader = new FlvReader(this::onTag);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            connected = true;
            lastDataNanos = System.nanoTime();
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            lastDataNanos = System.nanoTime();
            try {
                for (ByteBuffer b : buffers) {
                    if (reader.header() == null) {
                        // the header alone first: the sink must know the layout before the first tag
                        // (a parent's first buffer carries its whole burst; a late onConnected would
                        // make the source wait for the next keyframe and drop the rest of that GOP)
                        ByteBuffer head = b.duplicate();
                        head.limit(head.position() + (int) Math.min(b.remaining(), Math.max(0, FlvHeader.WIRE_SIZE - reader.offset())));
                        reader.feed(head);
                        b.position(head.position());
                        if (reader.header() != null) {
                            FlvHeader h = reader.header();
                            ctx.sink().onConnected(upstream, new StreamLayout(h.hasAudio(), h.hasVideo()));
                        }
                    }
                    reader.feed(b);
                }
            } catch (MalformedFlvException e) {
                done.complete(new PullOutcome(PullOutcome.Reason.MALFORMED, e.getMessage(), media));
                subscription.cancel();
                return;
            }
            if (done.isDone()) {
                subscription.cancel();
            } else {
                subscription.request(1);
            }
        }

        private void onTag(FlvTag tag) {
            if (done.isDone()) {
                return;
            }
            FlvTag out;
            if (tag.kind().isConfig()) {
                out = tag.withTimestamp(normalizer.latestMs());
            } else {
                media = true;
                out = tag.withTimestamp(normalizer.normalize(tag.type() == TagType.VIDEO ? 0 : 1, tag.timestampMs()));
            }
            ctx.sink().onTag(out);
        }

        @Override
        public void onError(Throwable t) {
            done.complete(new PullOutcome(PullOutcome.Reason.READ_FAILED, t.toString(), media));
        }

        @Override
        public void onComplete() {
            done.complete(new PullOutcome(PullOutcome.Reason.UPSTREAM_ENDED, "end of stream", media));
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
