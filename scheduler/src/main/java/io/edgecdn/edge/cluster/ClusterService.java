package io.edgecdn.edge.cluster;

import com.ecwid.consul.ConsulException;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.upstream.ParentDiscovery;
import io.edgecdn.pull.PullOutcome;
import io.edgecdn.pull.UpstreamCandidates;
import io.edgecdn.pull.UpstreamEndpoint;
import io.edgecdn.scheduler.NodeInfo;
import io.edgecdn.scheduler.PenaltyBox;
import io.edgecdn.scheduler.RedirectPolicy;
import io.edgecdn.scheduler.RendezvousRanker;
import io.edgecdn.scheduler.consul.Consul;
import io.edgecdn.scheduler.consul.NodeIdentity;
import io.edgecdn.scheduler.consul.NodeRegistration;
import io.edgecdn.scheduler.consul.ServiceWatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's place in the CDN. With Consul configured it registers the node ({@link
 * NodeRegistration}), watches the healthy nodes of the tier above (origins for tier 1) and of its own
 * tier ({@link ServiceWatch}), ranks a stream's parents by weighted rendezvous hashing (so each
 * stream is pulled by one parent per tier; a failing parent goes to the penalty box), answers
 * {@code /schedule}, decides redirects of new viewers when the node is over its threshold or
 * draining, and runs drains (requested here or through the Consul KV key the {@code drain} command
 * writes). Without Consul it is a standalone node: static upstreams, {@code /schedule} answers with
 * itself, no redirects.
 */
