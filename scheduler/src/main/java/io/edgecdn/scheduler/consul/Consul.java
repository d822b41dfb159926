package io.edgecdn.scheduler.consul;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.ConsulRawClient;
import com.ecwid.consul.v1.QueryParams;
import com.ecwid.consul.v1.Response;
import com.ecwid.consul.v1.catalog.model.CatalogDeregistration;
import com.ecwid.consul.v1.catalog.model.CatalogRegistration;
import com.ecwid.consul.v1.health.HealthServicesRequest;
import com.ecwid.consul.v1.health.model.HealthService;
import com.ecwid.consul.v1.kv.model.GetValue;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;

/**
 * The node's connection to its Consul agent, through {@code consul-api} with HTTP clients of our
 * own timeouts: connect 2 s; read 5 s for ordinary calls, and the blocking-query wait plus 10 s
 * for watches (Consul adds up to wait/16 of jitter), on a client of their own so that a hung agent
 * never holds a heartbeat for long. Every call may throw {@link com.ecwid.consul.ConsulException}: {@code
 * TransportException} when the agent cannot be reached, {@code OperationException} (with the HTTP
 * status) when it refuses the call. Thread-safe.
 *
 * <p>Endpoints used (Consul HTTP API v1): {@code PUT /v1/agent/service/register}, {@code PUT
 * /v1/agent/service/deregister/:id}, {@code PUT /v1/agent/check/pass|fail/:id}, {@code GET
 * /v1/health/service/:name?passing&tag=&index=&wait=}, {@code GET|PUT|DELETE /v1/kv/:key}, and for
 * operators {@code PUT /v1/catalog/register} and {@code PUT /v1/catalog/deregister}.
 */
public final class Consul implements AutoCloseable {
    private final ConsulSettings settings;
    private final CloseableHttpClient http;
    private final CloseableHttpClient watchHttp;
    private final ConsulClient client;
    private final ConsulClient watchClient;

    public Consul(ConsulSettings settings) {
        this.settings = settings;
        this.http = httpClient(5_000);
        this.watchHttp = httpClient((int) Math.min(Integer.MAX_VALUE, settings.watchWait().toMillis() + 10_000));
        this.client = consulClient(settings, http);
        this.watchClient = consulClient(settings, watchHttp);
    }

    private static CloseableHttpClient httpClient(int readMs) {
        return HttpClientBuilder.create()
                .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(2_000).setConnectionRequestTimeout(2_000)
                        .setSocketTimeout(readMs).build())
                .setMaxConnPerRoute(32).setMaxConnTotal(64)
                .disableAutomaticRetries()
                .useSystemProperties()
                .build();
    }

    private static ConsulClient consulClient(ConsulSettings settings, CloseableHttpClient http) {
        URI uri = URI.create(settings.address());
        int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
        String path = uri.getPath() == null || uri.getPath().equals("/") ? "" : uri.getPath();
        return new ConsulClient(new ConsulRawClient(http, uri.getScheme() + "://" + uri.getHost(), port, path));
    }

    public ConsulSettings settings() {
        return settings;
    }

    /** The underlying client, for calls this class does not wrap. */
    public ConsulClient client() {
        return client;
    }

    String token() {
        return settings.token();
    }

    /**
     * One (blocking) query of the healthy instances of a service.
     *
     * @param tag only instances with this tag, or null
     * @param index the {@code X-Consul-Index} of the previous answer (0 = answer at once)
     * @param waitSeconds longest wait for a change past {@code index}
     */
    public Response<List<HealthService>> healthyInstances(String service, String tag, long index, long waitSeconds) {
        HealthServicesRequest.Builder b = HealthServicesRequest.newBuilder().setPassing(true)
                .setQueryParams(new QueryParams(waitSeconds, index)).setToken(token());
        if (tag != null) {
            b.setTag(tag);
        }
        return watchClient.getHealthServices(service, b.build());
    }

    /**
     * Registers an external origin in the catalog (no agent runs on it, so it has no check and
     * counts as healthy until deregistered): node {@code origin-NAME}, service {@code originService}
     * with ID {@code NAME}, and the metadata {@code url} (template), {@code region}, {@code weight}.
     */
    public void registerOrigin(String name, String urlTemplate, String region, double weight) {
        if (!ConsulSettings.validName(name)) {
            throw new IllegalArgumentException("--name '" + name + "' must be 1-63 of [A-Za-z0-9-]");
        }
        URI u = URI.create(urlTemplate.replace("{app}", "a").replace("{stream}", "s").replace("{key}", "a/s"));
        if (u.getHost() == null) {
            throw new IllegalArgumentException("--url '" + urlTemplate + "' has no host");
        }
        if (weight <= 0) {
            throw new IllegalArgumentException("--weight must be above 0, got " + weight);
        }
        CatalogRegistration reg = new CatalogRegistration();
        reg.setNode(originNode(name));
        reg.setAddress(u.getHost());
        reg.setNodeMeta(Map.of("external-node", "true", "external-probe", "false"));
        CatalogRegistration.Service s = new CatalogRegistration.Service();
        s.setId(name);
        s.setService(settings.originService());
        s.setAddress(u.getHost());
        s.setPort(u.getPort() > 0 ? u.getPort() : null);
        s.setTags(region == null ? List.of("tier-0") : List.of("tier-0", NodeIdentity.regionTag(region)));
        s.setMeta(region == null ? Map.of("url", urlTemplate, "weight", Double.toString(weight))
                : Map.of("url", urlTemplate, "weight", Double.toString(weight), "region", region));
        reg.setService(s);
        client.catalogRegister(reg, token());
    }

    /** Removes an origin registered by {@link #registerOrigin} (its node and service). */
    public void deregisterOrigin(String name) {
        CatalogDeregistration d = new CatalogDeregistration();
        d.setNode(originNode(name));
        client.catalogDeregister(d, token());
    }

    static String originNode(String name) {
        return "origin-" + name;
    }

    /** The KV key of a node's drain request. */
    public String drainKey(String nodeId) {
        return settings.kvPrefix() + "/drain/" + nodeId;
    }

    /** Asks a node to drain, finishing by {@code deadline} (written to KV, read by the node). */
    public void requestDrain(String nodeId, Instant deadline) {
        client.setKVValue(drainKey(nodeId), deadline.toString(), token(), null);
    }

    /** The drain deadline requested for a node, if any. */
    public Optional<Instant> drainRequest(String nodeId) {
        GetValue v = client.getKVValue(drainKey(nodeId), token()).getValue();
        if (v == null || v.getDecodedValue() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(v.getDecodedValue().trim()));
        } catch (RuntimeException e) {
            return Optional.of(Instant.EPOCH); // unreadable deadline: drain now
        }
    }

    /** Removes a node's drain request. */
    public void clearDrain(String nodeId) {
        client.deleteKVValue(drainKey(nodeId), token());
    }

    @Override
    public void close() {
        for (CloseableHttpClient c : new CloseableHttpClient[] {http, watchHttp}) {
            try {
                c.close();
            } catch (java.io.IOException ignored) {
                // closing sockets; nothing to do
            }
        }
    }
}
