package io.edgecdn.edge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgecdn.edge.EdgeNode;
import io.edgecdn.edge.cluster.ClusterService;
import io.edgecdn.edge.config.ConfigException;
import io.edgecdn.edge.config.ConfigLoader;
import io.edgecdn.edge.config.EdgeConfig;
import io.edgecdn.edge.flv.ViewerRegistry;
import io.edgecdn.edge.source.GopCacheLimits;
import io.edgecdn.edge.source.LiveSource;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamStatus;
import io.edgecdn.edge.source.StreamUnavailableException;
import io.edgecdn.edge.transcode.TranscodeService;
import io.edgecdn.media.codec.AudioInfo;
import io.edgecdn.media.codec.AudioSpecificConfig;
import io.edgecdn.media.codec.AvcDecoderConfigurationRecord;
import io.edgecdn.media.codec.HevcDecoderConfigurationRecord;
import io.edgecdn.media.codec.VideoInfo;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.ops.AdminException;
import io.edgecdn.ops.AdminRequest;
import io.edgecdn.ops.AdminRoute;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's admin endpoints (served by {@link io.edgecdn.ops.AdminServer}); every one is
 * described in the README and in {@code docs/openapi.yaml}. Changes apply live; configuration
 * changes are written back to the config file only with {@code ?persist=true}.
 */
public final class AdminApi {
    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EdgeNode node;
    private final Path configFile;
    private final Instant started = Instant.now();

    /**
     * @param configFile the file {@code ?persist=true} writes to, or null when the node runs without one
     */
    public AdminApi(EdgeNode node, Path configFile) {
        this.node = node;
        this.configFile = configFile;
    }

    /** The routes. */
    public List<AdminRoute> routes() {
        return List.of(
                AdminRoute.get("/admin/node", r -> nodeInfo()),
                AdminRoute.get("/admin/streams", r -> streams()),
                AdminRoute.get("/admin/streams/{app}/{stream}", r -> stream(key(r))),
                AdminRoute.delete("/admin/streams/{app}/{stream}", r -> stopStream(key(r))),
                AdminRoute.get("/admin/streams/{app}/{stream}/viewers", r -> viewers(key(r))),
                AdminRoute.delete("/admin/streams/{app}/{stream}/viewers/{id}", r -> kick(key(r), r.param("id"))),
                AdminRoute.post("/admin/streams/{app}/{stream}/pin", r -> pin(key(r), true)),
                AdminRoute.delete("/admin/streams/{app}/{stream}/pin", r -> pin(key(r), false)),
                AdminRoute.get("/admin/config/gop-cache", r -> gopCacheJson(node.streams().config())),
                AdminRoute.put("/admin/config/gop-cache", this::putGopCache),
                AdminRoute.get("/admin/config/ladder", r -> laddersJson(node.transcode().config())),
                AdminRoute.put("/admin/config/ladder", this::putLadder),
                AdminRoute.patch("/admin/streams/{app}/{stream}/renditions/{name}", this::patchRendition),
                AdminRoute.get("/admin/config/hls", r -> hlsJson(node.hls().config())),
                AdminRoute.put("/admin/config/hls", this::putHls),
                AdminRoute.post("/admin/drain", this::drain));
    }

    private static StreamKey key(AdminRequest r) {
        String app = r.param("app");
        String stream = r.param("stream");
        if (!StreamKey.valid(app) || !StreamKey.valid(stream)) {
            throw AdminException.badRequest("stream", "'" + app + "/" + stream + "' is not app/stream (1-128 of [A-Za-z0-9_.~-] each)");
        }
        return new StreamKey(app, stream);
    }

