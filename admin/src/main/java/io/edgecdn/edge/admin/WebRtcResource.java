package io.edgecdn.edge.admin;

import io.edgecdn.edge.webrtc.WebRtcService;
import io.edgecdn.edge.webrtc.WebRtcTotals;
import io.edgecdn.edge.webrtc.WhepSession;
import io.edgecdn.ops.AdminRoute;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.edgecdn.edge.admin.AdminApi.ordered;

/**
 * {@code GET /admin/webrtc}: whether WebRTC playback is on (and why not), the UDP port, the node's
 * WebRTC counters and every WHEP session open now. A session is kicked through its stream's
 * viewers ({@code DELETE /admin/streams/{app}/{stream}/viewers/{id}}).
 */
final class WebRtcResource {
    private final AdminViews views;

    WebRtcResource(AdminViews views) {
        this.views = views;
    }

    List<AdminRoute> routes() {
        return List.of(AdminRoute.get("/admin/webrtc", r -> overview()));
    }

    private Map<String, Object> overview() {
        WebRtcService w = views.webrtc();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("available", w.unavailable() == null);
        m.put("unavailable", w.unavailable());
        InetSocketAddress a = w.udpAddress();
        m.put("udp", a == null ? null : a.getAddress().getHostAddress() + ":" + a.getPort());
        m.put("totals", totals(w.totals()));
        List<WhepSession> open = new ArrayList<>(w.sessions());
        open.sort(Comparator.comparingLong(WhepSession::createdAtMs));
        m.put("sessions", open.stream().map(WebRtcResource::describe).toList());
        return m;
    }

    static Map<String, Object> totals(WebRtcTotals t) {
        return ordered("sessionsOpened", t.opened(), "packetsSent", t.packetsSent(), "bytesSent", t.bytesSent(),
                "nacksReceived", t.nacksReceived(), "packetsRetransmitted", t.retransmitted(),
                "keyframeRequests", t.keyframeRequests(), "rtcpDropped", t.rtcpDropped());
    }

    /**
     * One WHEP session as a viewer entry: the fields of an HTTP-FLV viewer ({@code id} is the
     * session id, a string) plus what its receiver reports said.
     */
    static Map<String, Object> describe(WhepSession s) {
        WhepSession.Stats st = s.stats();
        InetSocketAddress remote = s.remote();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("stream", s.key().toString());
        m.put("protocol", "webrtc");
        m.put("remote", remote == null ? null : remote.toString());
        m.put("since", Instant.ofEpochMilli(s.createdAtMs()).toString());
        m.put("bytesSent", st.bytesSent());
        m.put("state", s.state().name().toLowerCase());
        m.put("packetsSent", st.packetsSent());
        m.put("audioPacketsSent", st.audioPacketsSent());
        m.put("nacksReceived", st.nacks());
        m.put("packetsRetransmitted", st.retransmitted());
        m.put("keyframeRequests", st.keyframeRequests());
        m.put("fractionLost", Math.round(st.fractionLost() / 256.0 * 1000) / 1000.0);
        m.put("jitter", st.jitter());
        m.put("rttMs", st.rttMs() < 0 ? null : st.rttMs());
        return m;
    }
}
