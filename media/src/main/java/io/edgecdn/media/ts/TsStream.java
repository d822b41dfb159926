package io.edgecdn.media.ts;

/**
 * One elementary stream listed in a program map table (ISO/IEC 13818-1, 2.4.4.8).
 *
 * @param pid the elementary_PID (13 bits) its TS packets carry
 * @param streamType the PMT stream_type (table 2-34; 0x1B H.264, 0x24 H.265, 0x0F AAC in ADTS)
 * @param registration the format_identifier of a registration descriptor (tag 5), e.g. {@code "HEVC"},
 *     {@code "Opus"}, {@code "AC-3"}, or null when there is none
 */
public record TsStream(int pid, int streamType, String registration) {
    /** stream_type of H.264 video (ITU-T H.264 | ISO/IEC 14496-10). */
    public static final int H264 = 0x1B;
    /** stream_type of H.265 video (ITU-T H.265 | ISO/IEC 23008-2). */
    public static final int H265 = 0x24;
    /** stream_type of AAC audio with ADTS transport syntax (ISO/IEC 13818-7). */
    public static final int AAC_ADTS = 0x0F;
    /** stream_type of AAC audio with LATM transport syntax (ISO/IEC 14496-3); not relayed. */
    public static final int AAC_LATM = 0x11;
    /** stream_type of PES private data (Opus, AC-3 or HEVC in older muxers, named by a registration descriptor). */
    public static final int PRIVATE_PES = 0x06;

    /** Whether this is video the node relays: H.264, or H.265 (stream type 0x24, or private data registered as "HEVC"). */
    public boolean isRelayedVideo() {
        return streamType == H264 || isHevc();
    }

    /** Whether this is H.265 video. */
    public boolean isHevc() {
        return streamType == H265 || streamType == PRIVATE_PES && "HEVC".equals(registration);
    }

    /** Whether this is audio the node relays: AAC in ADTS. */
    public boolean isRelayedAudio() {
        return streamType == AAC_ADTS;
    }

    /** A short description for logs: {@code PID 256 H.264}, {@code PID 257 stream type 0x03 (MPEG-1 audio)}. */
    public String describe() {
        String name = switch (streamType) {
            case H264 -> "H.264";
            case H265 -> "H.265";
            case AAC_ADTS -> "AAC (ADTS)";
            case AAC_LATM -> "stream type 0x11 (AAC in LATM)";
            case 0x01, 0x02 -> String.format("stream type 0x%02X (MPEG-1/2 video)", streamType);
            case 0x03, 0x04 -> String.format("stream type 0x%02X (MPEG-1/2 audio)", streamType);
            case 0x81 -> "stream type 0x81 (AC-3)";
            case 0x87 -> "stream type 0x87 (E-AC-3)";
            case 0x15 -> "stream type 0x15 (ID3 metadata)";
            case PRIVATE_PES -> registration != null ? "private data (" + registration + ")" : "private data (stream type 0x06)";
            default -> String.format("stream type 0x%02X", streamType);
        };
        return "PID " + pid + " " + name;
    }
}
