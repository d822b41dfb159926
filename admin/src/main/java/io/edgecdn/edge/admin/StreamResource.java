package io.edgecdn.edge.admin;

import io.edgecdn.ops.EdgeError;
import io.edgecdn.edge.flv.ViewerRegistry;
import io.edgecdn.edge.source.GopCacheLimits;
import io.edgecdn.edge.source.LiveSource;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamStatus;
import io.edgecdn.edge.source.StreamUnavailableException;
import io.edgecdn.edge.transcode.TranscodeService;
import io.edgecdn.media.codec.AudioInfo;
import io.edgecdn.media.codec.VideoInfo;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.SequenceHeaders;
import io.edgecdn.ops.AdminException;
import io.edgecdn.ops.AdminRoute;
import io.edgecdn.edge.webrtc.WhepSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.edgecdn.edge.admin.AdminApi.key;
import static io.edgecdn.edge.admin.AdminApi.ordered;

/**
 * {@code /admin/streams}: the pulled streams (state, upstream, viewers, GOP cache, codecs,
 * renditions), stopping one, its viewers (HTTP-FLV and WebRTC) and kicking one, pinning.
 */
final class StreamResource {
    private static final Logger log = LoggerFactory.getLogger(StreamResource.class);

    /** A WHEP session id: 12 random bytes in hex. */
    private static final java.util.regex.Pattern WHEP_ID = java.util.regex.Pattern.compile("[0-9a-f]{24}");

    private final AdminViews views;

    StreamResource(AdminViews views) {
        this.views = views;
    }

    List<AdminRoute> routes() {
        return List.of(
                AdminRoute.get("/admin/streams", r -> streams()),
                AdminRoute.get("/admin/streams/{app}/{stream}", r -> stream(key(r))),
                AdminRoute.delete("/admin/streams/{app}/{stream}", r -> stopStream(key(r))),
                AdminRoute.get("/admin/streams/{app}/{stream}/viewers", r -> viewers(key(r))),
                AdminRoute.delete("/admin/streams/{app}/{stream}/viewers/{id}", r -> kick(key(r), r.param("id"))),
                AdminRoute.post("/admin/streams/{app}/{stream}/pin", r -> pin(key(r), true)),
                AdminRoute.delete("/admin/streams/{app}/{stream}/pin", r -> pin(key(r), false)));
    }

