package io.edgecdn.media.flv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An incremental FLV demuxer (Adobe FLV spec v10.1, annex E): bytes go in, in pieces of any size,
 * and every complete tag comes out to the sink as an {@link FlvTag} whose wire array is the only
 * copy made.
 *
 * <p>An explicit state machine: {@code FILE_HEADER} (9 bytes, signature, version, DataOffset),
 * {@code SKIP_HEADER_EXTRA} (DataOffset past 9), {@code PREVIOUS_TAG_SIZE_0} (must be 0),
 * {@code TAG_HEADER} (11 bytes), {@code TAG_BODY} (DataSize bytes then the PreviousTagSize, which
 * must equal 11 + DataSize), and {@code FAILED}. Any violation throws {@link MalformedFlvException}
 * naming the byte offset (from the first byte fed) and what was wrong; the reader then stays
 * {@code FAILED}. Limits: a tag body is at most 2^24 - 1 bytes (the width of DataSize); the
 * header's DataOffset at most {@value #MAX_DATA_OFFSET} bytes.
 *
 * <p>Not thread-safe: one reader per input stream, fed by one thread.
 */
public final class FlvReader {
    /** Largest accepted header DataOffset in bytes. */
    public static final int MAX_DATA_OFFSET = 1024;

    private enum State { FILE_HEADER, SKIP_HEADER_EXTRA, PREVIOUS_TAG_SIZE_0, TAG_HEADER, TAG_BODY, FAILED }

    private final Consumer<FlvTag> sink;
    private final boolean expectFileHeader;
    private State state;
    private final byte[] scratch = new byte[FlvTag.HEADER_SIZE];
    private int scratchFill;
    private int skip;
    private byte[] wire;
    private int wireFill;
    private TagType tagType;
    private long tagTimestamp;
    private long offset;
    private long fieldOffset;
    private FlvHeader header;

    /** A reader for a whole FLV stream, starting at its file header. */
    public FlvReader(Consumer<FlvTag> sink) {
        this(sink, true);
    }

