package io.edgecdn.media.flv;

/**
 * The FLV file header (Adobe FLV spec v10.1, E.2): signature "FLV", version, and the flags that say
 * whether audio and video tags are present.
 *
 * @param version the FLV version byte (1 in every known file)
 * @param hasAudio TypeFlagsAudio
 * @param hasVideo TypeFlagsVideo
 */
public record FlvHeader(int version, boolean hasAudio, boolean hasVideo) {
    /** Size in bytes of the header as written by {@link FlvWriter}: 9 bytes of header and the 4-byte PreviousTagSize0. */
    public static final int WIRE_SIZE = 13;
}