    private Map<String, Object> nodeInfo() {
        Map<String, Object> m = new LinkedHashMap<>();
        String v = EdgeNode.class.getPackage().getImplementationVersion();
        m.put("version", v == null ? "dev" : v);
        m.put("startedAt", started.toString());
        m.put("uptimeSeconds", Duration.between(started, Instant.now()).toSeconds());
        ClusterService c = node.cluster();
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
        totals.put("streams", node.streams().count());
        totals.put("httpFlvViewers", node.delivery().viewers());
        totals.put("httpFlvViewersServed", node.delivery().viewersTotal());
        totals.put("hlsViewers", node.hls().viewers().count());
        totals.put("hlsSessions", node.hls().sessions());
        totals.put("egressBytes", node.delivery().bytesOut() + node.hls().stats().bytesOut());
        totals.put("framesSkipped", node.delivery().framesSkipped());
        totals.put("viewersClosedSlow", node.delivery().closedSlow());
        totals.put("transcodeSessions", node.transcode().sessions().size());
        m.put("totals", totals);
        m.put("jvm", Map.of("heapUsedBytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                "availableProcessors", Runtime.getRuntime().availableProcessors()));
        return m;
    }

    private List<Map<String, Object>> streams() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StreamStatus s : node.streams().status()) {
            out.add(describe(s, false));
        }
        out.sort((a, b) -> String.valueOf(a.get("stream")).compareTo(String.valueOf(b.get("stream"))));
        return out;
    }

    private StreamStatus status(StreamKey key) {
        for (StreamStatus s : node.streams().status()) {
            if (s.source().key().equals(key)) {
                return s;
            }
        }
        throw AdminException.notFound("stream " + key + " is not pulled by this node");
    }

    private Map<String, Object> stream(StreamKey key) {
        return describe(status(key), true);
    }

    private Map<String, Object> describe(StreamStatus s, boolean detail) {
        StreamKey key = s.source().key();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stream", key.toString());
        m.put("state", s.pullState().name().toLowerCase());
        m.put("upstream", s.upstream() == null ? null : s.upstream().redacted());
        m.put("connectedSince", s.connectedSince() == null ? null : s.connectedSince().toString());
        m.put("connectedSeconds", s.connectedSince() == null ? null : Duration.between(s.connectedSince(), Instant.now()).toSeconds());
        m.put("reconnects", s.reconnects());
        m.put("lastOutcome", s.lastOutcome() == null ? null : s.lastOutcome().toString());
        m.put("pinned", s.pinned());
        m.put("ingressKbps", s.source().ingressKbps());
        m.put("fps", Math.round(s.source().fps() * 100) / 100.0);
        Map<String, Object> viewers = new LinkedHashMap<>();
        List<ViewerRegistry.ViewerInfo> flvViewers = node.viewers().list(key);
        int flv = flvViewers.size();
        long children = flvViewers.stream().filter(ViewerRegistry.ViewerInfo::child).count();
        viewers.put("httpFlv", flv - children);
        viewers.put("childNodes", children);
        viewers.put("hls", node.hls().viewers().count(key));
        viewers.put("hlsSession", node.hls().isWatched(key));
        viewers.put("internal", Math.max(0, s.source().consumers() - flv));
        m.put("viewers", viewers);
        Map<String, Object> gop = new LinkedHashMap<>();
        gop.put("frames", s.source().gopFrames());
        gop.put("bytes", s.source().gopBytes());
        gop.put("durationMs", s.source().gopDurationMs());
        gop.put("overflows", s.source().gopOverflows());
        m.put("gopCache", gop);
        if (detail) {
            LiveSource src = node.streams().source(key);
            if (src != null) {
                m.put("video", video(src.videoHeader()));
                m.put("audio", audio(src.audioHeader()));
                GopCacheLimits l = src.gopCacheLimits();
                gop.put("limits", ordered("enabled", l.enabled(), "maxFrames", l.maxFrames(), "maxBytes", l.maxBytes(),
                        "maxDurationMs", l.maxDurationMs()));
            }
            List<Map<String, Object>> renditions = new ArrayList<>();
            for (TranscodeService.SessionInfo t : node.transcode().sessions()) {
                if (t.base().equals(key)) {
                    Map<String, io.edgecdn.transcoder.Rendition> rungs = new LinkedHashMap<>();
                    node.transcode().config().ladderFor(key).forEach(x -> rungs.put(x.name(), x));
                    for (Map.Entry<String, String> r : t.renditions().entrySet()) {
                        Map<String, Object> rm = new LinkedHashMap<>();
                        rm.put("name", r.getKey());
                        rm.put("stream", key + "_" + r.getKey());
                        rm.put("size", r.getValue());
                        io.edgecdn.transcoder.Rendition rung = rungs.get(r.getKey());
                        rm.put("configuredBitrate", rung == null ? null : rung.videoBitrate());
                        LiveSource rs = node.streams().source(new StreamKey(key.app(), key.stream() + "_" + r.getKey()));
                        rm.put("measuredKbps", rs == null ? null : rs.stats().ingressKbps());
                        rm.put("lagMs", t.lagMs());
                        renditions.add(rm);
                    }
                }
            }
            m.put("renditions", renditions);
        }
        return m;
    }