    /**
     * A reader whose input starts either at the FLV file header or, when {@code expectFileHeader} is
     * false, directly at the first tag header (a bare tag sequence, as in tests of the fan-out).
     */
    public FlvReader(Consumer<FlvTag> sink, boolean expectFileHeader) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.expectFileHeader = expectFileHeader;
        this.state = expectFileHeader ? State.FILE_HEADER : State.TAG_HEADER;
    }

    /** The file header once it has been read, else null. */
    public FlvHeader header() {
        return header;
    }

    /** Bytes consumed so far. */
    public long offset() {
        return offset;
    }

    /**
     * Consumes every remaining byte of {@code in}, emitting each tag it completes to the sink.
     *
     * @throws MalformedFlvException when the bytes break the format (then and afterwards)
     */
    public void feed(ByteBuffer in) {
        while (in.hasRemaining()) {
            switch (state) {
                case FILE_HEADER -> {
                    if (fill(in, 9)) {
                        readFileHeader();
                    }
                }
                case SKIP_HEADER_EXTRA -> {
                    int n = Math.min(skip, in.remaining());
                    in.position(in.position() + n);
                    offset += n;
                    skip -= n;
                    if (skip == 0) {
                        state = State.PREVIOUS_TAG_SIZE_0;
                        fieldOffset = offset;
                    }
                }
                case PREVIOUS_TAG_SIZE_0 -> {
                    if (fill(in, 4)) {
                        int prev = readInt(scratch, 0);
                        if (prev != 0) {
                            fail(fieldOffset, "PreviousTagSize0 is " + prev + ", must be 0");
                        }
                        startTagHeader();
                    }
                }
                case TAG_HEADER -> {
                    if (fill(in, FlvTag.HEADER_SIZE)) {
                        readTagHeader();
                    }
                }
                case TAG_BODY -> {
                    int n = Math.min(wire.length - wireFill, in.remaining());
                    in.get(wire, wireFill, n);
                    wireFill += n;
                    offset += n;
                    if (wireFill == wire.length) {
                        finishTag();
                    }
                }
                case FAILED -> throw new MalformedFlvException(offset, "reader already failed");
            }
        }
    }

    /**
     * Reads {@code in} to its end, feeding every byte; for blocking sources (files, HTTP bodies).
     *
     * @throws IOException from the stream
     * @throws MalformedFlvException when the bytes break the format
     */
    public void readAll(InputStream in) throws IOException {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            feed(ByteBuffer.wrap(buf, 0, n));
        }
    }

    /** Whether the reader stopped between two tags (no partial header or body pending). */
    public boolean atTagBoundary() {
        return state == State.TAG_HEADER && scratchFill == 0;
    }

    private boolean fill(ByteBuffer in, int want) {
        if (scratchFill == 0) {
            fieldOffset = offset;
        }
        int n = Math.min(want - scratchFill, in.remaining());
        in.get(scratch, scratchFill, n);
        scratchFill += n;
        offset += n;
        if (scratchFill < want) {
            return false;
        }
        scratchFill = 0;
        return true;
    }

    private void readFileHeader() {
        if (scratch[0] != 'F' || scratch[1] != 'L' || scratch[2] != 'V') {
            fail(fieldOffset, String.format("signature is %02x %02x %02x, expected \"FLV\"",
                    scratch[0], scratch[1], scratch[2]));
        }
        int version = scratch[3] & 0xFF;
        int flags = scratch[4] & 0xFF;
        int dataOffset = readInt(scratch, 5);
        if (dataOffset < 9 || dataOffset > MAX_DATA_OFFSET) {
            fail(fieldOffset + 5, "DataOffset is " + dataOffset + ", must be 9.." + MAX_DATA_OFFSET);
        }
        header = new FlvHeader(version, (flags & 0x04) != 0, (flags & 0x01) != 0);
        skip = dataOffset - 9;
        state = skip > 0 ? State.SKIP_HEADER_EXTRA : State.PREVIOUS_TAG_SIZE_0;
    }

    private void startTagHeader() {
        state = State.TAG_HEADER;
    }

    private void readTagHeader() {
        int b0 = scratch[0] & 0xFF;
        if ((b0 & 0x20) != 0) {
            fail(fieldOffset, "tag has the Filter bit set (encrypted tags are not supported)");
        }
        int typeCode = b0 & 0x1F;
        try {
            tagType = TagType.of(typeCode);
        } catch (IllegalArgumentException e) {
            fail(fieldOffset, "TagType is " + typeCode + ", must be 8 (audio), 9 (video) or 18 (script)");
        }
        int dataSize = ((scratch[1] & 0xFF) << 16) | ((scratch[2] & 0xFF) << 8) | (scratch[3] & 0xFF);
        tagTimestamp = (((scratch[4] & 0xFF) << 16) | ((scratch[5] & 0xFF) << 8) | (scratch[6] & 0xFF)
                | ((long) (scratch[7] & 0xFF) << 24));
        wire = new byte[FlvTag.HEADER_SIZE + dataSize + FlvTag.TRAILER_SIZE];
        System.arraycopy(scratch, 0, wire, 0, FlvTag.HEADER_SIZE);
        wire[0] = (byte) typeCode;
        wireFill = FlvTag.HEADER_SIZE;
        fieldOffset = offset;
        state = State.TAG_BODY;
    }

    private void finishTag() {
        int dataSize = wire.length - FlvTag.HEADER_SIZE - FlvTag.TRAILER_SIZE;
        int prev = readInt(wire, wire.length - FlvTag.TRAILER_SIZE);
        if (prev != FlvTag.HEADER_SIZE + dataSize) {
            fail(offset - FlvTag.TRAILER_SIZE, "PreviousTagSize is " + prev + ", expected "
                    + (FlvTag.HEADER_SIZE + dataSize) + " (11 + DataSize " + dataSize + ")");
        }
        FlvTag tag = FlvTag.adopt(tagType, tagTimestamp, wire);
        wire = null;
        state = State.TAG_HEADER;
        sink.accept(tag);
    }

    private void fail(long at, String what) {
        state = State.FAILED;
        throw new MalformedFlvException(at, what);
    }

    private static int readInt(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    @Override
    public String toString() {
        return "FlvReader[" + state + " at byte " + offset + (expectFileHeader ? "" : ", bare tags") + "]";
    }
}
