package io.edgecdn.edge.upstream;

import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.ops.UrlSigning;
import io.edgecdn.pull.PullOutcome;
import io.edgecdn.pull.UpstreamCandidates;
import io.edgecdn.pull.UpstreamEndpoint;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs a stream's pulls from parent nodes (HTTP-FLV candidates) when the stream needs signed URLs:
 * nodes of a cluster share the signing keys, so a child signs its own pull like a viewer would.
 * A signature is valid for an hour and reused until 10 minutes before it expires, so a candidate's
 * URL stays the same between attempts (the supervisor recognises the parent it retries). Other
 * schemes (SRT, RTMP origins) are passed as they are. Reports go to the wrapped candidates with the
 * unsigned endpoint.
 */
final class SignedCandidates implements UpstreamCandidates {
    static final Duration VALIDITY = Duration.ofHours(1);
    static final Duration RENEW_BEFORE = Duration.ofMinutes(10);

    private record Signed(UpstreamEndpoint endpoint, Instant expiry) {
    }

    private final UpstreamCandidates inner;
    private final StreamKey key;
    private final SigningRule rule;
    private final Clock clock;
    private final Map<UpstreamEndpoint, Signed> signed = new ConcurrentHashMap<>();
    private final Map<UpstreamEndpoint, UpstreamEndpoint> original = new ConcurrentHashMap<>();

    SignedCandidates(UpstreamCandidates inner, StreamKey key, SigningRule rule, Clock clock) {
        this.clock = clock;
        this.inner = inner;
        this.key = key;
        this.rule = rule;
    }

    @Override
    public List<UpstreamEndpoint> current() {
        List<UpstreamEndpoint> out = new ArrayList<>();
        Instant now = clock.instant();
        for (UpstreamEndpoint e : inner.current()) {
            String scheme = e.scheme();
            if (!scheme.equals("http") && !scheme.equals("https")) {
                out.add(e);
                continue;
            }
            Signed s = signed.get(e);
            if (s == null || now.isAfter(s.expiry().minus(RENEW_BEFORE))) {
                Instant expiry = now.plus(VALIDITY);
                StringBuilder q = new StringBuilder(e.uri().getRawQuery() == null ? "" : e.uri().getRawQuery());
                for (Map.Entry<String, String> p : UrlSigning.sign(rule.scheme(), rule.key(), key.app(), key.stream(), expiry).entrySet()) {
                    q.append(q.isEmpty() ? "" : "&").append(p.getKey()).append('=').append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
                }
                String base = e.uri().toString();
                int qm = base.indexOf('?');
                Signed renewed = new Signed(UpstreamEndpoint.of((qm < 0 ? base : base.substring(0, qm)) + "?" + q), expiry);
                if (s != null) {
                    original.remove(s.endpoint());
                }
                s = renewed;
                signed.put(e, s);
                original.put(s.endpoint(), e);
            }
            out.add(s.endpoint());
        }
        return out;
    }

    @Override
    public void delivered(UpstreamEndpoint upstream) {
        inner.delivered(original.getOrDefault(upstream, upstream));
    }

    @Override
    public void failed(UpstreamEndpoint upstream, PullOutcome outcome) {
        inner.failed(original.getOrDefault(upstream, upstream), outcome);
    }

    @Override
    public String toString() {
        return inner + " (signed)";
    }
}
