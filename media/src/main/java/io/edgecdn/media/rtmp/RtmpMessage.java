package io.edgecdn.media.rtmp;

/**
 * One RTMP message (Adobe RTMP Specification 1.0, section 6.1): its type, message stream id,
 * timestamp and payload. For audio (8) and video (9) the payload is exactly an FLV tag body, for
 * data (18) an AMF0 script data body.
 *
 * @param type the message type id, one of the constants here (others are passed through)
 * @param streamId the message stream id (0 for protocol control and NetConnection commands)
 * @param timestampMs the message timestamp, ms, 32 bits (0 to 2^32 - 1)
 * @param body the payload; owned by the message, not copied
 */
public record RtmpMessage(int type, int streamId, long timestampMs, byte[] body) {
    /** Set Chunk Size (5.4.1): 4 bytes, the new maximum chunk payload. */
    public static final int SET_CHUNK_SIZE = 1;
    /** Abort Message (5.4.2): 4 bytes, the chunk stream id whose partial message is dropped. */
    public static final int ABORT = 2;
    /** Acknowledgement (5.4.3): 4 bytes, the bytes received so far. */
    public static final int ACKNOWLEDGEMENT = 3;
    /** User Control Message (6.2): 2 bytes event type, then event data. */
    public static final int USER_CONTROL = 4;
    /** Window Acknowledgement Size (5.4.4): 4 bytes. */
    public static final int WINDOW_ACK_SIZE = 5;
    /** Set Peer Bandwidth (5.4.5): 4 bytes window, 1 byte limit type. */
    public static final int SET_PEER_BANDWIDTH = 6;
    /** Audio message: an FLV audio tag body. */
    public static final int AUDIO = 8;
    /** Video message: an FLV video tag body. */
    public static final int VIDEO = 9;
    /** Data message, AMF3. */
    public static final int DATA_AMF3 = 15;
    /** Command message, AMF3. */
    public static final int COMMAND_AMF3 = 17;
    /** Data message, AMF0 ({@code onMetaData}, {@code |RtmpSampleAccess}). */
    public static final int DATA_AMF0 = 18;
    /** Command message, AMF0 ({@code connect}, {@code _result}, {@code onStatus}, ...). */
    public static final int COMMAND_AMF0 = 20;
    /** Aggregate message (6.1.2): a run of FLV tags (header, body, back pointer). */
    public static final int AGGREGATE = 22;

    /** User control event 0: Stream Begin. */
    public static final int EVENT_STREAM_BEGIN = 0;
    /** User control event 1: Stream EOF. */
    public static final int EVENT_STREAM_EOF = 1;
    /** User control event 3: Set Buffer Length (stream id, buffer ms). */
    public static final int EVENT_SET_BUFFER_LENGTH = 3;
    /** User control event 6: Ping Request (timestamp). */
    public static final int EVENT_PING_REQUEST = 6;
    /** User control event 7: Ping Response (the request's timestamp). */
    public static final int EVENT_PING_RESPONSE = 7;

    /** A 4-byte big-endian value at {@code off} of the body, unsigned. */
    public long u32(int off) {
        return (long) (body[off] & 0xFF) << 24 | (body[off + 1] & 0xFF) << 16 | (body[off + 2] & 0xFF) << 8 | body[off + 3] & 0xFF;
    }

    /** A protocol control message with one 4-byte value (Set Chunk Size, Acknowledgement, Window Acknowledgement Size). */
    public static RtmpMessage control(int type, long value) {
        return new RtmpMessage(type, 0, 0, be32(value));
    }

    /** Set Peer Bandwidth: window size in bytes and limit type (0 hard, 1 soft, 2 dynamic). */
    public static RtmpMessage peerBandwidth(long window, int limitType) {
        byte[] b = new byte[5];
        System.arraycopy(be32(window), 0, b, 0, 4);
        b[4] = (byte) limitType;
        return new RtmpMessage(SET_PEER_BANDWIDTH, 0, 0, b);
    }

    /** A user control event with its data values (each 4 bytes). */
    public static RtmpMessage userControl(int event, long... values) {
        byte[] b = new byte[2 + 4 * values.length];
        b[0] = (byte) (event >>> 8);
        b[1] = (byte) event;
        for (int i = 0; i < values.length; i++) {
            System.arraycopy(be32(values[i]), 0, b, 2 + 4 * i, 4);
        }
        return new RtmpMessage(USER_CONTROL, 0, 0, b);
    }

    private static byte[] be32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    @Override
    public String toString() {
        return "RtmpMessage[type " + type + ", stream " + streamId + ", " + timestampMs + " ms, " + body.length + " bytes]";
    }
}
