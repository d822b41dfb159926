package io.edgecdn.edge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgecdn.edge.cluster.ClusterService;
import io.edgecdn.ops.AdminException;
import io.edgecdn.ops.AdminRequest;
import io.edgecdn.ops.AdminRoute;
import io.edgecdn.ops.config.ConfigValues;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.edgecdn.edge.admin.AdminApi.ordered;

/** {@code GET /admin/node} (identity, Consul state, totals, JVM) and {@code POST /admin/drain}. */
final class NodeResource {
    private final AdminViews views;
    private final Instant started;

    NodeResource(AdminViews views) {
        this.views = views;
        this.started = views.clock().instant();
    }

    List<AdminRoute> routes() {
        return List.of(
                AdminRoute.get("/admin/node", r -> nodeInfo()),
                AdminRoute.post("/admin/drain", this::drain));
    }

    private Map<String, Object> nodeInfo() {
        Map<String, Object> m = new LinkedHashMap<>();
        String v = AdminApi.class.getPackage().getImplementationVersion();
        m.put("version", v == null ? "dev" : v);
        m.put("startedAt", started.toString());
        m.put("uptimeSeconds", Duration.between(started, views.clock().instant()).toSeconds());
        ClusterService c = views.cluster().get();
        m.put("nodeId", c.self().id());
        m.put("tier", c.self().tier());
        m.put("region", c.self().region());
        m.put("url", c.self().baseUrl());
        Map<String, Object> consul = new LinkedHashMap<>();
        consul.put("configured", c.clustered());
        consul.put("registration", c.registrationState() == null ? null : c.registrationState().name().toLowerCase());
        consul.put("drain", c.drainState().name().toLowerCase());
        consul.put("parents", c.parents().stream().map(p -> p.id()).toList());
        consul.put("healthyNodesInTier", c.siblings().size());
        m.put("consul", consul);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("streams", views.streams().count());
        totals.put("httpFlvViewers", views.delivery().viewers());
        totals.put("httpFlvViewersServed", views.delivery().viewersTotal());
        totals.put("hlsViewers", views.hls().viewers().count());
        totals.put("hlsSessions", views.hls().sessions());
        totals.put("webrtcViewers", views.webrtc().count());
        totals.put("webrtcSessionsOpened", views.webrtc().opened());
        totals.put("egressBytes", views.delivery().bytesOut() + views.hls().stats().bytesOut() + views.webrtc().totals().bytesSent());
        totals.put("framesSkipped", views.delivery().framesSkipped());
        totals.put("viewersClosedSlow", views.delivery().closedSlow());
        totals.put("transcodeSessions", views.transcode().sessions().size());
        m.put("totals", totals);
        m.put("jvm", Map.of("heapUsedBytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                "availableProcessors", Runtime.getRuntime().availableProcessors()));
        return m;
    }

    private Object drain(AdminRequest r) {
        ClusterService c = views.cluster().get();
        JsonNode d = r.body().path("deadline");
        Instant until;
        if (d.isMissingNode() || d.isNull()) {
            until = c.drain();
        } else {
            Duration within;
            try {
                within = ConfigValues.parseDuration(d.asText());
            } catch (IllegalArgumentException e) {
                throw AdminException.badRequest("deadline", e.getMessage());
            }
            until = c.drain(within);
        }
        return ordered("drain", c.drainState().name().toLowerCase(), "deadline", until.toString());
    }
}
