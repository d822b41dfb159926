package io.edgecdn.edge.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamUnavailableException;
import io.edgecdn.ops.EdgeError;
import io.edgecdn.ops.UrlSigning;
import io.edgecdn.pull.UpstreamCandidates;
import io.edgecdn.pull.UpstreamEndpoint;
import io.edgecdn.testsupport.ManualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamChoiceTest {
    record Policy(List<UpstreamRule> upstreams, SigningRules signing) implements UpstreamPolicy {
    }

    static final StreamKey CAM = new StreamKey("live", "cam");
    static final UpstreamRule LIVE = UpstreamRule.parse("live/*=http://parent:8080/{app}/{stream}.flv");

    private final ManualTime time = new ManualTime();

    private UpstreamChoice choice(SigningRules signing, UpstreamRule... rules) {
        Policy p = new Policy(List.of(rules), signing);
        return new UpstreamChoice(() -> p, time);
    }

    /** Parents found at run time, put ahead of the fallback; records what it was told. */
    static final class Parents implements ParentDiscovery {
        final List<UpstreamEndpoint> parents;
        final List<UpstreamEndpoint> failed = new ArrayList<>();

        Parents(String... urls) {
            parents = List.of(urls).stream().map(UpstreamEndpoint::of).toList();
        }

        @Override
        public UpstreamCandidates candidates(StreamKey key, List<UpstreamEndpoint> fallback) {
            List<UpstreamEndpoint> all = new ArrayList<>(parents);
            all.addAll(fallback);
            return new UpstreamCandidates() {
                @Override
                public List<UpstreamEndpoint> current() {
                    return all;
                }

                @Override
                public void failed(UpstreamEndpoint upstream, io.edgecdn.pull.PullOutcome outcome) {
                    Parents.this.failed.add(upstream);
                }
            };
        }

        @Override
        public String describe() {
            return "Consul service edge";
        }
    }

    @Test
    void theFirstMatchingRuleGivesItsUrls() throws Exception {
        UpstreamChoice c = choice(SigningRules.NONE, UpstreamRule.parse("live/hot=srt://a:9000"), LIVE);
        assertThat(c.candidates(CAM).current()).containsExactly(UpstreamEndpoint.of("http://parent:8080/live/cam.flv"));
        assertThat(c.candidates(new StreamKey("live", "hot")).current()).containsExactly(UpstreamEndpoint.of("srt://a:9000"));
        assertThat(c.serves(CAM)).isTrue();
    }

    @Test
    void noMatchingRuleIsNoUpstreamNamingTheFlag() {
        UpstreamChoice c = choice(SigningRules.NONE, LIVE);
        StreamKey vod = new StreamKey("vod", "x");
        assertThat(c.serves(vod)).isFalse();
        assertThatThrownBy(() -> c.candidates(vod))
                .isInstanceOf(StreamUnavailableException.class)
                .hasMessageContaining("--upstream")
                .satisfies(e -> assertThat(((StreamUnavailableException) e).error()).isEqualTo(EdgeError.NO_UPSTREAM));
    }

    @Test
    void streamsTheNodeMakesItselfComeFirst() throws Exception {
        UpstreamChoice c = choice(SigningRules.NONE, LIVE);
        UpstreamEndpoint made = UpstreamEndpoint.of("transcode://live/cam?rendition=360p");
        c.internal(k -> k.stream().endsWith("_360p") ? List.of(made) : null);
        assertThat(c.candidates(new StreamKey("live", "cam_360p")).current()).containsExactly(made);
        assertThat(c.candidates(CAM).current()).containsExactly(UpstreamEndpoint.of("http://parent:8080/live/cam.flv"));
    }

    @Test
    void discoveredParentsGoAheadOfTheRule() throws Exception {
        UpstreamChoice c = choice(SigningRules.NONE, LIVE);
        c.discovery(new Parents("http://p1:8080/live/cam.flv"));
        assertThat(c.candidates(CAM).current()).containsExactly(
                UpstreamEndpoint.of("http://p1:8080/live/cam.flv"), UpstreamEndpoint.of("http://parent:8080/live/cam.flv"));
    }

    @Test
    void noParentAndNoRuleNamesWhatWasConsulted() {
        UpstreamChoice c = choice(SigningRules.NONE, LIVE);
        c.discovery(new Parents());
        StreamKey vod = new StreamKey("vod", "x");
        assertThat(c.serves(vod)).isFalse();
        assertThatThrownBy(() -> c.candidates(vod)).hasMessageContaining("Consul service edge");
    }

    @Test
    void pullsFromParentEdgesAreSignedAndTheSignatureIsReusedUntilItIsRenewed() throws Exception {
        SigningRules signing = new SigningRules(Duration.ofSeconds(30),
                List.of(new SigningRule("live/*", UrlSigning.Scheme.TXSECRET, "0123456789abcdef")));
        Parents parents = new Parents("http://p1:8080/live/cam.flv", "srt://origin:9000?mode=caller");
        UpstreamChoice c = choice(signing, LIVE);
        c.discovery(parents);
        UpstreamCandidates cands = c.candidates(CAM);
        List<UpstreamEndpoint> first = cands.current();
        assertThat(first.get(0).uri().getQuery()).contains("txSecret=").contains("txTime=");
        assertThat(first.get(1)).isEqualTo(UpstreamEndpoint.of("srt://origin:9000?mode=caller")); // not HTTP: as it is
        assertThat(first.get(2).uri().getQuery()).contains("txSecret=");

        time.advance(Duration.ofMinutes(49));
        assertThat(cands.current()).isEqualTo(first); // same URL while more than 10 minutes are left
        time.advance(Duration.ofMinutes(2));
        List<UpstreamEndpoint> renewed = cands.current();
        assertThat(renewed.get(0)).isNotEqualTo(first.get(0));
        assertThat(renewed.get(0).uri().getPath()).isEqualTo("/live/cam.flv");

        cands.failed(renewed.get(0), new io.edgecdn.pull.PullOutcome(io.edgecdn.pull.PullOutcome.Reason.CONNECT_FAILED, "refused", false));
        assertThat(parents.failed).containsExactly(UpstreamEndpoint.of("http://p1:8080/live/cam.flv")); // the unsigned parent
    }

    @Test
    void streamsWithoutASigningRuleAreNotSigned() throws Exception {
        SigningRules signing = new SigningRules(Duration.ofSeconds(30),
                List.of(new SigningRule("live/paid", UrlSigning.Scheme.HMAC, "0123456789abcdef")));
        UpstreamChoice c = choice(signing, LIVE);
        assertThat(c.candidates(CAM).current()).containsExactly(UpstreamEndpoint.of("http://parent:8080/live/cam.flv"));
        assertThat(c.candidates(new StreamKey("live", "paid")).current().get(0).uri().getQuery()).contains("sig=");
    }
}
