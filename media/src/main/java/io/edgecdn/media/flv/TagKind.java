package io.edgecdn.media.flv;

/**
 * What an FLV tag means to the fan-out and the GOP cache, derived once from its first payload
 * bytes when the tag is built.
 */
public enum TagKind {
    /** A script data tag ({@code onMetaData}). */
    METADATA,
    /** AVC/HEVC decoder configuration (AVCPacketType 0, or Enhanced RTMP SequenceStart). */
    VIDEO_SEQUENCE_HEADER,
    /** AAC AudioSpecificConfig (AACPacketType 0). */
    AUDIO_SEQUENCE_HEADER,
    /** A coded video frame with FrameType 1: an IDR picture, where a GOP starts. */
    VIDEO_KEYFRAME,
    /** Any other coded video frame. */
    VIDEO_FRAME,
    /** A coded audio frame. */
    AUDIO_FRAME,
    /** A video tag that carries no picture (end of sequence, video info/command frame). */
    VIDEO_OTHER;

    /** Whether this tag configures a decoder rather than carrying media (metadata and sequence headers). */
    public boolean isConfig() {
        return this == METADATA || this == VIDEO_SEQUENCE_HEADER || this == AUDIO_SEQUENCE_HEADER;
    }
}
