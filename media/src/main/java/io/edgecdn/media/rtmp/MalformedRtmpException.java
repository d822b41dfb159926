package io.edgecdn.media.rtmp;

import java.io.IOException;

/** Bytes that break the RTMP handshake or chunk stream: says what was wrong. Ends the connection. */
public final class MalformedRtmpException extends IOException {
    public MalformedRtmpException(String what) {
        super("malformed RTMP: " + what);
    }
}
