package io.edgecdn.edge.transcode;

import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamPattern;
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
}
