package io.edgecdn.scheduler.consul;

import com.ecwid.consul.ConsulException;
import com.ecwid.consul.v1.OperationException;
import com.ecwid.consul.v1.agent.model.NewService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node registered with its Consul agent: a service named {@code settings.service()} with
 * ID = node id, the node's address and port, tags {@code tier-N} and {@code region-R}, metadata with
 * its capacity and load, and a TTL check ({@code service:ID}) passed every third of the TTL while the
 * node is healthy and failed while it is overloaded or draining.
 *
 * <p>Metadata carries {@code tier}, {@code region}, {@code weight}, {@code max_viewers}, {@code
 * max_egress_mbps}, {@code viewers}, {@code egress_mbps}, {@code streams} and {@code url}. The
 * service is re-registered when its load moved by 5 % of capacity, or at most every 30 s when it
 * moved at all (re-registering is a catalog write; load is not worth more), and at once when the
 * agent answers that it does not know the check (the agent restarted or lost its state).
 *
 * <p>When the agent cannot be reached the node keeps serving; this logs once, retries with backoff
 * (1 s doubling to 30 s) and logs again when the agent is back. All calls run on the given scheduler.
 */
public final class NodeRegistration implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeRegistration.class);
    static final long META_REFRESH_MS = 30_000;
    static final double SIGNIFICANT_LOAD_CHANGE = 0.05;

    /** The node's load, as reported. */
    public record Load(int viewers, double egressMbps, int streams) {
    }

    /** What the node's check says. */
    public enum Health { PASSING, OVERLOADED, DRAINING }

    /** Where the registration stands, for logs and the admin API. */
    public enum State { STARTING, REGISTERED, CONSUL_UNREACHABLE, DEREGISTERED }

    private final Consul consul;
    private final NodeIdentity self;
    private final Supplier<Load> load;
    private final java.time.Clock clock;
    private volatile boolean draining;
    private volatile State state = State.STARTING;
    private volatile Health health = Health.PASSING;
    private boolean registered;
    private Load registeredLoad;
    private long registeredAtMs;
    private long nextAttemptMs;
    private long backoffMs = 1_000;
    private ScheduledFuture<?> task;

    public NodeRegistration(Consul consul, NodeIdentity self, Supplier<Load> load) {
        this(consul, self, load, java.time.Clock.systemUTC());
    }

    /** @param clock when re-registration attempts are due (backoff after a failure) */
    public NodeRegistration(Consul consul, NodeIdentity self, Supplier<Load> load, java.time.Clock clock) {
        this.consul = consul;
        this.self = self;
        this.load = load;
        this.clock = clock;
    }

    /** The Consul check ID of this node's TTL check. */
    public String checkId() {
        return "service:" + self.id();
    }

    /** Registers now and then heartbeats every third of the check TTL on {@code scheduler}. */
    public synchronized void start(ScheduledExecutorService scheduler) {
        long period = consul.settings().heartbeat().toMillis();
        task = scheduler.scheduleWithFixedDelay(this::tickSafely, 0, period, TimeUnit.MILLISECONDS);
    }

    /** Marks the node draining (its check fails from the next heartbeat on) or not. */
    public void draining(boolean on) {
        this.draining = on;
    }

    public State state() {
        return state;
    }

    public Health health() {
        return health;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.error("Consul heartbeat failed unexpectedly", e);
        }
    }

    /** One heartbeat: (re-)register when needed, then pass or fail the check. */
    synchronized void tick() {
        if (state == State.DEREGISTERED) {
            return;
        }
        long now = clock.millis();
        if (now < nextAttemptMs) {
            return;
        }
        Load l = load.get();
        Health h = draining ? Health.DRAINING
                : l.viewers() >= self.maxViewers() || l.egressMbps() >= self.maxEgressMbps() ? Health.OVERLOADED : Health.PASSING;
        if (h != health) {
            log.info("Consul check {} -> {} ({})", checkId(), h == Health.PASSING ? "passing" : "critical", note(h, l));
        }
        health = h;
        try {
            if (!registered || metaOutdated(l, now)) {
                register(l, h, now);
            }
            try {
                update(h, l);
            } catch (OperationException e) {
                // the agent does not know the check: it restarted or lost its state
                log.warn("Consul agent lost this node's registration (HTTP {} on check {}: {}); registering again",
                        e.getStatusCode(), checkId(), trim(e.getStatusContent()));
                register(l, h, now);
                update(h, l);
            }
            if (state == State.CONSUL_UNREACHABLE) {
                log.info("Consul agent at {} reachable again; node {} registered", consul.settings().address(), self.id());
            }
            state = State.REGISTERED;
            backoffMs = 1_000;
        } catch (ConsulException e) {
            registered = registered && !(e instanceof OperationException);
            if (state != State.CONSUL_UNREACHABLE) {
                log.warn("Consul agent at {} unreachable or refusing ({}); serving on with the last known view, retrying with backoff",
                        consul.settings().address(), trim(String.valueOf(e.getMessage())));
            }
            state = State.CONSUL_UNREACHABLE;
            nextAttemptMs = now + backoffMs;
            backoffMs = Math.min(30_000, backoffMs * 2);
        }
    }

    private boolean metaOutdated(Load l, long now) {
        if (l.equals(registeredLoad)) {
            return false;
        }
        double dv = Math.abs(l.viewers() - registeredLoad.viewers()) / (double) self.maxViewers();
        double de = Math.abs(l.egressMbps() - registeredLoad.egressMbps()) / self.maxEgressMbps();
        boolean significant = dv >= SIGNIFICANT_LOAD_CHANGE || de >= SIGNIFICANT_LOAD_CHANGE;
        return significant || now - registeredAtMs >= META_REFRESH_MS;
    }

    private void register(Load l, Health h, long now) {
        ConsulSettings s = consul.settings();
        NewService svc = new NewService();
        svc.setId(self.id());
        svc.setName(s.service());
        svc.setAddress(self.host());
        svc.setPort(self.port());
        svc.setTags(List.of(NodeIdentity.tierTag(self.tier()), NodeIdentity.regionTag(self.region())));
        svc.setMeta(meta(l));
        NewService.Check check = new NewService.Check();
        check.setTtl(s.checkTtl().toMillis() + "ms");
        check.setStatus(h == Health.PASSING ? "passing" : "critical");
        check.setDeregisterCriticalServiceAfter(s.deregisterCriticalAfter().toSeconds() + "s");
        svc.setCheck(check);
        consul.client().agentServiceRegister(svc, consul.token());
        if (!registered) {
            log.info("registered node {} in Consul as {} (tier {}, region {}, {}), check {} with TTL {} ms",
                    self.id(), s.service(), self.tier(), self.region(), self.baseUrl(), checkId(), s.checkTtl().toMillis());
        }
        registered = true;
        registeredLoad = l;
        registeredAtMs = now;
    }

    private void update(Health h, Load l) {
        if (h == Health.PASSING) {
            consul.client().agentCheckPass(checkId(), note(h, l), consul.token());
        } else {
            consul.client().agentCheckFail(checkId(), note(h, l), consul.token());
        }
    }

    Map<String, String> meta(Load l) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("tier", Integer.toString(self.tier()));
        m.put("region", self.region());
        m.put("weight", Double.toString(self.weight()));
        m.put("max_viewers", Integer.toString(self.maxViewers()));
        m.put("max_egress_mbps", fmt(self.maxEgressMbps()));
        m.put("viewers", Integer.toString(l.viewers()));
        m.put("egress_mbps", fmt(l.egressMbps()));
        m.put("streams", Integer.toString(l.streams()));
        m.put("url", self.baseUrl());
        return m;
    }

    private String note(Health h, Load l) {
        String load = "viewers " + l.viewers() + "/" + self.maxViewers() + ", egress " + fmt(l.egressMbps()) + "/"
                + fmt(self.maxEgressMbps()) + " Mbps, streams " + l.streams();
        return switch (h) {
            case PASSING -> "ok: " + load;
            case OVERLOADED -> "overloaded: " + load;
            case DRAINING -> "draining: " + load;
        };
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    private static String trim(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s.strip();
    }

    /** Stops heartbeating and removes the node from Consul (a clean shutdown or the end of a drain). */
    public synchronized void deregister() {
        if (task != null) {
            task.cancel(false);
        }
        if (state == State.DEREGISTERED) {
            return;
        }
        try {
            consul.client().agentServiceDeregister(self.id(), consul.token());
            log.info("deregistered node {} from Consul", self.id());
        } catch (ConsulException e) {
            log.warn("could not deregister node {} from Consul ({}); its check will turn critical after {} and Consul will remove it after {}",
                    self.id(), e.getMessage(), consul.settings().checkTtl(), consul.settings().deregisterCriticalAfter());
        }
        state = State.DEREGISTERED;
        registered = false;
    }

    @Override
    public void close() {
        deregister();
    }
}
