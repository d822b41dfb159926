package io.edgecdn.pull.rtmp;

import io.edgecdn.media.flv.FlvCodecIds;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.FlvTags;
import io.edgecdn.media.flv.TagType;
import io.edgecdn.media.time.TimestampNormalizer;
import io.edgecdn.pull.StreamLayout;
import io.edgecdn.pull.TagSink;
import io.edgecdn.pull.UpstreamEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between one RTMP play session and the sink: decides which tracks the stream has, then relays
 * tags with normalized timestamps.
 *
 * <p>The layout comes from {@code onMetaData} when it names a video or audio codec id, else from
 * the tracks seen: both, or whichever came within {@value #PROBE_MS} ms of the first media
 * message. Until then tags wait here (at most {@value #MAX_PENDING} of them). A track neither
 * announced nor seen by then widens the layout when it starts (new viewers get it; logged).
 *
 * <p>Video starts at a keyframe (earlier frames are dropped, sequence headers kept); codecs other
 * than H.264, H.265 and AAC are dropped, logged once per session. The stream's {@code onMetaData}
 * is relayed with {@code hasAudio}/{@code hasVideo} set to the layout.
 */
final class TrackGate {
    private static final Logger log = LoggerFactory.getLogger(TrackGate.class);
    /** How long after the first media message the other track may still start, ms. */
    static final long PROBE_MS = 200;
    /** Most tags held while the layout is undecided. */
    static final int MAX_PENDING = 512;

    private final UpstreamEndpoint upstream;
    private final TagSink sink;
    private final TimestampNormalizer normalizer;
    private final List<FlvTag> pending = new ArrayList<>();
    private Map<String, Object> metadata = Map.of();
    private StreamLayout layout;
    private boolean announcedAudio;
    private boolean announcedVideo;
    private boolean seenAudio;
    private boolean seenVideo;
    private long firstMediaNanos;
    private boolean waitKeyframe = true;
    private boolean media;
    private boolean loggedAudioCodec;
    private boolean loggedVideoCodec;

    TrackGate(UpstreamEndpoint upstream, TagSink sink, TimestampNormalizer normalizer) {
        this.upstream = upstream;
        this.sink = sink;
        this.normalizer = normalizer;
    }

    /** Whether any media tag reached the sink. */
    boolean deliveredMedia() {
        return media;
    }

    /** The stream's {@code onMetaData} properties (numbers, booleans and strings are kept). */
    void onMetaData(Map<?, ?> props) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : props.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Number || v instanceof Boolean || v instanceof String) {
                m.put(String.valueOf(e.getKey()), v);
            }
        }
        metadata = m;
        announcedVideo |= codec(m.get("videocodecid"), new Object[] {7.0, 12.0, "avc1", "hvc1", (double) FlvCodecIds.FOURCC_HVC1,
                (double) FlvCodecIds.FOURCC_AVC1});
        announcedAudio |= codec(m.get("audiocodecid"), new Object[] {10.0, "mp4a"});
        if (layout == null) {
            decide(System.nanoTime());
        } else {
            sink.onTag(metadataTag());
        }
    }

    /** One audio or video message body at its RTMP timestamp (ms). */
    void onMedia(TagType type, long timestampMs, byte[] body) {
        if (body.length == 0) {
            return;
        }
        boolean video = type == TagType.VIDEO;
        if (video ? !relayedVideo(body) : !relayedAudio(body)) {
            return;
        }
        long now = System.nanoTime();
        if (!seenAudio && !seenVideo) {
            firstMediaNanos = now;
        }
        seenVideo |= video;
        seenAudio |= !video;
        FlvTag tag = FlvTag.of(type, timestampMs, body);
        if (layout == null) {
            pending.add(tag);
            decide(now);
            return;
        }
        if (video && !layout.hasVideo() || !video && !layout.hasAudio()) {
            log.warn("{}: a {} track neither announced in onMetaData nor started within {} ms started: new viewers get it; "
                    + "viewers and HLS already serving this stream keep the tracks they started with", upstream,
                    video ? "video" : "audio", PROBE_MS);
            layout = new StreamLayout(layout.hasAudio() || !video, layout.hasVideo() || video);
            sink.onConnected(upstream, layout);
        }
        deliver(tag);
    }

    private void decide(long now) {
        boolean metaSays = announcedAudio || announcedVideo;
        boolean both = seenAudio && seenVideo;
        boolean probed = (seenAudio || seenVideo) && now - firstMediaNanos >= PROBE_MS * 1_000_000;
        if (!metaSays && !both && !probed && pending.size() < MAX_PENDING) {
            return;
        }
        layout = new StreamLayout(announcedAudio || seenAudio, announcedVideo || seenVideo);
        if (!layout.hasAudio() && !layout.hasVideo()) {
            layout = null; // onMetaData named only codecs we do not relay: wait for media
            return;
        }
        if (metaSays && !(layout.hasVideo() == seenVideo && layout.hasAudio() == seenAudio) && (seenAudio || seenVideo)) {
            log.info("{}: onMetaData announces {} that has not arrived yet: waiting for it", upstream,
                    layout.hasVideo() && !seenVideo ? "video" : "audio");
        }
        sink.onConnected(upstream, layout);
        sink.onTag(metadataTag());
        for (FlvTag t : pending) {
            deliver(t);
        }
        pending.clear();
    }

    private void deliver(FlvTag tag) {
        boolean video = tag.type() == TagType.VIDEO;
        if (tag.kind().isConfig()) {
            sink.onTag(tag.withTimestamp(normalizer.latestMs()));
            return;
        }
        if (video && waitKeyframe) {
            if (!tag.isKeyframe()) {
                return; // a viewer cannot start on an inter frame
            }
            waitKeyframe = false;
        }
        media = true;
        sink.onTag(tag.withTimestamp(normalizer.normalize(video ? 0 : 1, tag.timestampMs())));
    }

    private FlvTag metadataTag() {
        Map<String, Object> m = new LinkedHashMap<>(metadata);
        m.put("hasVideo", layout.hasVideo());
        m.put("hasAudio", layout.hasAudio());
        return FlvTags.metadata(normalizer.latestMs(), m);
    }

    private boolean relayedVideo(byte[] b) {
        int b0 = b[0] & 0xFF;
        boolean ok;
        if ((b0 & 0x80) != 0) {
            int fourCc = b.length >= 5 ? (b[1] & 0xFF) << 24 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 8 | b[4] & 0xFF : 0;
            ok = fourCc == FlvCodecIds.FOURCC_HVC1 || fourCc == FlvCodecIds.FOURCC_AVC1;
        } else {
            int id = b0 & 0x0F;
            ok = id == FlvCodecIds.VIDEO_AVC || id == FlvCodecIds.VIDEO_HEVC_LEGACY;
        }
        if (!ok && !loggedVideoCodec) {
            loggedVideoCodec = true;
            log.info("{}: ignoring video with FLV header byte 0x{}: only H.264 and H.265 are relayed", upstream, Integer.toHexString(b0));
        }
        return ok;
    }

    private boolean relayedAudio(byte[] b) {
        int format = (b[0] & 0xFF) >>> 4;
        boolean ok = format == FlvCodecIds.SOUND_AAC;
        if (!ok && !loggedAudioCodec) {
            loggedAudioCodec = true;
            log.info("{}: ignoring audio with SoundFormat {}: only AAC is relayed", upstream, format);
        }
        return ok;
    }

    private static boolean codec(Object value, Object[] relayed) {
        if (value instanceof Number n) {
            for (Object r : relayed) {
                if (r instanceof Double d && d == Math.rint(n.doubleValue())) {
                    return true;
                }
            }
        } else if (value instanceof String s) {
            for (Object r : relayed) {
                if (r.equals(s.strip())) {
                    return true;
                }
            }
        }
        return false;
    }
}
