package io.edgecdn.scheduler.consul;

import com.ecwid.consul.ConsulException;
import com.ecwid.consul.v1.Response;
import com.ecwid.consul.v1.health.model.HealthService;
import io.edgecdn.scheduler.NodeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the healthy instances of one service (optionally one tag) with Consul blocking queries
 * ({@code GET /v1/health/service/:name?passing&index=&wait=}) on its own thread, and keeps the
 * latest answer as a list of {@link NodeInfo}. Follows Consul's rules for blocking queries: the
 * index is reset to 0 when it goes backwards, and a query that returns at once without a change is
 * not repeated sooner than 100 ms later. When Consul cannot be reached the last view stays in use;
 * this logs once, retries with backoff (1 s doubling to 30 s), and logs again when it is back.
 *
 * <p>Instances are read from their metadata (see {@link NodeRegistration}; origins: {@code url},
 * {@code region}, {@code weight}); an instance with unreadable metadata is skipped with a warning.
 */
public final class ServiceWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceWatch.class);
    /** Capacity given to origins, which report none. */
    static final int ORIGIN_CAPACITY = 1_000_000;

    private final Consul consul;
    private final String service;
    private final String tag;
    private final boolean origins;
    private final CountDownLatch synced = new CountDownLatch(1);
    private volatile List<NodeInfo> nodes = List.of();
    private volatile boolean closed;
    private volatile long index;
    private Thread thread;

    /**
     * @param service the service name
     * @param tag only instances with this tag (e.g. {@code tier-1}), or null for all
     * @param origins whether the instances are origins ({@code url} in their metadata, tier 0)
     */
    public ServiceWatch(Consul consul, String service, String tag, boolean origins) {
        this.consul = consul;
        this.service = service;
        this.tag = tag;
        this.origins = origins;
    }

    /** Starts the watch thread. */
    public synchronized ServiceWatch start() {
        thread = Thread.ofPlatform().name("consul-watch-" + service + (tag == null ? "" : "-" + tag)).daemon(true).start(this::run);
        return this;
    }

    /** The healthy instances at the last answer (empty before the first). */
    public List<NodeInfo> nodes() {
        return nodes;
    }

    /** The {@code X-Consul-Index} of the last answer. */
    public long index() {
        return index;
    }

    /** Waits for the first answer; false when none came within {@code timeout}. */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        return synced.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What is watched, for logs. */
    public String describe() {
        return "service " + service + (tag == null ? "" : " tag " + tag);
    }

    private void run() {
        long backoff = 1_000;
        boolean down = false;
        long waitSeconds = Math.max(1, consul.settings().watchWait().toSeconds());
        while (!closed) {
            long started = System.nanoTime();
            try {
                Response<List<HealthService>> r = consul.healthyInstances(service, tag, index, waitSeconds);
                long newIndex = r.getConsulIndex() == null ? 0 : r.getConsulIndex();
                List<NodeInfo> next = map(r.getValue());
                boolean changed = !next.equals(nodes);
                nodes = next;
                if (changed || synced.getCount() > 0) {
                    log.info("Consul {}: {} healthy instance(s) {}", describe(), next.size(), next.stream().map(NodeInfo::id).toList());
                }
                synced.countDown();
                if (down) {
                    log.info("Consul reachable again; watching {}", describe());
                    down = false;
                }
                backoff = 1_000;
                boolean unchanged = newIndex == index;
                index = newIndex < index || newIndex < 0 ? 0 : newIndex;
                long tookMs = (System.nanoTime() - started) / 1_000_000;
                if (unchanged && tookMs < 100) {
                    Thread.sleep(100 - tookMs);
                }
            } catch (ConsulException e) {
                if (closed) {
                    return;
                }
                if (!down) {
                    log.warn("Consul query of {} failed ({}); using the last known {} instance(s), retrying with backoff",
                            describe(), e.getMessage(), nodes.size());
                    down = true;
                }
                index = 0;
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(30_000, backoff * 2);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                log.error("Consul watch of {} failed unexpectedly; retrying in 1 s", describe(), e);
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private List<NodeInfo> map(List<HealthService> entries) {
        List<NodeInfo> out = new ArrayList<>();
        if (entries == null) {
            return out;
        }
        for (HealthService e : entries) {
            try {
                out.add(origins ? origin(e) : node(e));
            } catch (RuntimeException ex) {
                log.warn("Consul {}: skipping instance {} with unreadable metadata: {}", describe(),
                        e.getService() == null ? "?" : e.getService().getId(), ex.getMessage());
            }
        }
        out.sort(java.util.Comparator.comparing(NodeInfo::id));
        return List.copyOf(out);
    }

    private static String address(HealthService e) {
        String a = e.getService().getAddress();
        return a == null || a.isEmpty() ? e.getNode().getAddress() : a;
    }

    /** An edge node from its registration (see {@link NodeRegistration#meta}). */
    static NodeInfo node(HealthService e) {
        Map<String, String> m = e.getService().getMeta() == null ? Map.of() : e.getService().getMeta();
        String url = m.getOrDefault("url", "http://" + address(e) + ":" + e.getService().getPort());
        return new NodeInfo(e.getService().getId(), url, Integer.parseInt(m.getOrDefault("tier", "0")),
                m.getOrDefault("region", ""), Double.parseDouble(m.getOrDefault("weight", "1")),
                Integer.parseInt(m.getOrDefault("max_viewers", "1000")), Double.parseDouble(m.getOrDefault("max_egress_mbps", "10000")),
                Integer.parseInt(m.getOrDefault("viewers", "0")), Double.parseDouble(m.getOrDefault("egress_mbps", "0")));
    }

    /** An origin from its catalog registration (see {@link Consul#registerOrigin}). */
    static NodeInfo origin(HealthService e) {
        Map<String, String> m = e.getService().getMeta() == null ? Map.of() : e.getService().getMeta();
        String url = m.get("url");
        if (url == null) {
            throw new IllegalArgumentException("origin has no 'url' metadata");
        }
        return new NodeInfo(e.getService().getId(), url, 0, m.getOrDefault("region", ""),
                Double.parseDouble(m.getOrDefault("weight", "1")), ORIGIN_CAPACITY, ORIGIN_CAPACITY, 0, 0, url);
    }

    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
        }
    }
}
