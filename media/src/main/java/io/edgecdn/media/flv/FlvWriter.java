package io.edgecdn.media.flv;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Writes FLV (Adobe FLV spec v10.1, annex E): the 9-byte file header with PreviousTagSize0, then
 * tags in their shared wire form ({@link FlvTag#wire()}), which already carries each tag's
 * PreviousTagSize. The HTTP-FLV delivery writes {@link #header(boolean, boolean)} and the tags'
 * wire buffers straight to the socket; this class also offers a blocking stream form for tools.
 */
public final class FlvWriter {
    private final OutputStream out;

    public FlvWriter(OutputStream out) {
        this.out = out;
    }

    /**
     * The 13 bytes that open an FLV stream: "FLV", version 1, TypeFlags, DataOffset 9 and
     * PreviousTagSize0 = 0. Returns a fresh read-only buffer each call.
     */
    public static ByteBuffer header(boolean hasAudio, boolean hasVideo) {
        byte[] h = {'F', 'L', 'V', 1, (byte) ((hasAudio ? 0x04 : 0) | (hasVideo ? 0x01 : 0)), 0, 0, 0, 9, 0, 0, 0, 0};
        return ByteBuffer.wrap(h).asReadOnlyBuffer();
    }

    /** Writes the file header. */
    public void writeHeader(boolean hasAudio, boolean hasVideo) throws IOException {
        writeBuffer(header(hasAudio, hasVideo));
    }

    /** Writes one tag with its PreviousTagSize. */
    public void writeTag(FlvTag tag) throws IOException {
        writeBuffer(tag.wire());
    }

    public void flush() throws IOException {
        out.flush();
    }

    private void writeBuffer(ByteBuffer b) throws IOException {
        if (b.hasArray()) {
            out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        } else {
            byte[] copy = new byte[b.remaining()];
            b.get(copy);
            out.write(copy);
        }
    }
}
