package io.edgecdn.edge.router;

import io.edgecdn.ops.EdgeError;
import io.edgecdn.ops.http.HttpResponses;

import io.edgecdn.edge.cluster.ClusterService;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.scheduler.NodeInfo;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /schedule/{app}/{stream}?region=R[&limit=N]}: the best edges of this node's tier for a
 * viewer of the stream, best first, as JSON:
 * <pre>{"stream":"live/a","region":"eu","edges":[{"node":"edge-1","region":"eu","load":0.02,
 *   "flv":"http://10.0.0.5:8080/live/a.flv","hls":"http://10.0.0.5:8080/live/a.m3u8"}, ...]}</pre>
 * Ranking: rendezvous hashing of the stream key over the healthy nodes (their Consul checks pass:
 * not overloaded, not draining), the viewer's region preferred, lightly loaded nodes favoured.
 * {@code limit} is 1-20 (default 3); no healthy edge: 503.
 */
final class ScheduleHandler {
    private final ClusterService cluster;

    ScheduleHandler(ClusterService cluster) {
        this.cluster = cluster;
    }

    void serve(HttpServerExchange exchange, StreamKey key) {
        Deque<String> r = exchange.getQueryParameters().get("region");
        String region = r == null || r.peekFirst().isEmpty() ? null : r.peekFirst();
        Deque<String> l = exchange.getQueryParameters().get("limit");
        int limit = 3;
        if (l != null) {
            try {
                limit = Integer.parseInt(l.peekFirst());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 20) {
                HttpResponses.error(exchange, EdgeError.BAD_LIMIT, "limit must be 1-20, got '" + l.peekFirst() + "'", key.toString());
                return;
            }
        }
        if (region != null && !region.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
            HttpResponses.error(exchange, EdgeError.BAD_REGION, "region must be 1-63 of [A-Za-z0-9_.-]", key.toString());
            return;
        }
        List<NodeInfo> best = cluster.schedule(key, region, limit);
        if (best.isEmpty()) {
            HttpResponses.error(exchange, EdgeError.NO_EDGE, "no healthy edge for " + key + " right now; retry shortly", key.toString());
            return;
        }
        List<Map<String, Object>> edges = new ArrayList<>();
        for (NodeInfo n : best) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("node", n.id());
            e.put("region", n.region());
            e.put("load", Double.parseDouble(String.format(Locale.ROOT, "%.3f", n.load())));
            e.put("flv", n.baseUrl() + "/" + key.app() + "/" + key.stream() + ".flv");
            e.put("hls", n.baseUrl() + "/" + key.app() + "/" + key.stream() + ".m3u8");
            edges.add(e);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stream", key.toString());
        body.put("region", region);
        body.put("edges", edges);
        HttpResponses.json(exchange, 200, body);
    }
}
