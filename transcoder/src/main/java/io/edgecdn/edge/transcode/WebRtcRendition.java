package io.edgecdn.edge.transcode;

import io.edgecdn.edge.source.LiveSource;
import io.edgecdn.media.codec.VideoCodec;
import io.edgecdn.media.codec.VideoInfo;
import io.edgecdn.media.flv.SequenceHeaders;
import io.edgecdn.transcoder.Rendition;
import org.jspecify.annotations.Nullable;

/**
 * The rendition {@code app/stream_webrtc} that browsers' WebRTC receivers get for a source with
 * B-frames or H.265: the source's size, x264 {@code veryfast}, Constrained Baseline (every browser
 * decodes it, Firefox's OpenH264 included), no B-frames, the source's AAC.
 */
final class WebRtcRendition {
    /** Bounds of its bitrate, bits per second. */
    static final long MIN_BPS = 300_000;
    static final long MAX_BPS = 8_000_000;

    private WebRtcRendition() {
    }

    /** The rendition at a bitrate, bits per second (max rate 1.25 times it). */
    static Rendition of(long bps) {
        return new Rendition(TranscodeService.WEBRTC_RENDITION, 0, 0, bps, bps * 5 / 4, "veryfast", "baseline", 0);
    }

    /** The rendition for a ready source, at {@link #bitrate} of its measured rate and its video. */
    static Rendition forSource(LiveSource source) {
        VideoInfo video;
        try {
            video = SequenceHeaders.video(source.videoHeader());
        } catch (RuntimeException e) {
            video = null; // the session's decoder says what is wrong with it
        }
        return of(bitrate(source.stats().ingressKbps() * 1000, video));
    }

    /**
     * The bitrate for a source, bits per second, within {@value #MIN_BPS}-{@value #MAX_BPS}: the
     * source's own over its last complete GOP (1.5 times it for H.265, which needs about that much
     * less than Baseline H.264 for the same picture), or before a GOP is complete 0.1 bit per pixel
     * at 30 fps (2.8 Mbps for 720p).
     *
     * @param measuredBps the source's bitrate, 0 when not measured yet
     * @param video the source's video, null when unknown (then 2.5 Mbps)
     */
    static long bitrate(long measuredBps, @Nullable VideoInfo video) {
        boolean hevc = video != null && video.codec() == VideoCodec.H265;
        long bps = measuredBps > 0 ? (hevc ? measuredBps * 3 / 2 : measuredBps)
                : video != null ? Math.round(video.width() * (double) video.height() * 30 * 0.1) : 2_500_000;
        return Math.max(MIN_BPS, Math.min(MAX_BPS, bps));
    }
}
