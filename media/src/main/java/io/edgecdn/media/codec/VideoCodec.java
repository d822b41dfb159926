package io.edgecdn.media.codec;

/** Video codecs the node carries in FLV. */
public enum VideoCodec {
    /** H.264 / AVC (ITU-T H.264, ISO/IEC 14496-10). */
    H264,
    /** H.265 / HEVC (ITU-T H.265, ISO/IEC 23008-2). */
    H265
}