    private List<Map<String, Object>> streams() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StreamStatus s : views.streams().status()) {
            out.add(describe(s, false));
        }
        out.sort((a, b) -> String.valueOf(a.get("stream")).compareTo(String.valueOf(b.get("stream"))));
        return out;
    }

    private StreamStatus status(StreamKey key) {
        for (StreamStatus s : views.streams().status()) {
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
        m.put("connectedSeconds", s.connectedSince() == null ? null : Duration.between(s.connectedSince(), views.clock().instant()).toSeconds());
        m.put("reconnects", s.reconnects());
        m.put("lastOutcome", s.lastOutcome() == null ? null : s.lastOutcome().toString());
        m.put("pinned", s.pinned());
        m.put("ingressKbps", s.source().ingressKbps());
        m.put("fps", Math.round(s.source().fps() * 100) / 100.0);
        Map<String, Object> viewers = new LinkedHashMap<>();
        List<ViewerRegistry.ViewerInfo> flvViewers = views.viewers().list(key);
        int flv = flvViewers.size();
        long children = flvViewers.stream().filter(ViewerRegistry.ViewerInfo::child).count();
        viewers.put("httpFlv", flv - children);
        viewers.put("childNodes", children);
        viewers.put("hls", views.hls().viewers().count(key));
        viewers.put("hlsSession", views.hls().isWatched(key));
        int webrtc = views.webrtc().sessions(key).size();
        viewers.put("webrtc", webrtc);
        viewers.put("internal", Math.max(0, s.source().consumers() - flv - (webrtc > 0 ? 1 : 0)));
        m.put("viewers", viewers);
        Map<String, Object> gop = new LinkedHashMap<>();
        gop.put("frames", s.source().gopFrames());
        gop.put("bytes", s.source().gopBytes());
        gop.put("durationMs", s.source().gopDurationMs());
        gop.put("overflows", s.source().gopOverflows());
        m.put("gopCache", gop);
        if (detail) {
            LiveSource src = views.streams().source(key);
            if (src != null) {
                m.put("video", video(src.videoHeader()));
                m.put("audio", audio(src.audioHeader()));
                GopCacheLimits l = src.gopCacheLimits();
                gop.put("limits", ordered("enabled", l.enabled(), "maxFrames", l.maxFrames(), "maxBytes", l.maxBytes(),
                        "maxDurationMs", l.maxDurationMs()));
            }
            List<Map<String, Object>> renditions = new ArrayList<>();
            for (TranscodeService.SessionInfo t : views.transcode().sessions()) {
                if (t.base().equals(key)) {
                    Map<String, io.edgecdn.transcoder.Rendition> rungs = new LinkedHashMap<>();
                    views.transcode().config().ladderFor(key).forEach(x -> rungs.put(x.name(), x));
                    for (Map.Entry<String, String> r : t.renditions().entrySet()) {
                        Map<String, Object> rm = new LinkedHashMap<>();
                        rm.put("name", r.getKey());
                        rm.put("stream", key + "_" + r.getKey());
                        rm.put("size", r.getValue());
                        io.edgecdn.transcoder.Rendition rung = rungs.get(r.getKey());
                        rm.put("configuredBitrate", rung == null ? null : rung.videoBitrate());
                        LiveSource rs = views.streams().source(new StreamKey(key.app(), key.stream() + "_" + r.getKey()));
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
        try {
            VideoInfo v = SequenceHeaders.video(header);
            return v == null ? null : ordered("codec", v.codec().name().toLowerCase(), "width", v.width(), "height", v.height(),
                    "profile", v.profile(), "level", v.level());
        } catch (RuntimeException e) {
            return Map.of("codec", "unreadable", "error", String.valueOf(e.getMessage()));
        }
    }

    private static Map<String, Object> audio(FlvTag header) {
        try {
            AudioInfo a = SequenceHeaders.audio(header);
            return a == null ? null : ordered("codec", "aac", "objectType", a.audioObjectType(), "sampleRateHz", a.sampleRateHz(),
                    "channels", a.channels());
        } catch (RuntimeException e) {
            return Map.of("codec", "unreadable", "error", String.valueOf(e.getMessage()));
        }
    }

    private Map<String, Object> stopStream(StreamKey key) {
        if (!views.streams().stopStream(key, "stopped through the admin API")) {
            throw AdminException.notFound("stream " + key + " is not pulled by this node");
        }
        log.info("admin: stream {} stopped", key);
        return ordered("stream", key.toString(), "stopped", true);
    }

    /** HTTP-FLV viewers (numeric ids) then WHEP sessions (hex ids), each with its {@code protocol}. */
    private Map<String, Object> viewers(StreamKey key) {
        status(key);
        List<Object> all = new ArrayList<>(views.viewers().list(key));
        List<WhepSession> rtc = new ArrayList<>(views.webrtc().sessions(key));
        rtc.sort(Comparator.comparingLong(WhepSession::createdAtMs));
        rtc.forEach(w -> all.add(WebRtcResource.describe(w)));
        return ordered("stream", key.toString(), "viewers", all);
    }

    private Map<String, Object> kick(StreamKey key, String idText) {
        if (WHEP_ID.matcher(idText).matches()) {
            WhepSession w = views.webrtc().session(idText);
            if (w == null || !w.key().equals(key)) {
                throw AdminException.notFound("no WebRTC viewer " + idText + " on stream " + key);
            }
            w.close("kicked through the admin API");
            log.info("admin: WebRTC viewer {} of {} kicked", idText, key);
            return ordered("stream", key.toString(), "viewer", idText, "closed", true);
        }
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw AdminException.badRequest("id", "'" + idText + "' is not a viewer id (a number, or a WebRTC session's hex id, from GET .../viewers)");
        }
        if (!views.viewers().kick(key, id, "kicked through the admin API")) {
            throw AdminException.notFound("no viewer " + id + " on stream " + key);
        }
        return ordered("stream", key.toString(), "viewer", id, "closed", true);
    }

    private Map<String, Object> pin(StreamKey key, boolean on) {
        try {
            views.streams().pin(key, on);
        } catch (StreamUnavailableException e) {
            throw new AdminException(e.error(), e.getMessage());
        }
        log.info("admin: stream {} {}", key, on ? "pinned" : "unpinned");
        return ordered("stream", key.toString(), "pinned", on);
    }

}
