package io.edgecdn.media.amf;

/** AMF0 bytes that do not decode: names the offset (bytes from the start of the decoded range) and the problem. */
public final class MalformedAmfException extends RuntimeException {
    private final int offset;

    public MalformedAmfException(int offset, String what) {
        super("malformed AMF0 at byte " + offset + ": " + what);
        this.offset = offset;
    }

    /** Offset in bytes, from the start of the decoded range, of the value that was wrong. */
    public int offset() {
        return offset;
    }
}
