package io.edgecdn.edge.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.upstream.SigningRule;
import io.edgecdn.edge.upstream.SigningRules;
import io.edgecdn.ops.UrlSigning;
import io.edgecdn.testsupport.ManualTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignatureCheckTest {
    static final String KEY = "0123456789abcdef";
    static final StreamKey PAID = new StreamKey("paid", "cam");

    private final ManualTime time = new ManualTime();
    private final SigningRules rules = new SigningRules(Duration.ofSeconds(30),
            List.of(new SigningRule("paid/*", UrlSigning.Scheme.TXSECRET, KEY)));
    private final SignatureCheck check = new SignatureCheck(() -> rules,
            k -> k.stream().endsWith("_360p") ? new StreamKey(k.app(), k.stream().replace("_360p", "")) : null, time);

    private Map<String, Deque<String>> signed(StreamKey key, Duration validFor) {
        Map<String, Deque<String>> q = new HashMap<>();
        UrlSigning.sign(UrlSigning.Scheme.TXSECRET, KEY, key.app(), key.stream(), time.instant().plus(validFor))
                .forEach((k, v) -> q.computeIfAbsent(k, x -> new ArrayDeque<>()).add(v));
        return q;
    }

    @Test
    void aStreamWithoutARuleNeedsNothing() {
        assertThat(check.refusal(new StreamKey("live", "free"), Map.of())).isNull();
        assertThat(check.propagated(new StreamKey("live", "free"), Map.of())).isEmpty();
    }

    @Test
    void aSignedStreamIsRefusedWithoutASignatureAndServedWithOne() {
        assertThat(check.refusal(PAID, Map.of())).isNotNull();
        Map<String, Deque<String>> q = signed(PAID, Duration.ofMinutes(5));
        assertThat(check.refusal(PAID, q)).isNull();
        assertThat(check.propagated(PAID, q)).startsWith("txSecret=").contains("&txTime=");
    }

    @Test
    void anotherStreamsSignatureIsRefused() {
        assertThat(check.refusal(PAID, signed(new StreamKey("paid", "cam2"), Duration.ofMinutes(5)))).isNotNull();
    }

    @Test
    void anExpiredSignatureIsRefusedOnceTheSkewHasPassed() {
        Map<String, Deque<String>> q = signed(PAID, Duration.ofMinutes(1));
        time.advance(Duration.ofSeconds(60 + 29));
        assertThat(check.refusal(PAID, q)).isNull(); // within the 30 s clock skew
        time.advance(Duration.ofSeconds(2));
        assertThat(check.refusal(PAID, q)).isNotNull();
    }

    @Test
    void aRenditionAcceptsItsSourcesSignature() {
        StreamKey rendition = new StreamKey("paid", "cam_360p");
        assertThat(check.refusal(rendition, signed(PAID, Duration.ofMinutes(5)))).isNull();
        assertThat(check.refusal(rendition, Map.of())).isNotNull();
    }
}
