package io.edgecdn.edge.admin;

import io.edgecdn.edge.transcode.TranscodeSettings;
import io.edgecdn.edge.hls.HlsSettings;
import io.edgecdn.ops.EdgeError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgecdn.edge.source.GopCacheLimits;
import io.edgecdn.edge.source.GopCacheSettings;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.ops.AdminException;
import io.edgecdn.ops.AdminRequest;
import io.edgecdn.ops.AdminRoute;
import io.edgecdn.ops.config.ConfigException;
import io.edgecdn.ops.config.ConfigSection;
import io.edgecdn.ops.config.ConfigValues;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.edgecdn.edge.admin.AdminApi.key;
import static io.edgecdn.edge.admin.AdminApi.ordered;

/**
 * {@code /admin/config}: the GOP cache bounds, the transcode ladders (and one rendition's bitrate
 * on a running session) and the HLS settings, read and replaced live; {@code ?persist=true} writes
 * the section back to the config file ({@link ConfigPersister}).
 */
final class ConfigResource {
    private static final Logger log = LoggerFactory.getLogger(ConfigResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdminViews views;
    private final Path configFile;

    ConfigResource(AdminViews views, Path configFile) {
        this.views = views;
        this.configFile = configFile;
    }

    List<AdminRoute> routes() {
        return List.of(
                AdminRoute.get("/admin/config/gop-cache", r -> gopCacheJson(views.gopCache().get())),
                AdminRoute.put("/admin/config/gop-cache", this::putGopCache),
                AdminRoute.get("/admin/config/ladder", r -> laddersJson(views.transcode().config())),
                AdminRoute.put("/admin/config/ladder", this::putLadder),
                AdminRoute.patch("/admin/streams/{app}/{stream}/renditions/{name}", this::patchRendition),
                AdminRoute.get("/admin/config/hls", r -> hlsJson(views.hls().config())),
                AdminRoute.put("/admin/config/hls", this::putHls));
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

    static JsonNode gopCacheJson(GopCacheSettings c) {
        ObjectNode o = (ObjectNode) gopLimitsJson(c.limits());
        ArrayNode overrides = o.putArray("overrides");
        for (GopCacheSettings.ForPattern ov : c.overrides()) {
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
        GopCacheSettings next;
        try {
            // absent keys keep today's values; overrides are replaced only when given
            next = GopCacheSettings.read(body(r), views.gopCache().get());
        } catch (ConfigException e) {
            throw new AdminException(EdgeError.BAD_REQUEST, e.getMessage());
        }
        persistIfAsked(r, "gop-cache", gopCacheJson(next));
        views.updateGopCache().accept(next);
        log.info("admin: GOP cache set to {} with {} override(s)", next.limits(), next.overrides().size());
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

    static ObjectNode laddersJson(TranscodeSettings t) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode ladder = o.putArray("ladder");
        t.ladder().forEach(r -> ladder.add(renditionJson(r)));
        ArrayNode overrides = o.putArray("overrides");
        for (TranscodeSettings.LadderOverride ov : t.overrides()) {
            ObjectNode e = overrides.addObject();
            e.put("pattern", ov.pattern());
            ArrayNode l = e.putArray("ladder");
            ov.ladder().forEach(r -> l.add(renditionJson(r)));
        }
        return o;
    }

    /** The whole {@code transcode} section, for writing back. */
    static ObjectNode transcodeSection(TranscodeSettings t) {
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
        TranscodeSettings next;
        try {
            next = TranscodeSettings.readLadders(body(r), views.transcode().config());
        } catch (ConfigException e) {
            throw new AdminException(EdgeError.BAD_REQUEST, e.getMessage());
        }
        persistIfAsked(r, "transcode", transcodeSection(next));
        List<String> changes = views.transcode().updateConfig(next);
        log.info("admin: ladder replaced ({} rung(s), {} override(s)); running sessions: {}", next.ladder().size(),
                next.overrides().size(), changes.isEmpty() ? "no bitrate change" : changes);
        ObjectNode out = laddersJson(views.transcode().config());
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
            bps = ConfigValues.parseBits(b.asText());
        } catch (IllegalArgumentException e) {
            throw AdminException.badRequest("bitrate", e.getMessage());
        }
        if (views.transcode().config().ladderFor(base).stream().noneMatch(x -> x.name().equals(name))) {
            throw AdminException.notFound("no rendition " + name + " in the ladder of " + base);
        }
        boolean running;
        try {
            running = views.transcode().setBitrate(base, name, bps);
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

    static ObjectNode hlsJson(HlsSettings h) {
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
        HlsSettings current = views.hls().config();
        HlsSettings next;
        try {
            next = HlsSettings.read(body(r), current);
        } catch (ConfigException e) {
            throw new AdminException(EdgeError.BAD_REQUEST, e.getMessage());
        }
        if (next.cacheBytes() != current.cacheBytes()) {
            throw AdminException.badRequest("cache-bytes", "is fixed at start-up (change it in the config file and restart)");
        }
        persistIfAsked(r, "hls", hlsJson(next));
        views.hls().updateConfig(next);
        log.info("admin: HLS set to target {} ms, window {}", next.targetDuration().toMillis(), next.window());
        return hlsJson(views.hls().config());
    }

    /** The request body as a config section: its keys are named as they are, in messages that start with "body". */
    private static ConfigSection body(AdminRequest r) {
        return new ConfigSection(r.body(), "", "body");
    }

    private void persistIfAsked(AdminRequest r, String section, JsonNode value) {
        if (!r.flag("persist")) {
            return;
        }
        if (configFile == null) {
            throw new AdminException(EdgeError.NO_CONFIG_FILE, "persist=true needs a config file: start the node with --config FILE");
        }
        try {
            ConfigPersister.persist(configFile, section, value);
            log.info("admin: {} written to {}", section, configFile);
        } catch (IOException e) {
            throw new AdminException(EdgeError.PERSIST_FAILED, "could not write " + configFile + ": " + e.getMessage());
        }
    }

}