public final class ClusterService implements ParentDiscovery, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterService.class);

    /** Where a drain stands. */
    public enum DrainState { NONE, DRAINING, DRAINED }

    private final ClusterSettings config;
    private final NodeIdentity self;
    private final LoadMeter load;
    private final IntSupplier activeViewers;
    private final PenaltyBox penalty;
    private final RedirectPolicy redirectPolicy;
    private final Consul consul;
    private final NodeRegistration registration;
    private final ServiceWatch parents;
    private final ServiceWatch siblings;
    private final ScheduledExecutorService scheduler;
    /** Consul calls (heartbeat, drain poll) run here, never on the node's scheduler: a slow agent delays nothing else. */
    private final ScheduledExecutorService consulThread;
    private final Clock clock;
    private volatile DrainState drain = DrainState.NONE;
    private volatile Instant drainDeadline;
    private ScheduledFuture<?> drainTask;
    private ScheduledFuture<?> drainPoll;
    private boolean drainPollFailedLogged;

    /**
     * @param self the node's identity (with its real port)
     * @param load the node's load, sampled every heartbeat
     * @param activeViewers viewers still connected (a drain waits for 0)
     * @param scheduler runs the drain steps (every 500 ms) when there is no Consul thread
     * @param clock wall time: drain deadlines, failure penalties
     */
    public ClusterService(ClusterSettings config, NodeIdentity self, LoadMeter load, IntSupplier activeViewers,
                          ScheduledExecutorService scheduler, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.self = self;
        this.load = load;
        this.activeViewers = activeViewers;
        this.scheduler = scheduler;
        this.penalty = new PenaltyBox(config.penaltyFailures(), config.penaltyWindow(), config.penaltyDuration(), clock);
        this.redirectPolicy = new RedirectPolicy(config.redirectThreshold());
        if (config.consul() == null) {
            consulThread = null;
            consul = null;
            registration = null;
            parents = null;
            siblings = null;
            return;
        }
        consulThread = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("consul-heartbeat").daemon(true).unstarted(r));
        consul = new Consul(config.consul());
        registration = new NodeRegistration(consul, self, load::sample);
        parents = self.tier() == 1
                ? new ServiceWatch(consul, config.consul().originService(), null, true)
                : new ServiceWatch(consul, config.consul().service(), NodeIdentity.tierTag(self.tier() - 1), false);
        siblings = new ServiceWatch(consul, config.consul().service(), NodeIdentity.tierTag(self.tier()), false);
    }

    /** Registers with Consul and starts the watches; waits up to 3 s for the first view of the parents. */
    public void start() {
        if (consul == null) {
            log.info("no Consul configured: standalone node {}, static upstreams only", self.id());
            return;
        }
        registration.start(consulThread);
        parents.start();
        siblings.start();
        long period = config.consul().heartbeat().toMillis();
        drainPoll = consulThread.scheduleWithFixedDelay(this::pollDrainRequest, period, period, TimeUnit.MILLISECONDS);
        try {
            if (!parents.awaitSynced(Duration.ofSeconds(3))) {
                log.warn("no answer from Consul at {} yet; streams use the static upstreams until it answers", config.consul().address());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public NodeIdentity self() {
        return self;
    }

    /** Whether Consul is configured. */
    public boolean clustered() {
        return consul != null;
    }

    /** The registration state, or null when standalone. */
    public NodeRegistration.State registrationState() {
        return registration == null ? null : registration.state();
    }

    public DrainState drainState() {
        return drain;
    }

    /** The healthy parents last seen (origins for tier 1); empty when standalone. */
    public List<NodeInfo> parents() {
        return parents == null ? List.of() : parents.nodes();
    }

    /** The healthy nodes of this tier last seen (this node included while its check passes). */
    public List<NodeInfo> siblings() {
        return siblings == null ? List.of() : siblings.nodes();
    }

    // ---- upstream discovery ----

    @Override
    public UpstreamCandidates candidates(StreamKey key, List<UpstreamEndpoint> fallback) {
        return new ParentCandidates(key, fallback);
    }

    @Override
    public String describe() {
        return parents == null ? "no Consul" : "Consul " + parents.describe();
    }

    /** The ranked parents of a stream, best first (for the admin API and tests). */
    public List<NodeInfo> rankParents(StreamKey key) {
        return RendezvousRanker.rank(key.toString(), parents(), self.region(), penalty);
    }

    private final class ParentCandidates implements UpstreamCandidates {
        private final StreamKey key;
        private final List<UpstreamEndpoint> fallback;
        private final Map<UpstreamEndpoint, String> nodeOf = new ConcurrentHashMap<>();

        ParentCandidates(StreamKey key, List<UpstreamEndpoint> fallback) {
            this.key = key;
            this.fallback = fallback;
        }

        @Override
        public List<UpstreamEndpoint> current() {
            List<UpstreamEndpoint> out = new ArrayList<>();
            for (NodeInfo n : rankParents(key)) {
                if (n.id().equals(self.id())) {
                    continue;
                }
                try {
                    UpstreamEndpoint e = UpstreamEndpoint.of(n.pullUrl(key.app(), key.stream()));
                    nodeOf.put(e, n.id());
                    out.add(e);
                } catch (IllegalArgumentException ex) {
                    log.warn("parent {} has an unusable pull URL {}: {}", n.id(), n.pullTemplate(), ex.getMessage());
                }
            }
            for (UpstreamEndpoint e : fallback) {
                if (!out.contains(e)) {
                    out.add(e);
                }
            }
            return out;
        }

        @Override
        public void delivered(UpstreamEndpoint upstream) {
            String id = nodeOf.get(upstream);
            if (id != null) {
                penalty.success(id);
            }
        }

        @Override
        public void failed(UpstreamEndpoint upstream, PullOutcome outcome) {
            String id = nodeOf.get(upstream);
            if (id != null) {
                penalty.failure(id);
                if (penalty.isBoxed(id)) {
                    log.warn("parent {} failed {} time(s) within {}; tried last for {}", id, config.penaltyFailures(),
                            config.penaltyWindow(), config.penaltyDuration());
                }
            }
        }

        @Override
        public String toString() {
            return describe() + " + " + fallback;
        }
    }

    // ---- viewer scheduling ----

    /** This node as scheduling sees it, with its current load. */
    public NodeInfo selfInfo() {
        LoadMeter.Sample s = load.last();
        return new NodeInfo(self.id(), self.baseUrl(), self.tier(), self.region(), self.weight(), self.maxViewers(),
                self.maxEgressMbps(), load.viewersNow(), s.egressMbps());
    }

    /**
     * The best edges of this tier for a viewer of {@code key}, best first (at most {@code limit}):
     * rendezvous ranking of the healthy nodes with the viewer's region preferred. Standalone or
     * before Consul answered: this node alone.
     */
    public List<NodeInfo> schedule(StreamKey key, String viewerRegion, int limit) {
        List<NodeInfo> pool = siblings();
        if (pool.isEmpty()) {
            return drain == DrainState.NONE ? List.of(selfInfo()) : List.of();
        }
        List<NodeInfo> ranked = RendezvousRanker.rank(key.toString(), pool, viewerRegion, null);
        return ranked.subList(0, Math.min(limit, ranked.size()));
    }

    /**
     * Where to send a new viewer instead of serving it, or null to serve it here: another edge's
     * base URL when this node is over its redirect threshold or draining and the request was not
     * redirected already (never a loop).
     */
    public NodeInfo redirectTarget(StreamKey key, String viewerRegion, boolean alreadyRedirected) {
        if (!config.redirect() || consul == null || alreadyRedirected) {
            return null;
        }
        return redirectPolicy.decide(selfInfo(), siblings(), key.toString(), viewerRegion == null ? self.region() : viewerRegion,
                false, drain != DrainState.NONE);
    }

    // ---- drain ----

    /** {@link #drain(Duration)} within the configured {@code cluster.drain-deadline}. */
    public Instant drain() {
        return drain(config.drainDeadline());
    }

    /**
     * Starts draining: the check fails (no new viewers or children are sent here), new viewers are
     * redirected to other edges, and once no viewer is left or {@code deadline} passed the node
     * deregisters from Consul. Idempotent; returns the deadline in force.
     */
    public synchronized Instant drain(Duration within) {
        if (drain != DrainState.NONE) {
            return drainDeadline;
        }
        drain = DrainState.DRAINING;
        drainDeadline = clock.instant().plus(within);
        if (registration != null) {
            registration.draining(true);
        }
        log.info("draining node {}: failing its check, redirecting new viewers; {} viewer(s) left, deadline {}", self.id(),
                activeViewers.getAsInt(), drainDeadline);
        drainTask = (consulThread != null ? consulThread : scheduler).scheduleWithFixedDelay(this::drainStep, 200, 500, TimeUnit.MILLISECONDS);
        return drainDeadline;
    }

    private synchronized void drainStep() {
        if (drain != DrainState.DRAINING) {
            return;
        }
        int left = activeViewers.getAsInt();
        boolean late = clock.instant().isAfter(drainDeadline);
        if (left > 0 && !late) {
            return;
        }
        drain = DrainState.DRAINED;
        drainTask.cancel(false);
        if (registration != null) {
            registration.deregister();
        }
        if (consul != null) {
            try {
                consul.clearDrain(self.id());
            } catch (ConsulException e) {
                log.warn("could not remove the drain request {} from Consul KV: {}", consul.drainKey(self.id()), e.getMessage());
            }
        }
        log.info("node {} drained ({}); deregistered from Consul, safe to stop", self.id(),
                late && left > 0 ? "deadline passed with " + left + " viewer(s) still connected" : "no viewer left");
    }

    private void pollDrainRequest() {
        if (drain != DrainState.NONE) {
            return;
        }
        try {
            Optional<Instant> deadline = consul.drainRequest(self.id());
            drainPollFailedLogged = false;
            deadline.ifPresent(d -> {
                Duration within = Duration.between(clock.instant(), d);
                log.info("drain requested through Consul KV {} (deadline {})", consul.drainKey(self.id()), d);
                drain(within.isNegative() ? Duration.ZERO : within);
            });
        } catch (ConsulException e) {
            if (!drainPollFailedLogged) {
                log.debug("drain request poll failed: {}", e.getMessage());
                drainPollFailedLogged = true;
            }
        } catch (RuntimeException e) {
            log.error("drain request poll failed", e);
        }
    }

    @Override
    public void close() {
        if (drainPoll != null) {
            drainPoll.cancel(false);
        }
        if (consul == null) {
            return;
        }
        parents.close();
        siblings.close();
        if (drain != DrainState.DRAINED) {
            registration.deregister();
        }
        consulThread.shutdownNow();
        consul.close();
    }
}
