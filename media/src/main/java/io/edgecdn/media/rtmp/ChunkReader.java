package io.edgecdn.media.rtmp;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reassembles RTMP messages from the chunk stream (Adobe RTMP Specification 1.0, section 5.3):
 * basic headers of 1 to 3 bytes (chunk stream ids 2 to 65599), message headers of type 0 to 3,
 * extended timestamps (also on type 3 chunks of a message whose header had one), interleaved
 * messages on different chunk streams.
 *
 * <p>Set Chunk Size and Abort messages are applied here and returned too. Memory is bounded for
 * any input: at most {@value #MAX_CHUNK_STREAMS} chunk streams, a message buffer grows with the
 * bytes that really arrived (a declared 16 MiB length allocates nothing up front), and all partial
 * messages together hold at most {@code maxBufferedBytes}.
 *
 * <p>Not thread-safe: one reader per connection, on the connection's thread.
 */
public final class ChunkReader {
    /** Most chunk streams one connection may use. */
    public static final int MAX_CHUNK_STREAMS = 64;
    /** Largest chunk size accepted from the peer, bytes (the protocol allows 2^31 - 1; messages are at most 2^24 - 1). */
    public static final int MAX_CHUNK_SIZE = 0xFF_FFFF;
    private static final int FIRST_BUFFER = 16 * 1024;

    private final RtmpInput in;
    private final long maxBufferedBytes;
    private final Map<Integer, ChunkStream> streams = new HashMap<>();
    private final byte[] scratch = new byte[11];
    private int chunkSize = 128;
    private long buffered;

    /**
     * @param in the connection's bytes
     * @param maxBufferedBytes bound on the bytes of all partial messages together
     */
    public ChunkReader(RtmpInput in, long maxBufferedBytes) {
        this.in = in;
        this.maxBufferedBytes = maxBufferedBytes;
    }

    /** The peer's current chunk size, bytes (128 until it sends Set Chunk Size). */
    public int chunkSize() {
        return chunkSize;
    }

    /**
     * Reads chunks until one message is complete and returns it.
     *
     * @throws MalformedRtmpException when the chunk stream breaks the protocol or a bound
     * @throws IOException when the input fails (closed, timed out, stopped)
     */
    public RtmpMessage next() throws IOException {
        while (true) {
            RtmpMessage m = chunk();
            if (m == null) {
                continue;
            }
            if (m.type() == RtmpMessage.SET_CHUNK_SIZE) {
                requireLength(m, 4);
                long size = m.u32(0) & 0x7FFF_FFFFL;
                if (size < 1) {
                    throw new MalformedRtmpException("Set Chunk Size of " + size);
                }
                chunkSize = (int) Math.min(size, MAX_CHUNK_SIZE);
            } else if (m.type() == RtmpMessage.ABORT) {
                requireLength(m, 4);
                ChunkStream cs = streams.get((int) m.u32(0));
                if (cs != null) {
                    cs.drop();
                }
            }
            return m;
        }
    }

    private static void requireLength(RtmpMessage m, int n) throws MalformedRtmpException {
        if (m.body().length < n) {
            throw new MalformedRtmpException("protocol control message type " + m.type() + " of " + m.body().length + " bytes");
        }
    }

    /** One chunk; the message it completes, or null. */
    private RtmpMessage chunk() throws IOException {
        in.readFully(scratch, 0, 1);
        int fmt = (scratch[0] & 0xFF) >>> 6;
        int csid = scratch[0] & 0x3F;
        if (csid == 0) {
            in.readFully(scratch, 0, 1);
            csid = 64 + (scratch[0] & 0xFF);
        } else if (csid == 1) {
            in.readFully(scratch, 0, 2);
            csid = 64 + (scratch[0] & 0xFF) + ((scratch[1] & 0xFF) << 8);
        }
        ChunkStream cs = streams.get(csid);
        if (cs == null) {
            if (streams.size() >= MAX_CHUNK_STREAMS) {
                throw new MalformedRtmpException("more than " + MAX_CHUNK_STREAMS + " chunk streams");
            }
            cs = new ChunkStream();
            streams.put(csid, cs);
        }
        boolean starts = cs.received == 0 && cs.data == null;
        if (fmt != 3 && !starts) {
            throw new MalformedRtmpException("chunk header type " + fmt + " on chunk stream " + csid
                    + " in the middle of a message (" + cs.received + " of " + cs.length + " bytes)");
        }
        switch (fmt) {
            case 0 -> {
                in.readFully(scratch, 0, 11);
                long ts = u24(0);
                cs.length = (int) u24(3);
                cs.type = scratch[6] & 0xFF;
                cs.streamId = (scratch[7] & 0xFF) | (scratch[8] & 0xFF) << 8 | (scratch[9] & 0xFF) << 16 | (scratch[10] & 0xFF) << 24;
                cs.extended = ts == 0xFF_FFFF;
                if (cs.extended) {
                    ts = u32();
                }
                cs.timestamp = ts;
                cs.delta = ts; // a type 3 chunk starting the next message repeats this as its delta (5.3.1.2.4)
                cs.hasHeader = true;
            }
            case 1, 2 -> {
                if (!cs.hasHeader) {
                    throw new MalformedRtmpException("chunk header type " + fmt + " on chunk stream " + csid + " before any type 0 header");
                }
                in.readFully(scratch, 0, fmt == 1 ? 7 : 3);
                long delta = u24(0);
                if (fmt == 1) {
                    cs.length = (int) u24(3);
                    cs.type = scratch[6] & 0xFF;
                }
                cs.extended = delta == 0xFF_FFFF;
                if (cs.extended) {
                    delta = u32();
                }
                cs.delta = delta;
                cs.timestamp = (cs.timestamp + delta) & 0xFFFF_FFFFL;
            }
            default -> {
                if (!cs.hasHeader) {
                    throw new MalformedRtmpException("chunk header type 3 on chunk stream " + csid + " before any type 0 header");
                }
                if (cs.extended) {
                    u32(); // repeated extended timestamp (or delta): its value is the header's
                }
                if (starts) {
                    cs.timestamp = (cs.timestamp + cs.delta) & 0xFFFF_FFFFL;
                }
            }
        }
        if (starts) {
            cs.messageTimestamp = cs.timestamp;
            if (cs.length == 0) {
                return new RtmpMessage(cs.type, cs.streamId, cs.messageTimestamp, new byte[0]);
            }
        }
        int n = Math.min(chunkSize, cs.length - cs.received);
        cs.ensure(cs.received + n);
        in.readFully(cs.data, cs.received, n);
        cs.received += n;
        buffered += n;
        if (cs.received < cs.length) {
            if (buffered > maxBufferedBytes) {
                throw new MalformedRtmpException("partial messages hold more than " + maxBufferedBytes + " bytes");
            }
            return null;
        }
        byte[] body = cs.data.length == cs.length ? cs.data : Arrays.copyOf(cs.data, cs.length);
        RtmpMessage m = new RtmpMessage(cs.type, cs.streamId, cs.messageTimestamp, body);
        cs.drop();
        return m;
    }

    private long u24(int off) {
        return (scratch[off] & 0xFF) << 16 | (scratch[off + 1] & 0xFF) << 8 | scratch[off + 2] & 0xFF;
    }

    private long u32() throws IOException {
        in.readFully(scratch, 0, 4);
        return (long) (scratch[0] & 0xFF) << 24 | (scratch[1] & 0xFF) << 16 | (scratch[2] & 0xFF) << 8 | scratch[3] & 0xFF;
    }

    /** The header state and partial message of one chunk stream id. */
    private final class ChunkStream {
        boolean hasHeader;
        boolean extended;
        long timestamp;
        long delta;
        long messageTimestamp;
        int length;
        int type;
        int streamId;
        byte[] data;
        int received;

        void ensure(int size) {
            if (data == null) {
                data = new byte[Math.min(length, Math.max(size, FIRST_BUFFER))];
            } else if (data.length < size) {
                data = Arrays.copyOf(data, Math.min(length, Math.max(size, data.length * 2)));
            }
        }

        void drop() {
            buffered -= received;
            received = 0;
            data = null;
        }
    }
}
