package io.edgecdn.transcoder;

import java.util.List;
import java.util.Set;

/**
 * One rung of a ladder: served as {@code {stream}_{name}} (e.g. {@code cam1_480p}).
 *
 * @param name 1-16 of [a-z0-9], e.g. {@code 480p}
 * @param width output width in pixels, even; 0 = from the height, keeping the source's aspect ratio
 * @param height output height in pixels, even, 16-4320; 0 (with width 0) = the source's size, for a
 *     re-encoding without B-frames rather than a smaller picture
 * @param videoBitrate target average video bitrate, bits per second
 * @param maxRate VBV maximum rate, bits per second, at least the bitrate
 * @param preset x264 preset (ultrafast ... veryslow)
 * @param profile H.264 profile: baseline, main or high
 * @param audioBitrate 0 = pass the source AAC through (the default); above 0 = re-encode AAC at this bitrate, bits per second
 */
public record Rendition(String name, int width, int height, long videoBitrate, long maxRate, String preset, String profile,
                        long audioBitrate) {
    /** x264's presets, fastest first. */
    public static final List<String> PRESETS = List.of("ultrafast", "superfast", "veryfast", "faster", "fast", "medium",
            "slow", "slower", "veryslow");
    /** H.264 profiles the encoder is asked for. */
    public static final Set<String> PROFILES = Set.of("baseline", "main", "high");

    /** The default ladder: 480p 1200 kbps, 360p 700 kbps, 240p 300 kbps, x264 veryfast, Main profile, AAC passed through. */
    public static final List<Rendition> DEFAULT_LADDER = List.of(
            new Rendition("480p", 0, 480, 1_200_000, 1_500_000, "veryfast", "main", 0),
            new Rendition("360p", 0, 360, 700_000, 875_000, "veryfast", "main", 0),
            new Rendition("240p", 0, 240, 300_000, 375_000, "veryfast", "main", 0));

    /**
     * Checks every field.
     *
     * @param field how this rendition is named in messages, e.g. {@code transcode.ladder[1]}
     * @throws IllegalArgumentException naming the field and the rule it breaks
     */
    public void validate(String field) {
        if (name == null || !name.matches("[a-z0-9]{1,16}")) {
            throw new IllegalArgumentException(field + ".name '" + name + "' must be 1-16 of [a-z0-9], e.g. 480p");
        }
        if (height == 0 && width != 0) {
            throw new IllegalArgumentException(field + ".height 0 (the source's size) needs width 0, got width " + width);
        }
        if (height != 0 && (height < 16 || height > 4320 || height % 2 != 0)) {
            throw new IllegalArgumentException(field + ".height " + height
                    + " must be an even number of pixels, 16-4320, or 0 for the source's size");
        }
        if (width != 0 && (width < 16 || width > 7680 || width % 2 != 0)) {
            throw new IllegalArgumentException(field + ".width " + width + " must be 0 (keep the aspect ratio) or an even number of pixels, 16-7680");
        }
        if (videoBitrate < 50_000 || videoBitrate > 50_000_000) {
            throw new IllegalArgumentException(field + ".bitrate " + videoBitrate + " must be 50k-50M bits per second");
        }
        if (maxRate < videoBitrate) {
            throw new IllegalArgumentException(field + ".maxrate " + maxRate + " must not be below the bitrate " + videoBitrate);
        }
        if (!PRESETS.contains(preset)) {
            throw new IllegalArgumentException(field + ".preset '" + preset + "' must be one of " + PRESETS);
        }
        if (!PROFILES.contains(profile)) {
            throw new IllegalArgumentException(field + ".profile '" + profile + "' must be baseline, main or high");
        }
        if (audioBitrate != 0 && (audioBitrate < 16_000 || audioBitrate > 512_000)) {
            throw new IllegalArgumentException(field + ".audio-bitrate " + audioBitrate + " must be 0 (pass through) or 16k-512k");
        }
    }

    /** Checks a whole ladder: every rendition, and names unique. */
    public static void validate(List<Rendition> ladder, String field) {
        if (ladder.isEmpty()) {
            throw new IllegalArgumentException(field + " is empty: give at least one rendition");
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < ladder.size(); i++) {
            ladder.get(i).validate(field + "[" + i + "]");
            if (!names.add(ladder.get(i).name())) {
                throw new IllegalArgumentException(field + "[" + i + "].name '" + ladder.get(i).name() + "' is used twice");
            }
        }
    }

    /**
     * The output size for a source, or null when this rendition would not be smaller than the
     * source (at or above the source's height: never upscale, the rendition is skipped). A
     * height of 0 gives the source's size, rounded down to even numbers (4:2:0 chroma).
     *
     * @return {width, height}, both even
     */
    public int @org.jspecify.annotations.Nullable [] sizeFor(int sourceWidth, int sourceHeight) {
        if (height == 0) {
            return new int[] {Math.max(2, sourceWidth & ~1), Math.max(2, sourceHeight & ~1)};
        }
        if (height >= sourceHeight) {
            return null;
        }
        int w = width != 0 ? width : (int) Math.round((double) sourceWidth * height / sourceHeight / 2) * 2;
        return new int[] {Math.max(2, w), height};
    }

    /** The H.264 profile_idc its encoder produces (ISO/IEC 14496-10, A.2): 66 baseline, 77 main, 100 high. */
    public int profileIdc() {
        return switch (profile) {
            case "baseline" -> 66;
            case "high" -> 100;
            default -> 77;
        };
    }

    /** This rendition with another bitrate (and max rate scaled alike). */
    public Rendition withBitrate(long bps) {
        long max = Math.max(bps, Math.round((double) maxRate * bps / videoBitrate));
        return new Rendition(name, width, height, bps, max, preset, profile, audioBitrate);
    }
}