    private static Map<String, Object> video(FlvTag header) {
        if (header == null || header.payloadSize() < 6) {
            return null;
        }
        try {
            VideoInfo v = header.isHevc()
                    ? HevcDecoderConfigurationRecord.parse(header.payload().position(5)).videoInfo()
                    : AvcDecoderConfigurationRecord.parse(header.payload().position(5)).videoInfo();
            return ordered("codec", v.codec().name().toLowerCase(), "width", v.width(), "height", v.height(),
                    "profile", v.profile(), "level", v.level());
        } catch (RuntimeException e) {
            return Map.of("codec", "unreadable", "error", String.valueOf(e.getMessage()));
        }
    }

    private static Map<String, Object> audio(FlvTag header) {
        if (header == null || header.payloadSize() < 3) {
            return null;
        }
        try {
            AudioInfo a = AudioSpecificConfig.parse(header.payload().position(2));
            return ordered("codec", "aac", "objectType", a.audioObjectType(), "sampleRateHz", a.sampleRateHz(), "channels", a.channels());
        } catch (RuntimeException e) {
            return Map.of("codec", "unreadable", "error", String.valueOf(e.getMessage()));
        }
    }

    /** A map in the order of its key-value arguments (JSON readers see fields in a stable order). */
    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private Map<String, Object> stopStream(StreamKey key) {
        if (!node.streams().stopStream(key, "stopped through the admin API")) {
            throw AdminException.notFound("stream " + key + " is not pulled by this node");
        }
        log.info("admin: stream {} stopped", key);
        return ordered("stream", key.toString(), "stopped", true);
    }

    private Map<String, Object> viewers(StreamKey key) {
        status(key);
        return ordered("stream", key.toString(), "viewers", node.viewers().list(key));
    }

