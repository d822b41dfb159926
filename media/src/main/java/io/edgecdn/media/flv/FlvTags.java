package io.edgecdn.media.flv;

import io.edgecdn.media.amf.Amf0;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Builds the FLV tags the remuxer produces: H.264 with the legacy AVC header (FLV spec v10.1,
 * E.4.3.1: FrameType, CodecID 7, AVCPacketType, CompositionTime), H.265 with the Enhanced RTMP
 * header (IsExHeader, FrameType, PacketType, FourCC 'hvc1'), AAC (E.4.2.1: SoundFormat 10,
 * 44 kHz, 16-bit, stereo flags, AACPacketType), and {@code onMetaData} script tags (AMF0).
 * Every method allocates the tag's wire form once.
 */
public final class FlvTags {
    private FlvTags() {
    }

    /** An H.264 sequence header carrying an AVCDecoderConfigurationRecord. */
    public static FlvTag avcSequenceHeader(long timestampMs, byte[] record) {
        return video(timestampMs, 0x17, 0, 0, out -> out.put(record), record.length);
    }

    /**
     * An H.264 frame.
     *
     * @param dtsMs decode timestamp, ms
     * @param ctsMs composition time offset (PTS - DTS), ms, signed 24-bit
     * @param keyframe whether the frame is an IDR picture
     * @param size size in bytes of the NAL units with their length prefixes
     * @param writer writes exactly {@code size} bytes of length-prefixed NAL units
     */
    public static FlvTag avcFrame(long dtsMs, int ctsMs, boolean keyframe, int size, Consumer<ByteBuffer> writer) {
        return video(dtsMs, keyframe ? 0x17 : 0x27, 1, ctsMs, writer, size);
    }

    /** An H.265 sequence header (Enhanced RTMP SequenceStart) carrying an HEVCDecoderConfigurationRecord. */
    public static FlvTag hevcSequenceHeader(long timestampMs, byte[] record) {
        return exVideo(timestampMs, FlvCodecIds.FRAME_KEY, 0, 0, out -> out.put(record), record.length, false);
    }

    /** An H.265 frame (Enhanced RTMP CodedFrames, with CompositionTime). */
    public static FlvTag hevcFrame(long dtsMs, int ctsMs, boolean keyframe, int size, Consumer<ByteBuffer> writer) {
        return exVideo(dtsMs, keyframe ? FlvCodecIds.FRAME_KEY : FlvCodecIds.FRAME_INTER, 1, ctsMs, writer, size, true);
    }

    /** An AAC sequence header carrying an AudioSpecificConfig. */
    public static FlvTag aacSequenceHeader(long timestampMs, byte[] audioSpecificConfig) {
        return audio(timestampMs, 0, ByteBuffer.wrap(audioSpecificConfig));
    }

    /** A raw AAC frame (no ADTS header). */
    public static FlvTag aacFrame(long timestampMs, ByteBuffer raw) {
        return audio(timestampMs, 1, raw);
    }

    /** An {@code onMetaData} script tag with the given properties (numbers, strings, booleans). */
    public static FlvTag metadata(long timestampMs, java.util.Map<String, Object> properties) {
        return FlvTag.of(TagType.SCRIPT, timestampMs, Amf0.encode("onMetaData", new Amf0.EcmaArray(properties)));
    }

    private static FlvTag audio(long ts, int packetType, ByteBuffer body) {
        ByteBuffer p = ByteBuffer.allocate(2 + body.remaining());
        p.put((byte) 0xAF); // SoundFormat 10 (AAC), SoundRate 3, SoundSize 1, SoundType 1: fixed for AAC
        p.put((byte) packetType);
        p.put(body.duplicate());
        return FlvTag.of(TagType.AUDIO, ts, p.flip());
    }

    private static FlvTag video(long ts, int b0, int packetType, int cts, Consumer<ByteBuffer> writer, int size) {
        ByteBuffer p = ByteBuffer.allocate(5 + size);
        p.put((byte) b0);
        p.put((byte) packetType);
        putInt24(p, cts);
        writer.accept(p);
        return checked(TagType.VIDEO, ts, p);
    }

    private static FlvTag exVideo(long ts, int frameType, int packetType, int cts, Consumer<ByteBuffer> writer,
                                  int size, boolean withCts) {
        ByteBuffer p = ByteBuffer.allocate(5 + (withCts ? 3 : 0) + size);
        p.put((byte) (0x80 | (frameType << 4) | packetType));
        p.putInt(FlvCodecIds.FOURCC_HVC1);
        if (withCts) {
            putInt24(p, cts);
        }
        writer.accept(p);
        return checked(TagType.VIDEO, ts, p);
    }

    private static FlvTag checked(TagType type, long ts, ByteBuffer p) {
        if (p.hasRemaining()) {
            throw new IllegalStateException("tag writer left " + p.remaining() + " of " + p.capacity() + " bytes unwritten");
        }
        return FlvTag.of(type, ts, p.flip());
    }

    private static void putInt24(ByteBuffer p, int v) {
        p.put((byte) (v >> 16));
        p.put((byte) (v >> 8));
        p.put((byte) v);
    }
}
