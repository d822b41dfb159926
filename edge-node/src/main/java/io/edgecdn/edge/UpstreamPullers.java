package io.edgecdn.edge;

import io.edgecdn.pull.UpstreamEndpoint;
import io.edgecdn.pull.UpstreamPuller;
import io.edgecdn.pull.httpflv.HttpFlvPuller;
import io.edgecdn.pull.rtmp.RtmpPuller;
import io.edgecdn.pull.srt.SrtPuller;

/**
 * Chooses the puller for an upstream URL by its scheme (the composition root is the one place that
 * knows every protocol): {@link SrtPuller} (libsrt transport, our
 * MPEG-TS demuxer) for srt, our RTMP client for rtmp/rtmps, our FLV reader for http/https.
 */
public final class UpstreamPullers {
    private final UpstreamPuller srt;
    private final UpstreamPuller rtmp;
    private final UpstreamPuller httpFlv;

    public UpstreamPullers() {
        this(new SrtPuller(), new RtmpPuller(), new HttpFlvPuller());
    }

    public UpstreamPullers(UpstreamPuller srt, UpstreamPuller rtmp, UpstreamPuller httpFlv) {
        this.srt = srt;
        this.rtmp = rtmp;
        this.httpFlv = httpFlv;
    }

    /** The puller for {@code upstream}'s scheme. */
    public UpstreamPuller forEndpoint(UpstreamEndpoint upstream) {
        return switch (upstream.scheme()) {
            case "http", "https" -> httpFlv;
            case "srt" -> srt;
            default -> rtmp;
        };
    }
}
