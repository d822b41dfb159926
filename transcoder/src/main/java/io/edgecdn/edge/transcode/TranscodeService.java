package io.edgecdn.edge.transcode;

import io.edgecdn.edge.source.LiveSource;
import io.edgecdn.edge.source.SourceConsumer;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamManager;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.time.TimestampNormalizer;
import io.edgecdn.pull.PullContext;
import io.edgecdn.pull.PullOutcome;
import io.edgecdn.pull.StreamLayout;
import io.edgecdn.pull.TagSink;
import io.edgecdn.pull.UpstreamEndpoint;
import io.edgecdn.pull.UpstreamPuller;
import io.edgecdn.transcoder.Rendition;
import io.edgecdn.transcoder.RenditionSink;
import io.edgecdn.transcoder.TranscodeSession;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renditions as live sources. A stream key {@code app/base_NAME}, where NAME is a rung of the
 * ladder and {@code app/base} has an upstream, is pulled from the internal upstream
 * {@code transcode://app/base?rendition=NAME}; its {@link #puller() puller} joins the one
 * {@link TranscodeSession} of {@code app/base} (started with the first rendition asked for: decode
 * once for every rendition) and relays that rendition's tags into the rendition's live source,
 * which then has its own GOP cache, HTTP-FLV and HLS like any other stream. The session holds a
 * lease on the base stream and starts from its cached GOP; it stops with its last rendition (the
 * renditions idle like any pull). A rung not smaller than the source ends its pull with the
 * reason, which a viewer gets as a 404.
 *
 * <p>Besides the ladder, every stream with an upstream has the rendition {@code app/base_webrtc}
 * ({@link #WEBRTC_RENDITION}): the source's size, Constrained Baseline, no B-frames, at about the
 * source's bitrate, for browsers' WebRTC receivers (which play neither B-frames nor, mostly,
 * H.265). It is encoded only while someone plays it, in the same session as the ladder (the source
 * is decoded once), and starts at the next decoded picture with an IDR. The ladder's rungs are
 * encoded while one of them is played (all of them then, for players that switch).
 */
public final class TranscodeService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TranscodeService.class);

    /** The name of the source-size rendition without B-frames: {@code app/base_webrtc}. */
    public static final String WEBRTC_RENDITION = "webrtc";
    private final StreamManager streams;
    private volatile TranscodeSettings config;
    private final Map<StreamKey, Shared> sessions = new HashMap<>();

    /**
     * @param config the ladder; when its encoder cannot open here, {@code libx264} is used and the
     *     log says so
     */
    public TranscodeService(StreamManager streams, TranscodeSettings config) {
        this.streams = streams;
        this.config = usableEncoder(config);
    }

    private static TranscodeSettings usableEncoder(TranscodeSettings c) {
        if (c.encoder().equals("libx264")) {
            return c; // checked lazily by the first session: the GPL FFmpeg build has it
        }
        String problem = io.edgecdn.transcoder.EncoderCheck.problem(c.encoder());
        if (problem == null) {
            log.info("transcode.encoder {} opens on this machine", c.encoder());
            return c;
        }
        log.warn("transcode.encoder {} cannot open on this machine ({}); falling back to libx264", c.encoder(), problem);
        return new TranscodeSettings("libx264", c.ladder(), c.overrides(), c.alwaysOn());
    }

    public TranscodeSettings config() {
        return config;
    }

    /**
     * Replaces the ladders, live: sessions started from now on use the new ladders; a running
     * session changes the bitrate of each rung it runs whose bitrate changed (from the next source
     * keyframe), and keeps its other rung settings until it restarts (added or removed rungs and
     * new sizes too: a running rendition is never cut).
     *
     * @return the bitrate changes applied to running sessions, e.g. {@code live/a_480p 1200000 -> 900000}
     */
    public synchronized List<String> updateConfig(TranscodeSettings next) {
        TranscodeSettings old = config;
        config = new TranscodeSettings(old.encoder(), next.ladder(), next.overrides(), old.alwaysOn());
        List<String> changes = new java.util.ArrayList<>();
        for (Shared s : sessions.values()) {
            List<Rendition> before = old.ladderFor(s.base);
            for (Rendition r : config.ladderFor(s.base)) {
                for (Rendition b : before) {
                    if (b.name().equals(r.name()) && b.videoBitrate() != r.videoBitrate()) {
                        try {
                            s.session.setBitrate(r.name(), r.videoBitrate());
                            changes.add(s.base + "_" + r.name() + " " + b.videoBitrate() + " -> " + r.videoBitrate());
                        } catch (IllegalArgumentException e) {
                            log.warn("{}: bitrate of {} not changed: {}", s.base, r.name(), e.getMessage());
                        }
                    }
                }
            }
        }
        return changes;
    }

    /** The base stream and rung of a rendition key, if it is one (the rung must be in that base's ladder). */
    public Optional<Map.Entry<StreamKey, Rendition>> parse(StreamKey key) {
        String s = key.stream();
        String webrtc = "_" + WEBRTC_RENDITION;
        if (s.endsWith(webrtc) && s.length() > webrtc.length()) {
            StreamKey base = new StreamKey(key.app(), s.substring(0, s.length() - webrtc.length()));
            // the ladder's renditions have no B-frames already
            if (streams.hasUpstream(base) && !base.stream().endsWith(webrtc) && ladderRung(base).isEmpty()) {
                return Optional.of(Map.entry(base, WebRtcRendition.of(0)));
            }
            return Optional.empty();
        }
        return ladderRung(key);
    }

    private Optional<Map.Entry<StreamKey, Rendition>> ladderRung(StreamKey key) {
        String s = key.stream();
        for (List<Rendition> ladder : config.ladders()) {
            for (Rendition r : ladder) {
                String suffix = "_" + r.name();
                if (s.endsWith(suffix) && s.length() > suffix.length()) {
                    StreamKey base = new StreamKey(key.app(), s.substring(0, s.length() - suffix.length()));
                    if (config.ladderFor(base).contains(r) && streams.hasUpstream(base)) {
                        return Optional.of(Map.entry(base, r));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The stream keys to pin for {@code transcode.always-on}: every rung of each entry's ladder. */
    public static List<String> alwaysOnPins(TranscodeSettings config) {
        List<String> pins = new java.util.ArrayList<>();
        for (String entry : config.alwaysOn()) {
            StreamKey asKey = entry.contains("*") ? null : StreamKey.parse(entry);
            List<Rendition> ladder = asKey != null ? config.ladderFor(asKey) : config.ladder();
            for (Rendition r : ladder) {
                pins.add(entry + "_" + r.name());
            }
        }
        return pins;
    }

    /**
     * Where a rendition stream ({@code app/base_NAME} of a ladder rung) comes from: the node's
     * transcoder ({@code transcode://app/base?rendition=NAME}); null for every other key.
     */
    public List<UpstreamEndpoint> resolve(StreamKey key) {
        return parse(key).map(e -> List.of(UpstreamEndpoint.of(UpstreamEndpoint.TRANSCODE_SCHEME + "://" + e.getKey().app() + "/"
                + e.getKey().stream() + "?rendition=" + e.getValue().name()))).orElse(null);
    }

    /**
     * Changes a rendition's bitrate on a running session from the next source keyframe.
     *
     * @return false when no session runs for the base stream
     * @throws IllegalArgumentException for an unknown rung or a bitrate out of range
     */
    public synchronized boolean setBitrate(StreamKey base, String rendition, long bps) {
        Shared s = sessions.get(base);
        if (s == null) {
            return false;
        }
        s.session.setBitrate(rendition, bps);
        return true;
    }

    /**
     * One running transcode session, for the admin API and metrics.
     *
     * @param base the source stream
     * @param renditions the renditions produced now, by name, with their size ({@code 854x480})
     * @param framesDecoded source frames decoded since the session started
     * @param lagMs how far the encoders trail the source's newest frame, ms
     * @param droppedTags source tags dropped because the session's queue was full
     */
    public record SessionInfo(StreamKey base, Map<String, String> renditions, long framesDecoded, long lagMs, long droppedTags) {
    }

    /** The sessions running now. */
    public synchronized List<SessionInfo> sessions() {
        List<SessionInfo> out = new java.util.ArrayList<>();
        for (Shared s : sessions.values()) {
            Map<String, String> active = new java.util.LinkedHashMap<>();
            for (String r : s.session.activeRenditions()) { // "480p 854x480"
                int sp = r.indexOf(' ');
                active.put(sp < 0 ? r : r.substring(0, sp), sp < 0 ? "" : r.substring(sp + 1));
            }
            out.add(new SessionInfo(s.base, active, s.session.framesDecoded(), s.session.lagMs(), s.session.droppedTags()));
        }
        return out;
    }

    /** The puller for {@code transcode://} upstreams. */
    public UpstreamPuller puller() {
        return this::pullRendition;
    }

    private PullOutcome pullRendition(UpstreamEndpoint upstream, PullContext ctx, TimestampNormalizer unused) {
        URI u = upstream.uri();
        StreamKey base = new StreamKey(u.getHost(), u.getPath().substring(1));
        String name = u.getQuery().substring("rendition=".length());
        Shared shared;
        try {
            shared = join(base);
        } catch (Exception e) {
            return new PullOutcome(PullOutcome.Reason.CONNECT_FAILED, "source " + base + " unavailable: " + e.getMessage(), false);
        }
        try {
            LiveSource source;
            try {
                source = shared.lease.ready().get(ctx.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                Throwable c = e.getCause() != null ? e.getCause() : e;
                return new PullOutcome(PullOutcome.Reason.CONNECT_FAILED, "source " + base + " did not start: " + c.getMessage(), false);
            }
            StreamLayout layout = source.layout();
            if (layout != null && !layout.hasVideo()) {
                return new PullOutcome(PullOutcome.Reason.CONNECT_FAILED, "rendition " + name + " is not produced: "
                        + base + " is audio-only (renditions are picture sizes; play " + base + " itself)", false);
            }
            ctx.sink().onConnected(upstream, new StreamLayout(layout == null || layout.hasAudio(), true));
            shared.register(name, ctx.sink(), source);
            shared.ensureAttached(source);
            while (!ctx.stopRequested().getAsBoolean()) {
                String skipped = shared.skipped.get(name);
                if (skipped != null) {
                    return new PullOutcome(PullOutcome.Reason.CONNECT_FAILED, "rendition " + name + " is not produced: " + skipped, false);
                }
                Thread.sleep(50);
            }
            return new PullOutcome(PullOutcome.Reason.STOPPED, "stop requested", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PullOutcome(PullOutcome.Reason.STOPPED, "interrupted", true);
        } finally {
            shared.release(name, ctx.sink());
            leave(base, shared);
        }
    }

    private synchronized Shared join(StreamKey base) throws Exception {
        Shared s = sessions.get(base);
        if (s == null) {
            s = new Shared(base, streams.acquire(base));
            sessions.put(base, s);
        }
        s.users++;
        return s;
    }

    private synchronized void leave(StreamKey base, Shared s) {
        if (--s.users == 0) {
            sessions.remove(base, s);
            s.close();
        }
    }

    @Override
    public synchronized void close() {
        for (Shared s : sessions.values()) {
            s.close();
        }
        sessions.clear();
    }

    /** One session per base stream, with the rendition pulls that use it. */
    private final class Shared implements RenditionSink, SourceConsumer {
        final StreamKey base;
        final StreamManager.Lease lease;
        final TranscodeSession session;
        final Map<String, TagSink> sinks = new ConcurrentHashMap<>();
        final Map<String, String> skipped = new ConcurrentHashMap<>();
        private final Map<String, FlvTag> videoHeaders = new HashMap<>();
        private FlvTag audioHeader;
        int users;
        private LiveSource attached;

        Shared(StreamKey base, StreamManager.Lease lease) {
            this.base = base;
            this.lease = lease;
            List<Rendition> ladder = config.ladderFor(base);
            this.session = new TranscodeSession(base.toString(), ladder, config.encoder(), this);
            session.wantLadder(false); // until a rung of it is played
            session.start();
            log.info("transcode session of {} started ({} with {})", base, ladder.stream().map(Rendition::name).toList(),
                    config.encoder());
        }

        synchronized void ensureAttached(LiveSource source) {
            if (attached == null) {
                attached = source;
                source.attach(this);
            }
        }

        /**
         * Adds a rendition's sink, first giving it the rendition's latest sequence headers; the
         * {@code webrtc} rendition is started for its first sink, at the source's measured bitrate.
         */
        synchronized void register(String name, TagSink sink, LiveSource source) {
            if (name.equals(WEBRTC_RENDITION) && !sinks.containsKey(name)) {
                Rendition r = WebRtcRendition.forSource(source);
                session.want(r);
                log.info("{}: rendition {} wanted ({} kbps, the source's size, no B-frames)", base, r.name(), r.videoBitrate() / 1000);
            } else if (!name.equals(WEBRTC_RENDITION)) {
                session.wantLadder(true);
            }
            FlvTag video = videoHeaders.get(name);
            if (video != null) {
                sink.onTag(video);
            }
            if (audioHeader != null) {
                sink.onTag(audioHeader);
            }
            sinks.put(name, sink);
        }

        /** Removes a rendition pull's sink (only its own: a new pull may have registered already). */
        synchronized void release(String name, TagSink sink) {
            sinks.remove(name, sink);
            if (name.equals(WEBRTC_RENDITION) && !sinks.containsKey(name)) {
                session.unwant(name);
                videoHeaders.remove(name);
            }
            if (sinks.keySet().stream().allMatch(WEBRTC_RENDITION::equals)) {
                session.wantLadder(false);
            }
        }

        /** A rendition's tag from the session's thread; sequence headers are kept for sinks that join later. */
        @Override
        public synchronized void onTag(String name, FlvTag tag) {
            if (tag.kind() == io.edgecdn.media.flv.TagKind.VIDEO_SEQUENCE_HEADER) {
                videoHeaders.put(name, tag);
            } else if (tag.kind() == io.edgecdn.media.flv.TagKind.AUDIO_SEQUENCE_HEADER) {
                audioHeader = tag;
            }
            TagSink s = sinks.get(name);
            if (s != null) {
                s.onTag(tag);
            }
        }

        @Override
        public void onSkipped(String name, String why) {
            skipped.put(name, why);
        }

        @Override
        public void onTag(FlvTag tag) {
            session.offer(tag); // the base source's tags, on its publishing thread: never blocks
        }

        @Override
        public void onSourceClosed(String reason) {
            for (TagSink s : sinks.values()) {
                s.onDisconnected(null, new PullOutcome(PullOutcome.Reason.UPSTREAM_ENDED, "source closed: " + reason, true));
            }
        }

        synchronized void close() {
            if (attached != null) {
                attached.unsubscribe(this);
            }
            session.close();
            lease.close();
            log.info("transcode session of {} stopped", base);
        }
    }
}
