package io.edgecdn.media.flv;

/**
 * Malformed FLV bytes: names the byte offset in the stream (counted from the first byte given to
 * the reader) and what was wrong there. Fails one session; the reader is unusable afterwards.
 */
public final class MalformedFlvException extends RuntimeException {
    private final long offset;

    public MalformedFlvException(long offset, String what) {
        super("malformed FLV at byte " + offset + ": " + what);
        this.offset = offset;
    }

    /** The offset, in bytes from the start of the stream, of the field that was wrong. */
    public long offset() {
        return offset;
    }
}
