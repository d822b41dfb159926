package io.edgecdn.media.rtmp;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes RTMP messages as chunks (Adobe RTMP Specification 1.0, section 5.3): a type 0 header,
 * then type 3 continuation chunks of at most {@link #chunkSize()} bytes; timestamps from
 * 0xFFFFFF up go in an extended timestamp, repeated on every continuation chunk.
 *
 * <p>Bytes go to the given stream unflushed; the caller flushes. Not thread-safe.
 */
public final class ChunkWriter {
    /** Chunk stream id for protocol control messages (5.4). */
    public static final int CSID_CONTROL = 2;
    /** Chunk stream id used for command messages. */
    public static final int CSID_COMMAND = 3;

    private final OutputStream out;
    private final byte[] header = new byte[18];
    private int chunkSize = 128;

    public ChunkWriter(OutputStream out) {
        this.out = out;
    }

    /** The chunk size in bytes this side writes with (128 until {@link #chunkSize(int)}). */
    public int chunkSize() {
        return chunkSize;
    }

    /**
     * Changes the outgoing chunk size; send a Set Chunk Size message with the same value first.
     *
     * @throws IllegalArgumentException for a size outside 1 to 2^24 - 1
     */
    public void chunkSize(int size) {
        if (size < 1 || size > ChunkReader.MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk size " + size + " outside 1.." + ChunkReader.MAX_CHUNK_SIZE);
        }
        chunkSize = size;
    }

    /**
     * Writes one message on chunk stream {@code csid} (2 to 63).
     *
     * @throws IllegalArgumentException for a chunk stream id outside 2..63 or a body over 2^24 - 1 bytes
     * @throws IOException when the stream fails
     */
    public void write(int csid, RtmpMessage m) throws IOException {
        if (csid < 2 || csid > 63) {
            throw new IllegalArgumentException("chunk stream id " + csid + " outside 2..63");
        }
        byte[] body = m.body();
        if (body.length > 0xFF_FFFF) {
            throw new IllegalArgumentException("message of " + body.length + " bytes: at most 16777215");
        }
        long ts = m.timestampMs() & 0xFFFF_FFFFL;
        boolean extended = ts >= 0xFF_FFFF;
        int h = 0;
        header[h++] = (byte) csid; // fmt 0
        put24(h, extended ? 0xFF_FFFF : ts);
        put24(h + 3, body.length);
        h += 6;
        header[h++] = (byte) m.type();
        int sid = m.streamId();
        header[h++] = (byte) sid;
        header[h++] = (byte) (sid >>> 8);
        header[h++] = (byte) (sid >>> 16);
        header[h++] = (byte) (sid >>> 24);
        if (extended) {
            put32(h, ts);
            h += 4;
        }
        out.write(header, 0, h);
        int off = 0;
        do {
            int n = Math.min(chunkSize, body.length - off);
            out.write(body, off, n);
            off += n;
            if (off < body.length) {
                header[0] = (byte) (0xC0 | csid); // fmt 3
                int c = 1;
                if (extended) {
                    put32(1, ts);
                    c += 4;
                }
                out.write(header, 0, c);
            }
        } while (off < body.length);
    }

    private void put24(int at, long v) {
        header[at] = (byte) (v >>> 16);
        header[at + 1] = (byte) (v >>> 8);
        header[at + 2] = (byte) v;
    }

    private void put32(int at, long v) {
        header[at] = (byte) (v >>> 24);
        header[at + 1] = (byte) (v >>> 16);
        header[at + 2] = (byte) (v >>> 8);
        header[at + 3] = (byte) v;
    }
}
