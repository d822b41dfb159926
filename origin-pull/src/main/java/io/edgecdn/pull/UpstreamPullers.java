package io.edgecdn.pull;

import io.edgecdn.pull.ffmpeg.FfmpegPuller;
import io.edgecdn.pull.httpflv.HttpFlvPuller;

/** Chooses the puller for an upstream URL by its scheme: FFmpeg for srt/rtmp/rtmps, our reader for http/https. */
public final class UpstreamPullers {
    private final UpstreamPuller ffmpeg;
    private final UpstreamPuller httpFlv;

    public UpstreamPullers() {
        this(new FfmpegPuller(), new HttpFlvPuller());
    }

    public UpstreamPullers(UpstreamPuller ffmpeg, UpstreamPuller httpFlv) {
        this.ffmpeg = ffmpeg;
        this.httpFlv = httpFlv;
    }

    /** The puller for {@code upstream}'s scheme. */
    public UpstreamPuller forEndpoint(UpstreamEndpoint upstream) {
        return switch (upstream.scheme()) {
            case "http", "https" -> httpFlv;
            default -> ffmpeg;
        };
    }
}
