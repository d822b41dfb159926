package io.edgecdn.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecdn.ops.UrlSigning.Scheme;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UrlSigningTest {
    static final Duration SKEW = Duration.ofSeconds(30);

    @Test
    void txSecret_matchesTencentCloudsPublishedExample() {
        // KEY e12c46f2612d5106e2034781ab261ca3, StreamName test, txTime 5C271099 (Tencent Cloud CSS docs, product 267/31560)
        assertThat(UrlSigning.md5Hex("e12c46f2612d5106e2034781ab261ca3test5C271099")).isEqualTo("f85a2ab363fe4deaffef9754d79da6fe");
        Map<String, String> q = Map.of("txSecret", "f85a2ab363fe4deaffef9754d79da6fe", "txTime", "5C271099");
        Instant before = Instant.ofEpochSecond(0x5C271099L - 60);
        assertThat(UrlSigning.verify(Scheme.TXSECRET, "e12c46f2612d5106e2034781ab261ca3", "live", "test", q, before, SKEW).ok()).isTrue();
    }

    @Test
    void bothSchemes_valid_expired_tamperedStream_tamperedTime_missing() {
        Instant now = Instant.parse("2026-11-21T12:00:00Z");
        for (Scheme s : Scheme.values()) {
            Map<String, String> q = UrlSigning.sign(s, "k3y", "live", "cam1", now.plusSeconds(3600));
            assertThat(UrlSigning.verify(s, "k3y", "live", "cam1", q, now, SKEW).ok()).as(s + " valid").isTrue();
            assertThat(UrlSigning.verify(s, "k3y", "live", "cam1", q, now.plusSeconds(3600 + 29), SKEW).ok()).as(s + " within the skew").isTrue();
            assertThat(UrlSigning.verify(s, "k3y", "live", "cam1", q, now.plusSeconds(3600 + 31), SKEW).reason()).isEqualTo("signature expired");
            assertThat(UrlSigning.verify(s, "k3y", "live", "cam2", q, now, SKEW).reason()).as(s + " other stream").isEqualTo("signature mismatch");
            assertThat(UrlSigning.verify(s, "other", "live", "cam1", q, now, SKEW).reason()).isEqualTo("signature mismatch");
            Map<String, String> later = new HashMap<>(q);
            String timeKey = s == Scheme.TXSECRET ? "txTime" : "expires";
            later.put(timeKey, s == Scheme.TXSECRET ? Long.toHexString(now.getEpochSecond() + 86_400).toUpperCase()
                    : Long.toString(now.getEpochSecond() + 86_400));
            assertThat(UrlSigning.verify(s, "k3y", "live", "cam1", later, now, SKEW).reason()).as(s + " time pushed back").isEqualTo("signature mismatch");
            Map<String, String> noSig = new HashMap<>(q);
            noSig.remove(s == Scheme.TXSECRET ? "txSecret" : "sig");
            assertThat(UrlSigning.verify(s, "k3y", "live", "cam1", noSig, now, SKEW).reason()).startsWith("missing signature");
            assertThat(UrlSigning.verify(s, "k3y", "live", "cam1", Map.of(), now, SKEW).reason()).startsWith("missing signature");
            Map<String, String> junk = new HashMap<>(q);
            junk.put(timeKey, "zz");
            assertThat(UrlSigning.verify(s, "k3y", "live", "cam1", junk, now, SKEW).reason()).startsWith("malformed");
        }
        // HMAC binds the app too; Tencent's scheme does not (by its definition)
        Map<String, String> h = UrlSigning.sign(Scheme.HMAC, "k3y", "live", "cam1", now.plusSeconds(60));
        assertThat(UrlSigning.verify(Scheme.HMAC, "k3y", "other", "cam1", h, now, SKEW).ok()).isFalse();
    }
}
