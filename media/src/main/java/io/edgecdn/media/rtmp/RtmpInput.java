package io.edgecdn.media.rtmp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where the chunk reader takes its bytes. Implementations block until the bytes are there, and
 * throw when they never come (closed connection, timeout, stop request): a partial read is never
 * visible to the reader.
 */
public interface RtmpInput {
    /**
     * Reads exactly {@code len} bytes into {@code b[off, off + len)}.
     *
     * @throws EOFException when the stream ends first
     * @throws IOException on any other read failure
     */
    void readFully(byte[] b, int off, int len) throws IOException;

    /** An input over a plain stream (tests, in-memory data); blocks as the stream does. */
    static RtmpInput of(InputStream in) {
        return (b, off, len) -> {
            int n = in.readNBytes(b, off, len);
            if (n < len) {
                throw new EOFException("end of stream after " + n + " of " + len + " bytes");
            }
        };
    }
}
