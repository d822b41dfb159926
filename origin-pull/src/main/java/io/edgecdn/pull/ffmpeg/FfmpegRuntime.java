package io.edgecdn.pull.ffmpeg;

import static org.bytedeco.ffmpeg.global.avformat.avformat_network_init;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/**
 * One-time FFmpeg setup: loads the native libraries, initialises networking, and silences
 * FFmpeg's own stderr logging below FATAL, since pullers report every failure themselves.
 */
public final class FfmpegRuntime {
    private static volatile boolean done;

    private FfmpegRuntime() {
    }

    /** Idempotent; the first call loads the natives (about 0.3 s). */
    public static synchronized void init() {
        if (done) {
            return;
        }
        avformat_network_init();
        av_log_set_level(AV_LOG_FATAL);
        done = true;
    }
}
