package io.edgecdn.edge.router;

import org.jspecify.annotations.Nullable;
import io.edgecdn.edge.upstream.SigningRules;
import io.edgecdn.edge.upstream.SigningRule;


import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.ops.UrlSigning;
import java.time.Clock;
import java.util.Deque;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Signed viewer URLs on the viewer port ({@code signing} in the config; schemes in {@link
 * UrlSigning}): HTTP-FLV, HLS playlists and HLS segments of a stream matching a signing rule need a
 * valid, unexpired signature of that stream. A rendition ({@code app/base_NAME}) also accepts its
 * source's signature, so one signed multivariant URL plays every variant. Streams without a rule
 * need nothing.
 */
public final class SignatureCheck {
    private final Supplier<SigningRules> config;
    private final Function<StreamKey, @Nullable StreamKey> baseOf;
    private final Clock clock;

    /**
     * @param config the signing rules in force
     * @param baseOf the source stream of a rendition key, or null for other keys
     */
    public SignatureCheck(Supplier<SigningRules> config, Function<StreamKey, @Nullable StreamKey> baseOf, Clock clock) {
        this.config = config;
        this.baseOf = baseOf;
        this.clock = clock;
    }

    /** Why a request for {@code key} is refused, or null when it may go on. */
    public @Nullable String refusal(StreamKey key, Map<String, Deque<String>> query) {
        SigningRules s = config.get();
        SigningRule rule = s.ruleFor(key);
        if (rule == null) {
            return null;
        }
        Map<String, String> q = new java.util.HashMap<>();
        query.forEach((k, v) -> q.put(k, v.peekFirst()));
        UrlSigning.Result r = UrlSigning.verify(rule.scheme(), rule.key(), key.app(), key.stream(), q, clock.instant(), s.clockSkew());
        if (r.ok()) {
            return null;
        }
        StreamKey base = baseOf.apply(key);
        if (base != null && "signature mismatch".equals(r.reason())) {
            UrlSigning.Result b = UrlSigning.verify(rule.scheme(), rule.key(), base.app(), base.stream(), q, clock.instant(), s.clockSkew());
            if (b.ok()) {
                return null;
            }
            return b.reason();
        }
        return r.reason();
    }

    /**
     * The signature parameters of a signed request, as a query string to append to the URIs of the
     * playlists it gets (players resolve relative URIs without the playlist's query), or "" when
     * the stream needs no signature.
     */
    public String propagated(StreamKey key, Map<String, Deque<String>> query) {
        SigningRule rule = config.get().ruleFor(key);
        if (rule == null) {
            return "";
        }
        String[] names = rule.scheme() == UrlSigning.Scheme.TXSECRET ? new String[] {"txSecret", "txTime"} : new String[] {"sig", "expires"};
        StringBuilder b = new StringBuilder();
        for (String n : names) {
            Deque<String> v = query.get(n);
            if (v != null && !v.isEmpty()) {
                b.append(b.isEmpty() ? "" : "&").append(n).append('=').append(java.net.URLEncoder.encode(v.peekFirst(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return b.toString();
    }
}