    private Map<String, Object> kick(StreamKey key, String idText) {
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw AdminException.badRequest("id", "'" + idText + "' is not a viewer id (a number from GET .../viewers)");
        }
        if (!node.viewers().kick(key, id, "kicked through the admin API")) {
            throw AdminException.notFound("no viewer " + id + " on stream " + key);
        }
        return ordered("stream", key.toString(), "viewer", id, "closed", true);
    }

    private Map<String, Object> pin(StreamKey key, boolean on) {
        try {
            node.streams().pin(key, on);
        } catch (StreamUnavailableException e) {
            throw new AdminException(e.reason().httpStatus(), e.reason().code(), e.getMessage());
        }
        log.info("admin: stream {} {}", key, on ? "pinned" : "unpinned");
        return ordered("stream", key.toString(), "pinned", on);
    }

    static JsonNode gopLimitsJson(GopCacheLimits l) {
        ObjectNode o = JSON.createObjectNode();
        o.put("enabled", l.enabled());
        o.put("max-frames", l.maxFrames());
        o.put("max-bytes", l.maxBytes());
        o.put("max-duration", l.maxDurationMs() + "ms");
        o.put("audio-only-window", l.audioOnlyWindowMs() + "ms");
        return o;
    }

    static JsonNode gopCacheJson(EdgeConfig c) {
        ObjectNode o = (ObjectNode) gopLimitsJson(c.gopCache());
        ArrayNode overrides = o.putArray("overrides");
        for (EdgeConfig.GopCacheOverride ov : c.gopCacheOverrides()) {
            ObjectNode e = (ObjectNode) gopLimitsJson(ov.limits());
            ObjectNode withPattern = JSON.createObjectNode().put("pattern", ov.pattern());
            withPattern.setAll(e);
            overrides.add(withPattern);
        }
        return o;
    }

    private Object putGopCache(AdminRequest r) {
        if (!r.body().isObject()) {
            throw AdminException.badRequest("body", "send a JSON object with the gop-cache keys (see GET /admin/config/gop-cache)");
        }
        ConfigLoader.GopCacheSection section;
        EdgeConfig current = node.streams().config();
        try {
            // absent keys keep today's values; overrides are replaced only when given
            section = ConfigLoader.gopCache(r.body(), current.gopCache(), "body", "");
        } catch (ConfigException e) {
            throw new AdminException(400, "bad_request", e.getMessage());
        }
        List<EdgeConfig.GopCacheOverride> overrides = r.body().has("overrides") ? section.overrides() : current.gopCacheOverrides();
        EdgeConfig next = current.withGopCache(section.limits(), overrides);
        persistIfAsked(r, "gop-cache", gopCacheJson(next));
        node.streams().updateConfig(next);
        log.info("admin: GOP cache set to {} with {} override(s)", section.limits(), overrides.size());
        return gopCacheJson(next);
    }

    static ObjectNode renditionJson(io.edgecdn.transcoder.Rendition r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", r.name());
        if (r.width() > 0) {
            o.put("width", r.width());
        }
        o.put("height", r.height());
        o.put("bitrate", r.videoBitrate());
        o.put("maxrate", r.maxRate());
        o.put("preset", r.preset());
        o.put("profile", r.profile());
        o.put("audio-bitrate", r.audioBitrate());
        return o;
    }

    static ObjectNode laddersJson(EdgeConfig.Transcode t) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode ladder = o.putArray("ladder");
        t.ladder().forEach(r -> ladder.add(renditionJson(r)));
        ArrayNode overrides = o.putArray("overrides");
        for (EdgeConfig.LadderOverride ov : t.overrides()) {
            ObjectNode e = overrides.addObject();
            e.put("pattern", ov.pattern());
            ArrayNode l = e.putArray("ladder");
            ov.ladder().forEach(r -> l.add(renditionJson(r)));
        }
        return o;
    }

    /** The whole {@code transcode} section, for writing back. */
    static ObjectNode transcodeSection(EdgeConfig.Transcode t) {
        ObjectNode o = laddersJson(t);
        ObjectNode out = JSON.createObjectNode();
        out.put("encoder", t.encoder());
        out.setAll(o);
        ArrayNode always = out.putArray("always-on");
        t.alwaysOn().forEach(always::add);
        return out;
    }

    private Object putLadder(AdminRequest r) {
        if (!r.body().isObject()) {
            throw AdminException.badRequest("body", "send {\"ladder\": [...], \"overrides\": [...]} (see GET /admin/config/ladder)");
        }
        EdgeConfig.Transcode next;
        try {
            next = ConfigLoader.ladders(r.body(), node.transcode().config(), "body");
        } catch (ConfigException e) {
            throw new AdminException(400, "bad_request", e.getMessage());
        }
        persistIfAsked(r, "transcode", transcodeSection(next));
        List<String> changes = node.transcode().updateConfig(next);
        node.streams().updateConfig(node.streams().config().withTranscode(node.transcode().config()));
        log.info("admin: ladder replaced ({} rung(s), {} override(s)); running sessions: {}", next.ladder().size(),
                next.overrides().size(), changes.isEmpty() ? "no bitrate change" : changes);
        ObjectNode out = laddersJson(node.transcode().config());
        ArrayNode applied = out.putArray("appliedToRunningSessions");
        changes.forEach(applied::add);
        return out;
    }

    private Object patchRendition(AdminRequest r) {
        StreamKey base = key(r);
        String name = r.param("name");
        JsonNode b = r.body().path("bitrate");
        if (b.isMissingNode() || b.isNull()) {
            throw AdminException.badRequest("bitrate", "is required, bits per second (e.g. 900000 or \"900k\")");
        }
        long bps;
        try {
            bps = ConfigLoader.parseBits(b.asText());
        } catch (IllegalArgumentException e) {
            throw AdminException.badRequest("bitrate", e.getMessage());
        }
        if (node.transcode().config().ladderFor(base).stream().noneMatch(x -> x.name().equals(name))) {
            throw AdminException.notFound("no rendition " + name + " in the ladder of " + base);
        }
        boolean running;
        try {
            running = node.transcode().setBitrate(base, name, bps);
        } catch (IllegalArgumentException e) {
            throw AdminException.badRequest("bitrate", e.getMessage());
        }
        if (!running) {
            throw AdminException.notFound("no transcode session runs for " + base + " (a viewer of " + base + "_" + name
                    + " or of the multivariant playlist starts it)");
        }
        log.info("admin: {}_{} bitrate set to {} bps from the next keyframe", base, name, bps);
        return ordered("stream", base + "_" + name, "bitrate", bps, "appliesFrom", "the next source keyframe");
    }

    static ObjectNode hlsJson(EdgeConfig.Hls h) {
        ObjectNode o = JSON.createObjectNode();
        o.put("target-duration", h.targetDuration().toMillis() + "ms");
        o.put("window", h.window());
        o.put("cache-bytes", h.cacheBytes());
        o.put("start-timeout", h.startTimeout().toMillis() + "ms");
        o.put("session-timeout", h.sessionTimeout().toMillis() + "ms");
        o.put("max-segment-duration", h.maxSegmentDuration().toMillis() + "ms");
        o.put("max-segment-bytes", h.maxSegmentBytes());
        return o;
    }

    private Object putHls(AdminRequest r) {
        if (!r.body().isObject()) {
            throw AdminException.badRequest("body", "send the hls keys, e.g. {\"target-duration\": \"4s\", \"window\": 5}");
        }
        EdgeConfig.Hls current = node.hls().config();
        EdgeConfig.Hls next;
        try {
            next = ConfigLoader.hls(r.body(), current, "body", "");
        } catch (ConfigException e) {
            throw new AdminException(400, "bad_request", e.getMessage());
        }
        if (next.cacheBytes() != current.cacheBytes()) {
            throw AdminException.badRequest("cache-bytes", "is fixed at start-up (change it in the config file and restart)");
        }
        persistIfAsked(r, "hls", hlsJson(next));
        node.hls().updateConfig(next);
        node.streams().updateConfig(node.streams().config().withHls(node.hls().config()));
        log.info("admin: HLS set to target {} ms, window {}", next.targetDuration().toMillis(), next.window());
        return hlsJson(node.hls().config());
    }

    private void persistIfAsked(AdminRequest r, String section, JsonNode value) {
        if (!r.flag("persist")) {
            return;
        }
        if (configFile == null) {
            throw new AdminException(409, "no_config_file", "persist=true needs a config file: start the node with --config FILE");
        }
        try {
            ConfigPersister.persist(configFile, section, value);
            log.info("admin: {} written to {}", section, configFile);
        } catch (IOException e) {
            throw new AdminException(500, "persist_failed", "could not write " + configFile + ": " + e.getMessage());
        }
    }

    private Object drain(AdminRequest r) {
        Duration within = node.streams().config().cluster().drainDeadline();
        JsonNode d = r.body().path("deadline");
        if (!d.isMissingNode() && !d.isNull()) {
            try {
                within = ConfigLoader.parseDuration(d.asText());
            } catch (IllegalArgumentException e) {
                throw AdminException.badRequest("deadline", e.getMessage());
            }
        }
        Instant until = node.cluster().drain(within);
        return ordered("drain", node.cluster().drainState().name().toLowerCase(), "deadline", until.toString());
    }
}
