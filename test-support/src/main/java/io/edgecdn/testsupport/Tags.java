package io.edgecdn.testsupport;

import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagType;

/** Minimal tags for tests: payload headers as in FLV spec v10.1 E.4.2/E.4.3, bodies padded to a size. */
public final class Tags {
    private Tags() {
    }

    public static FlvTag keyframe(long ts, int size) {
        return video(ts, 0x17, 1, size); // FrameType 1, AVC, NALU
    }

    public static FlvTag frame(long ts, int size) {
        return video(ts, 0x27, 1, size); // FrameType 2, AVC, NALU
    }

    /** A keyframe ({@code key}) or inter frame with a CompositionTime (PTS - DTS, ms): for B-frame streams. */
    public static FlvTag video(long dts, int compositionMs, boolean key, int size) {
        FlvTag t = video(dts, key ? 0x17 : 0x27, 1, size);
        byte[] p = new byte[t.payloadSize()];
        t.payload().get(p);
        p[2] = (byte) (compositionMs >> 16);
        p[3] = (byte) (compositionMs >> 8);
        p[4] = (byte) compositionMs;
        return FlvTag.of(TagType.VIDEO, dts, p);
    }

    public static FlvTag videoHeader(long ts, int variant) {
        byte[] p = {0x17, 0, 0, 0, 0, 1, 0x42, 0, (byte) variant};
        return FlvTag.of(TagType.VIDEO, ts, p);
    }

    public static FlvTag audioHeader(long ts) {
        return FlvTag.of(TagType.AUDIO, ts, new byte[] {(byte) 0xAF, 0, 0x11, (byte) 0x90});
    }

    public static FlvTag audio(long ts, int size) {
        byte[] p = new byte[Math.max(3, size)];
        p[0] = (byte) 0xAF;
        p[1] = 1;
        return FlvTag.of(TagType.AUDIO, ts, p);
    }

    private static FlvTag video(long ts, int b0, int packetType, int size) {
        byte[] p = new byte[Math.max(6, size)];
        p[0] = (byte) b0;
        p[1] = (byte) packetType;
        p[5] = (byte) ts; // make payloads differ
        return FlvTag.of(TagType.VIDEO, ts, p);
    }
}
