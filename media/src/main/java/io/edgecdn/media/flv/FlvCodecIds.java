package io.edgecdn.media.flv;

/**
 * Numeric values of FLV audio and video tag headers (Adobe FLV spec v10.1, E.4.2.1 and E.4.3.1)
 * and the Enhanced RTMP FourCCs.
 */
public final class FlvCodecIds {
    /** SoundFormat 10: AAC. */
    public static final int SOUND_AAC = 10;
    /** SoundFormat 2: MP3. */
    public static final int SOUND_MP3 = 2;
    /** SoundFormat 9: Enhanced RTMP ExAudioTagHeader. */
    public static final int SOUND_EX_HEADER = 9;
    /** CodecID 7: AVC (H.264). */
    public static final int VIDEO_AVC = 7;
    /** CodecID 12: HEVC as used by pre-Enhanced-RTMP servers (SRS, nginx forks). */
    public static final int VIDEO_HEVC_LEGACY = 12;
    /** FrameType 1: keyframe (for AVC, a seekable frame). */
    public static final int FRAME_KEY = 1;
    /** FrameType 2: inter frame. */
    public static final int FRAME_INTER = 2;
    /** FrameType 5: video info/command frame. */
    public static final int FRAME_COMMAND = 5;
    /** Enhanced RTMP FourCC 'hvc1' as a big-endian int. */
    public static final int FOURCC_HVC1 = fourCc("hvc1");
    /** Enhanced RTMP FourCC 'avc1' as a big-endian int. */
    public static final int FOURCC_AVC1 = fourCc("avc1");

    private FlvCodecIds() {
    }

    /** A four-character code as a big-endian int. */
    public static int fourCc(String s) {
        return (s.charAt(0) << 24) | (s.charAt(1) << 16) | (s.charAt(2) << 8) | s.charAt(3);
    }
}
