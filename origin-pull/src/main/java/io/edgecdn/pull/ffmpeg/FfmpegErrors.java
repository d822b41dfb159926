package io.edgecdn.pull.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

/** FFmpeg error codes (negative AVERROR values) as text for logs and pull outcomes. */
public final class FfmpegErrors {
    private FfmpegErrors() {
    }

    /** {@code av_strerror}'s text followed by the code, e.g. {@code Connection refused (-111)}. */
    public static String text(int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int len = 0;
        while (len < buf.length && buf[len] != 0) {
            len++;
        }
        return new String(buf, 0, len) + " (" + code + ")";
    }
}
