package io.edgecdn.media.codec;

/**
 * What a video sequence header says about its stream.
 *
 * @param codec H.264 or H.265
 * @param profile profile_idc (H.264) or general_profile_idc (H.265), e.g. 100 = High, 1 = Main
 * @param level level_idc (H.264: 31 = 3.1) or general_level_idc (H.265: 93 = 3.1, 30 x level)
 * @param width picture width in pixels after conformance cropping
 * @param height picture height in pixels after conformance cropping
 */
public record VideoInfo(VideoCodec codec, int profile, int level, int width, int height) {
    /** An RFC 6381 style description, e.g. {@code h264 High@3.1 1280x720}. */
    public String describe() {
        return codec.name().toLowerCase() + " profile " + profile + " level " + level + " " + width + "x" + height;
    }
}
