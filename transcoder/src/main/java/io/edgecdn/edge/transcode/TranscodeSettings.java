package io.edgecdn.edge.transcode;

import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamPattern;
import io.edgecdn.ops.config.ConfigException;
import io.edgecdn.ops.config.ConfigSection;
import io.edgecdn.transcoder.Rendition;
import java.util.ArrayList;
import java.util.List;

/**
 * The adaptive-bitrate ladder ({@code transcode} in the config).
 *
 * @param encoder FFmpeg video encoder: {@code libx264} (default) or {@code h264_nvenc}
 * @param ladder renditions, served as {@code {stream}_{name}}; those not smaller than the source are skipped
 * @param overrides ladders for stream patterns, the first match wins over the default ladder
 * @param alwaysOn source streams (app/stream, or patterns with *) whose renditions are kept running
 */
public record TranscodeSettings(String encoder, List<Rendition> ladder, List<LadderOverride> overrides,
                                List<String> alwaysOn) {
    /** Only an encoder and a ladder; no overrides, nothing always on. */
    public TranscodeSettings(String encoder, List<Rendition> ladder) {
        this(encoder, ladder, List.of(), List.of());
    }

    /** The ladder for a source stream. */
    public List<Rendition> ladderFor(StreamKey base) {
        return overrides.stream().filter(o -> StreamPattern.matches(o.pattern(), base)).findFirst()
                .map(LadderOverride::ladder).orElse(ladder);
    }

    /** Every ladder (overrides first, then the default). */
    public List<List<Rendition>> ladders() {
        List<List<Rendition>> all = new ArrayList<>();
        overrides.forEach(o -> all.add(o.ladder()));
        all.add(ladder);
        return all;
    }

    /**
     * @param pattern stream key pattern (app/stream with * wildcards)
     * @param ladder the renditions for matching streams
     */
    public record LadderOverride(String pattern, List<Rendition> ladder) {
    }

    /**
     * Reads a {@code transcode} section: {@code encoder}, {@code ladder}, {@code overrides} ({@code
     * [{pattern, ladder}]}) and {@code always-on}; absent keys keep {@code d}'s values (absent
     * overrides and always-on: none).
     *
     * @throws ConfigException naming the bad key
     */
    public static TranscodeSettings read(ConfigSection t, TranscodeSettings d) {
        String encoder = t.string("encoder", d.encoder());
        if (!encoder.equals("libx264") && !encoder.equals("h264_nvenc")) {
            throw t.bad("encoder", "must be libx264 or h264_nvenc, got '" + encoder + "'");
        }
        List<Rendition> ladder = ladder(t, "ladder", d.ladder());
        List<LadderOverride> overrides = overrides(t);
        List<String> alwaysOn = t.stringList("always-on");
        for (String a : alwaysOn) {
            if (!StreamPattern.isValid(a)) {
                throw t.error(t.key("always-on") + " entry '" + a + "' must be app/stream (with * as a wildcard)");
            }
        }
        t.done();
        return new TranscodeSettings(encoder, ladder, overrides, List.copyOf(alwaysOn));
    }

    /**
     * Reads a ladder change (the body of {@code PUT /admin/config/ladder}): {@code ladder} (the
     * default ladder) and {@code overrides} ({@code [{pattern, ladder}]}), each replacing the
     * current one when present; the encoder and always-on list stay.
     *
     * @throws ConfigException naming the bad key
     */
    public static TranscodeSettings readLadders(ConfigSection t, TranscodeSettings d) {
        List<Rendition> ladder = ladder(t, "ladder", d.ladder());
        List<LadderOverride> overrides = t.has("overrides") ? overrides(t) : d.overrides();
        t.done();
        return new TranscodeSettings(d.encoder(), ladder, overrides, d.alwaysOn());
    }

    private static List<LadderOverride> overrides(ConfigSection t) {
        List<LadderOverride> overrides = new ArrayList<>();
        for (ConfigSection o : t.sections("overrides", "{pattern, ladder}")) {
            String pattern = o.string("pattern", null);
            if (!StreamPattern.isValid(pattern)) {
                throw o.bad("pattern", "must be app/stream with * as a wildcard");
            }
            overrides.add(new LadderOverride(pattern, ladder(o, "ladder", null)));
            o.done();
        }
        return List.copyOf(overrides);
    }

    /** The ladder at {@code key}; {@code def} when absent (null: required). */
    private static List<Rendition> ladder(ConfigSection s, String key, List<Rendition> def) {
        if (s.raw(key) == null || s.raw(key).isNull()) {
            if (def == null) {
                throw s.bad(key, "is required");
            }
            return def;
        }
        List<Rendition> ladder = new ArrayList<>();
        Rendition dr = Rendition.DEFAULT_LADDER.get(0);
        for (ConfigSection r : s.sections(key, "renditions")) {
            if (TranscodeService.WEBRTC_RENDITION.equals(r.string("name", null))) {
                throw r.bad("name", "'" + TranscodeService.WEBRTC_RENDITION + "' is reserved for the source-size rendition without "
                        + "B-frames that WebRTC viewers get; name the rung another way");
            }
            if (r.intIn("height", 0, 0, 4320) == 0) {
                throw r.bad("height", "is required: an even number of pixels, 16-4320 (a rendition is a smaller picture)");
            }
            long bitrate = r.bits("bitrate", dr.videoBitrate());
            ladder.add(new Rendition(r.string("name", null), r.intIn("width", 0, 0, 7680), r.intIn("height", 0, 0, 4320),
                    bitrate, r.bits("maxrate", bitrate * 5 / 4), r.string("preset", dr.preset()), r.string("profile", dr.profile()),
                    r.bits("audio-bitrate", 0)));
            r.done();
        }
        try {
            Rendition.validate(ladder, s.key(key));
        } catch (IllegalArgumentException e) {
            throw s.error(e.getMessage(), e);
        }
        return List.copyOf(ladder);
    }
}
