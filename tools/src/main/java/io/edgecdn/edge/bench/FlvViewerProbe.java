package io.edgecdn.edge.bench;

import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import io.edgecdn.media.flv.TagType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The receiving side of one benchmark viewer: parses the HTTP response head, then walks FLV tag
 * boundaries (without copying bodies) to find the first complete video keyframe, counting bytes
 * and the longest gap between two reads. A close-delimited body (this node's) and a chunked one
 * (RFC 9112 7.1, as SRS sends HTTP-FLV) are both read. Single-threaded.
 */
public final class FlvViewerProbe {
    private enum State { HTTP_HEAD, FLV_HEADER, TAG_HEADER, TAG_BODY, FAILED }

    final long requestNanos;
    private State state = State.HTTP_HEAD;
    private boolean chunked;
    private long chunkLeft = -1; // payload bytes left in the current chunk; -1 while reading a size line
    private int chunkCrlfLeft;
    private final StringBuilder chunkLine = new StringBuilder();
    private final StringBuilder head = new StringBuilder();
    private final byte[] tagHeader = new byte[13];
    private int have;
    private long bodyLeft;
    private boolean tagIsKeyframe;
    int status = -1;
    long firstByteNanos;
    long keyframeNanos;
    long lastReadNanos;
    long maxGapNanos;
    long bytes;
    String failure;

    FlvViewerProbe(long requestNanos) {
        this.requestNanos = requestNanos;
    }

    boolean failed() {
        return state == State.FAILED;
    }

    void onRead(ByteBuffer b, long now) {
        if (firstByteNanos == 0) {
            firstByteNanos = now;
        } else if (keyframeNanos != 0) {
            maxGapNanos = Math.max(maxGapNanos, now - lastReadNanos);
        }
        lastReadNanos = now;
        bytes += b.remaining();
        while (state == State.HTTP_HEAD && b.hasRemaining()) {
            head(b);
        }
        if (!chunked) {
            flv(b, now);
            return;
        }
        while (b.hasRemaining() && state != State.FAILED) {
            if (chunkCrlfLeft > 0) { // the CRLF after a chunk's payload
                b.get();
                chunkCrlfLeft--;
            } else if (chunkLeft < 0) { // a size line: hex digits, optional extensions, CRLF
                char c = (char) (b.get() & 0xFF);
                if (c == '\n') {
                    String hex = chunkLine.toString().strip().split(";", 2)[0];
                    chunkLine.setLength(0);
                    try {
                        chunkLeft = Long.parseLong(hex, 16);
                    } catch (NumberFormatException e) {
                        fail("bad chunk size line '" + hex + "'");
                        return;
                    }
                    if (chunkLeft == 0) {
                        fail("the chunked body ended");
                        return;
                    }
                } else if (chunkLine.length() > 64) {
                    fail("chunk size line over 64 bytes");
                    return;
                } else {
                    chunkLine.append(c);
                }
            } else {
                int n = (int) Math.min(chunkLeft, b.remaining());
                ByteBuffer payload = b.duplicate();
                payload.limit(payload.position() + n);
                flv(payload, now);
                b.position(b.position() + n);
                chunkLeft -= n;
                if (chunkLeft == 0) {
                    chunkLeft = -1;
                    chunkCrlfLeft = 2;
                }
            }
        }
    }

    private void head(ByteBuffer b) {
        char c = (char) (b.get() & 0xFF);
        head.append(c);
        if (head.length() > 8192) {
            fail("response head over 8 KiB");
        } else if (c == '\n' && head.toString().endsWith("\r\n\r\n")) {
            String statusLine = head.substring(0, head.indexOf("\r\n"));
            String[] parts = statusLine.split(" ");
            status = parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
            chunked = head.toString().toLowerCase(java.util.Locale.ROOT).contains("\r\ntransfer-encoding: chunked");
            if (status != 200) {
                fail("HTTP " + statusLine);
            } else {
                state = State.FLV_HEADER;
                have = 0;
            }
        }
    }

    /** Walks FLV bytes of the body. */
    private void flv(ByteBuffer b, long now) {
        while (b.hasRemaining() && state != State.FAILED) {
            switch (state) {
                case HTTP_HEAD -> head(b);
                case FLV_HEADER -> {
                    if (fill(b, 13)) {
                        if (tagHeader[0] != 'F' || tagHeader[1] != 'L' || tagHeader[2] != 'V') {
                            fail("no FLV signature");
                        } else {
                            state = State.TAG_HEADER;
                        }
                    }
                }
                case TAG_HEADER -> {
                    if (fill(b, 13)) { // 11-byte tag header + the first 2 body bytes
                        int type = tagHeader[0] & 0x1F;
                        int size = ((tagHeader[1] & 0xFF) << 16) | ((tagHeader[2] & 0xFF) << 8) | (tagHeader[3] & 0xFF);
                        tagIsKeyframe = type == TagType.VIDEO.code()
                                && FlvTag.classify(TagType.VIDEO, tagHeader, 11, Math.min(size, 2)) == TagKind.VIDEO_KEYFRAME;
                        bodyLeft = size - 2L + 4; // rest of the body and PreviousTagSize
                        if (size < 2) {
                            fail("tag shorter than 2 bytes");
                        } else {
                            state = State.TAG_BODY;
                        }
                    }
                }
                case TAG_BODY -> {
                    int n = (int) Math.min(bodyLeft, b.remaining());
                    b.position(b.position() + n);
                    bodyLeft -= n;
                    if (bodyLeft == 0) {
                        if (tagIsKeyframe && keyframeNanos == 0) {
                            keyframeNanos = now;
                        }
                        state = State.TAG_HEADER;
                    }
                }
                case FAILED -> { }
            }
        }
    }

    private boolean fill(ByteBuffer b, int want) {
        int n = Math.min(want - have, b.remaining());
        b.get(tagHeader, have, n);
        have += n;
        if (have < want) {
            return false;
        }
        have = 0;
        return true;
    }

    void fail(String why) {
        state = State.FAILED;
        failure = why;
    }

    static byte[] request(String host, int port, String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUser-Agent: edge-node-bench\r\nAccept: */*\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
