package io.edgecdn.media.flv;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One FLV tag (Adobe FLV spec v10.1, E.4.1), held in its wire form: the 11-byte tag header, the
 * payload (the tag body, as in an RTMP message) and the 4-byte PreviousTagSize that follows it.
 *
 * <p>The wire bytes are built once, when the tag enters the node, and are then shared read-only
 * by every consumer: {@link #wire()} hands out an independent {@link ByteBuffer#duplicate()
 * duplicate} of them, never a copy. Instances are immutable and safe to publish across threads.
 *
 * <p>Timestamps are in milliseconds, 32 bits (TimestampExtended holds bits 24-31); a value past
 * 2^32 - 1 keeps its low 32 bits, as FLV does. {@link #kind()} classifies the tag once, from its
 * first payload bytes, for the GOP cache and the fan-out.
 */
public final class FlvTag {
    /** Size in bytes of a tag header (TagType, DataSize, Timestamp, TimestampExtended, StreamID). */
    public static final int HEADER_SIZE = 11;
    /** Size in bytes of the PreviousTagSize field that follows every tag. */
    public static final int TRAILER_SIZE = 4;
    /** Largest payload a tag can carry: DataSize is 24 bits. */
    public static final int MAX_PAYLOAD_SIZE = 0xFF_FFFF;

    private final TagType type;
    private final long timestampMs;
    private final TagKind kind;
    private final ByteBuffer wire;

    private FlvTag(TagType type, long timestampMs, byte[] wire) {
        this.type = type;
        this.timestampMs = timestampMs & 0xFFFF_FFFFL;
        this.wire = ByteBuffer.wrap(wire).asReadOnlyBuffer();
        this.kind = classify(type, wire, HEADER_SIZE, wire.length - HEADER_SIZE - TRAILER_SIZE);
    }

    /**
     * Builds a tag from its payload, copying the payload once into the wire form.
     *
     * @param type the tag type
     * @param timestampMs DTS in milliseconds (only the low 32 bits are kept)
     * @param payload the tag body, from its position to its limit; not modified
     * @throws IllegalArgumentException when the payload is longer than {@link #MAX_PAYLOAD_SIZE}
     */
    public static FlvTag of(TagType type, long timestampMs, ByteBuffer payload) {
        Objects.requireNonNull(type, "type");
        int size = payload.remaining();
        if (size > MAX_PAYLOAD_SIZE) {
            throw new IllegalArgumentException("FLV tag payload of " + size + " bytes exceeds 24-bit DataSize");
        }
        byte[] wire = new byte[HEADER_SIZE + size + TRAILER_SIZE];
        payload.duplicate().get(wire, HEADER_SIZE, size);
        writeHeader(wire, type, size, timestampMs);
        return new FlvTag(type, timestampMs, wire);
    }

    /** Same as {@link #of(TagType, long, ByteBuffer)} for a whole byte array. */
    public static FlvTag of(TagType type, long timestampMs, byte[] payload) {
        return of(type, timestampMs, ByteBuffer.wrap(payload));
    }

    /**
     * Adopts a complete wire array (header, payload, PreviousTagSize) without copying it. The caller
     * must not touch the array afterwards. Used by {@link FlvReader}, which has already checked it.
     */
    static FlvTag adopt(TagType type, long timestampMs, byte[] wire) {
        return new FlvTag(type, timestampMs, wire);
    }

    /** This tag with another timestamp (ms); copies the wire bytes once. */
    public FlvTag withTimestamp(long newTimestampMs) {
        if ((newTimestampMs & 0xFFFF_FFFFL) == timestampMs) {
            return this;
        }
        byte[] copy = new byte[wire.capacity()];
        wire.duplicate().clear().get(copy);
        writeHeader(copy, type, payloadSize(), newTimestampMs);
        return new FlvTag(type, newTimestampMs, copy);
    }

    public TagType type() {
        return type;
    }

    /** DTS in milliseconds, 0 to 2^32 - 1. */
    public long timestampMs() {
        return timestampMs;
    }

    public TagKind kind() {
        return kind;
    }

    /** Whether this is a video keyframe, where a GOP starts. */
    public boolean isKeyframe() {
        return kind == TagKind.VIDEO_KEYFRAME;
    }

    /**
     * CompositionTime of a video frame (PTS - DTS, ms, signed 24-bit): bytes 2-4 of a legacy AVC/HEVC
     * tag, bytes 5-7 of an Enhanced RTMP CodedFrames tag, 0 for CodedFramesX and for other tags.
     */
    public int compositionTimeMs() {
        if (type != TagType.VIDEO || (kind != TagKind.VIDEO_KEYFRAME && kind != TagKind.VIDEO_FRAME)) {
            return 0;
        }
        int b0 = payloadByte(0);
        int at;
        if ((b0 & 0x80) != 0) {
            if ((b0 & 0x0F) != 1 || payloadSize() < 8) {
                return 0;
            }
            at = 5;
        } else {
            if (payloadSize() < 5) {
                return 0;
            }
            at = 2;
        }
        return ((payloadByte(at) << 16) | (payloadByte(at + 1) << 8) | payloadByte(at + 2)) << 8 >> 8;
    }

    /**
     * Whether a video tag carries H.265: Enhanced RTMP FourCC {@code hvc1}, or the legacy CodecID 12.
     * False for other tags.
     */
    public boolean isHevc() {
        if (type != TagType.VIDEO || payloadSize() < 1) {
            return false;
        }
        int b0 = payloadByte(0);
        if ((b0 & 0x80) != 0) {
            return payloadSize() >= 5 && ((payloadByte(1) << 24) | (payloadByte(2) << 16) | (payloadByte(3) << 8)
                    | payloadByte(4)) == FlvCodecIds.FOURCC_HVC1;
        }
        return (b0 & 0x0F) == FlvCodecIds.VIDEO_HEVC_LEGACY;
    }

    /** Presentation time of a video frame in ms: DTS plus {@link #compositionTimeMs()}. */
    public long presentationTimeMs() {
        return timestampMs + compositionTimeMs();
    }

    /** Payload size in bytes (the tag's DataSize). */
    public int payloadSize() {
        return wire.capacity() - HEADER_SIZE - TRAILER_SIZE;
    }

    /** Size in bytes of the wire form: header, payload and PreviousTagSize. */
    public int wireSize() {
        return wire.capacity();
    }

    /** A read-only view of the payload (position 0, limit {@link #payloadSize()}); no copy. */
    public ByteBuffer payload() {
        return wire.duplicate().position(HEADER_SIZE).limit(HEADER_SIZE + payloadSize()).slice();
    }

    /**
     * A read-only view of the whole wire form, ready to be written to a socket: the tag header,
     * payload and PreviousTagSize. Each call returns a new duplicate (own position), sharing bytes.
     */
    public ByteBuffer wire() {
        return wire.duplicate();
    }

    /** Payload byte at an index, 0-based; for header inspection without a view. */
    public int payloadByte(int index) {
        return wire.get(HEADER_SIZE + index) & 0xFF;
    }

    @Override
    public String toString() {
        return "FlvTag[" + type + " " + kind + " ts=" + timestampMs + "ms size=" + payloadSize() + "]";
    }

    private static void writeHeader(byte[] w, TagType type, int size, long ts) {
        w[0] = (byte) type.code();
        w[1] = (byte) (size >>> 16);
        w[2] = (byte) (size >>> 8);
        w[3] = (byte) size;
        w[4] = (byte) (ts >>> 16);
        w[5] = (byte) (ts >>> 8);
        w[6] = (byte) ts;
        w[7] = (byte) (ts >>> 24);
        w[8] = 0;
        w[9] = 0;
        w[10] = 0;
        int prev = HEADER_SIZE + size;
        int p = HEADER_SIZE + size;
        w[p] = (byte) (prev >>> 24);
        w[p + 1] = (byte) (prev >>> 16);
        w[p + 2] = (byte) (prev >>> 8);
        w[p + 3] = (byte) prev;
    }

    /**
     * Classifies a tag from its payload's first bytes (FLV spec v10.1 E.4.2, E.4.3; Enhanced RTMP):
     * two bytes are enough.
     *
     * @param type the tag type
     * @param b bytes holding the start of the payload at {@code off}
     * @param len how many payload bytes are available there (0 or more)
     */
    public static TagKind classify(TagType type, byte[] b, int off, int len) {
        switch (type) {
            case SCRIPT:
                return TagKind.METADATA;
            case AUDIO: {
                if (len < 1) {
                    return TagKind.AUDIO_FRAME;
                }
                int soundFormat = (b[off] & 0xFF) >>> 4;
                if (soundFormat == FlvCodecIds.SOUND_AAC && len >= 2 && b[off + 1] == 0) {
                    return TagKind.AUDIO_SEQUENCE_HEADER;
                }
                if (soundFormat == FlvCodecIds.SOUND_EX_HEADER && (b[off] & 0x0F) == 0) {
                    return TagKind.AUDIO_SEQUENCE_HEADER;
                }
                return TagKind.AUDIO_FRAME;
            }
            case VIDEO: {
                if (len < 1) {
                    return TagKind.VIDEO_OTHER;
                }
                int b0 = b[off] & 0xFF;
                if ((b0 & 0x80) != 0) { // Enhanced RTMP: IsExHeader, FrameType(3), PacketType(4), FourCC
                    int frameType = (b0 >>> 4) & 0x07;
                    int packetType = b0 & 0x0F;
                    if (frameType == FlvCodecIds.FRAME_COMMAND) {
                        return TagKind.VIDEO_OTHER;
                    }
                    return switch (packetType) {
                        case 0 -> TagKind.VIDEO_SEQUENCE_HEADER;
                        case 1, 3 -> frameType == FlvCodecIds.FRAME_KEY ? TagKind.VIDEO_KEYFRAME : TagKind.VIDEO_FRAME;
                        default -> TagKind.VIDEO_OTHER;
                    };
                }
                int frameType = b0 >>> 4;
                int codecId = b0 & 0x0F;
                if (frameType == FlvCodecIds.FRAME_COMMAND) {
                    return TagKind.VIDEO_OTHER;
                }
                if (codecId == FlvCodecIds.VIDEO_AVC || codecId == FlvCodecIds.VIDEO_HEVC_LEGACY) {
                    if (len < 2) {
                        return TagKind.VIDEO_OTHER;
                    }
                    return switch (b[off + 1]) {
                        case 0 -> TagKind.VIDEO_SEQUENCE_HEADER;
                        case 1 -> frameType == FlvCodecIds.FRAME_KEY ? TagKind.VIDEO_KEYFRAME : TagKind.VIDEO_FRAME;
                        default -> TagKind.VIDEO_OTHER;
                    };
                }
                return frameType == FlvCodecIds.FRAME_KEY ? TagKind.VIDEO_KEYFRAME : TagKind.VIDEO_FRAME;
            }
            default:
                throw new IllegalStateException();
        }
    }
}
