package io.edgecdn.edge.upstream;

import io.edgecdn.ops.EdgeError;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamUnavailableException;
import io.edgecdn.edge.source.UpstreamResolver;
import io.edgecdn.pull.UpstreamCandidates;
import io.edgecdn.pull.UpstreamEndpoint;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The node's one upstream-choice path, in this order:
 * <ol>
 *   <li>streams the node makes itself (renditions, {@code transcode://}), as they are;</li>
 *   <li>else the discovered parents ({@link ParentDiscovery}: Consul, rendezvous-ranked, penalty
 *       box applied) followed by the first matching {@code --upstream} rule's URLs;</li>
 *   <li>without discovery, the matching rule's URLs alone;</li>
 *   <li>then, for a stream that needs signed URLs, pulls from parent edges are signed with the
 *       stream's key ({@link SignedCandidates}).</li>
 * </ol>
 * Thread-safe: the config is read anew for each stream, and the sources of steps 1 and 2 are set
 * once at start-up.
 */
public final class UpstreamChoice implements UpstreamResolver {
    private final Supplier<? extends UpstreamPolicy> config;
    private final Clock clock;
    private volatile Function<StreamKey, List<UpstreamEndpoint>> internal = key -> null;
    private volatile ParentDiscovery discovery;

    /** @param config the configuration in force (its upstream rules and signing rules) */
    public UpstreamChoice(Supplier<? extends UpstreamPolicy> config) {
        this(config, Clock.systemUTC());
    }

    /**
     * @param config the configuration in force (its upstream rules and signing rules)
     * @param clock the time signatures of upstream URLs expire by
     */
    public UpstreamChoice(Supplier<? extends UpstreamPolicy> config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Sets where the streams the node makes itself come from; it returns null for other keys. */
    public void internal(Function<StreamKey, List<UpstreamEndpoint>> resolver) {
        this.internal = resolver;
    }

    /** Sets the parent discovery (Consul); null: static upstream rules only. */
    public void discovery(ParentDiscovery d) {
        this.discovery = d;
    }

    @Override
    public UpstreamCandidates candidates(StreamKey key) throws StreamUnavailableException {
        List<UpstreamEndpoint> made = internal.apply(key);
        if (made != null) {
            return UpstreamCandidates.fixed(made);
        }
        UpstreamPolicy c = config.get();
        List<UpstreamEndpoint> fallback = c.upstreamFor(key).map(r -> r.endpoints(key)).orElse(List.of());
        ParentDiscovery d = discovery;
        UpstreamCandidates endpoints;
        if (d == null) {
            if (fallback.isEmpty()) {
                throw new StreamUnavailableException(EdgeError.NO_UPSTREAM,
                        "no upstream configured for " + key + ": no upstream pattern matches it (see --upstream)");
            }
            endpoints = UpstreamCandidates.fixed(fallback);
        } else {
            endpoints = d.candidates(key, fallback);
            if (endpoints.current().isEmpty()) {
                throw new StreamUnavailableException(EdgeError.NO_UPSTREAM,
                        "no upstream for " + key + ": " + d.describe() + " has no healthy instance and no --upstream pattern matches it");
            }
        }
        SigningRule signing = c.signing().ruleFor(key);
        return signing == null ? endpoints : new SignedCandidates(endpoints, key, signing, clock);
    }

    @Override
    public boolean serves(StreamKey key) {
        if (internal.apply(key) != null || config.get().upstreamFor(key).isPresent()) {
            return true;
        }
        ParentDiscovery d = discovery;
        return d != null && !d.candidates(key, List.of()).current().isEmpty();
    }
}
