package io.edgecdn.edge.admin;

import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.ops.AdminException;
import io.edgecdn.ops.AdminRequest;
import io.edgecdn.ops.AdminRoute;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's admin endpoints (served by {@link io.edgecdn.ops.AdminServer}); every one is
 * described in the README and in {@code docs/openapi.yaml}. Four resources: the node and drains
 * ({@link NodeResource}), streams and their viewers ({@link StreamResource}), the live config
 * ({@link ConfigResource}) and WebRTC playback ({@link WebRtcResource}). Changes apply live; configuration changes are written back to the
 * config file only with {@code ?persist=true}.
 */
public final class AdminApi {
    private final NodeResource node;
    private final StreamResource streams;
    private final ConfigResource config;
    private final WebRtcResource webrtc;

    /**
     * @param configFile the file {@code ?persist=true} writes to, or null when the node runs without one
     */
    public AdminApi(AdminViews views, Path configFile) {
        this.node = new NodeResource(views);
        this.streams = new StreamResource(views);
        this.config = new ConfigResource(views, configFile);
        this.webrtc = new WebRtcResource(views);
    }

    /** The routes of every resource. */
    public List<AdminRoute> routes() {
        List<AdminRoute> all = new ArrayList<>(node.routes());
        all.addAll(streams.routes());
        all.addAll(config.routes());
        all.addAll(webrtc.routes());
        return List.copyOf(all);
    }

    /** The {@code {app}/{stream}} of a route, checked. */
    static StreamKey key(AdminRequest r) {
        String app = r.param("app");
        String stream = r.param("stream");
        if (!StreamKey.valid(app) || !StreamKey.valid(stream)) {
            throw AdminException.badRequest("stream", "'" + app + "/" + stream + "' is not app/stream (1-128 of [A-Za-z0-9_.~-] each)");
        }
        return new StreamKey(app, stream);
    }

    /** A map in the order of its key-value arguments (JSON readers see fields in a stable order). */
    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

}
