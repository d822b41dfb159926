package io.edgecdn.pull.srt;

import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_READ;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open2;
import static org.bytedeco.ffmpeg.global.avformat.avio_read_partial;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;

import io.edgecdn.media.flv.FlvTags;
import io.edgecdn.media.remux.TsRemuxer;
import io.edgecdn.media.time.TimestampNormalizer;
import io.edgecdn.media.ts.TsDemuxer;
import io.edgecdn.pull.PullContext;
import io.edgecdn.pull.PullOutcome;
import io.edgecdn.pull.StreamLayout;
import io.edgecdn.pull.TagSink;
import io.edgecdn.pull.UpstreamEndpoint;
import io.edgecdn.pull.UpstreamPuller;
import io.edgecdn.pull.ffmpeg.FfmpegErrors;
import io.edgecdn.pull.ffmpeg.FfmpegInterrupt;
import io.edgecdn.pull.ffmpeg.FfmpegRuntime;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls {@code srt://} upstreams carrying MPEG-TS: FFmpeg's libsrt protocol (through {@code avio},
 * so the URL's SRT options such as {@code latency}, {@code streamid} and {@code passphrase} apply)
 * moves the bytes, and our {@link TsRemuxer} turns them into FLV tags: every AAC frame of every
 * PES with its own timestamp, one tag per video access unit. No FFmpeg demuxer, parser or probe
 * is involved, so the stream is open as soon as PAT and PMT have arrived, and the PMT says which
 * tracks there are (an audio-only or video-only stream is announced as such).
 *
 * <p>Timeouts go through FFmpeg's interrupt callback: the connect timeout covers the SRT handshake
 * and the wait for the first PMT, the read timeout each silence afterwards; a stop request ends a
 * blocked read within about 100 ms (libsrt's polling interval). Streams of other codecs are
 * ignored with one log line per connection; damage (lost TS packets, bad PES) is counted and
 * logged when the connection ends.
 */
public final class SrtPuller implements UpstreamPuller {
    private static final Logger log = LoggerFactory.getLogger(SrtPuller.class);
    /** Read size: SRT delivers messages of up to 1316 bytes (7 TS packets); several may be queued. */
    private static final int READ_SIZE = 16 * 1316;

    @Override
    public PullOutcome pull(UpstreamEndpoint upstream, PullContext ctx, TimestampNormalizer normalizer) {
        FfmpegRuntime.init(); // the natives load at the first SRT pull, not when the puller is built
        FfmpegInterrupt interrupt = new FfmpegInterrupt(ctx.stopRequested(), ctx.connectTimeout());
        AVIOContext io = new AVIOContext(null);
        AVDictionary opts = new AVDictionary(null);
        boolean[] media = {false};
        TsRemuxer[] remuxer = {null};
        try {
            int ret = avio_open2(io, upstream.uri().toString(), AVIO_FLAG_READ, interrupt.struct(), opts);
            if (ret < 0) {
                return ended(ctx, PullOutcome.Reason.CONNECT_FAILED, "open failed: "
                        + (interrupt.timedOut() ? "timed out after " + ctx.connectTimeout().toMillis() + " ms" : FfmpegErrors.text(ret)), false);
            }
            TagSink sink = ctx.sink();
            remuxer[0] = new TsRemuxer(tag -> {
                media[0] = true;
                sink.onTag(tag);
            }, normalizer, (hasAudio, hasVideo, ignored) -> {
                for (String s : ignored) {
                    log.info("{}: ignoring {}: only H.264, H.265 and AAC (ADTS) are relayed", upstream, s);
                }
                sink.onConnected(upstream, new StreamLayout(hasAudio, hasVideo));
                sink.onTag(FlvTags.metadata(normalizer.latestMs(), metadata(hasAudio, hasVideo)));
            });
            byte[] buf = new byte[READ_SIZE];
            ByteBuffer view = ByteBuffer.wrap(buf);
            while (true) {
                ret = avio_read_partial(io, buf, buf.length);
                if (ret < 0) {
                    if (ret == AVERROR_EOF()) {
                        return ended(ctx, PullOutcome.Reason.UPSTREAM_ENDED, "end of stream", media[0]);
                    }
                    if (interrupt.timedOut()) {
                        return remuxer[0].programKnown()
                                ? ended(ctx, PullOutcome.Reason.READ_TIMEOUT, "no data for " + ctx.readTimeout().toMillis() + " ms", media[0])
                                : ended(ctx, PullOutcome.Reason.CONNECT_FAILED, "no MPEG-TS program (PAT/PMT) within "
                                        + ctx.connectTimeout().toMillis() + " ms", false);
                    }
                    return ended(ctx, PullOutcome.Reason.READ_FAILED, FfmpegErrors.text(ret), media[0]);
                }
                if (ret == 0) {
                    continue;
                }
                remuxer[0].feed(view.clear().limit(ret));
                if (remuxer[0].programKnown()) {
                    interrupt.deadlineIn(ctx.readTimeout());
                }
            }
        } catch (RuntimeException e) {
            log.warn("pull from {} failed", upstream, e);
            return ended(ctx, PullOutcome.Reason.READ_FAILED, e.toString(), media[0]);
        } finally {
            if (!io.isNull()) {
                avio_closep(io);
            }
            av_dict_free(opts);
            interrupt.close();
            if (remuxer[0] != null) {
                logDamage(upstream, remuxer[0]);
            }
        }
    }

    private static void logDamage(UpstreamEndpoint upstream, TsRemuxer r) {
        TsDemuxer.Stats s = r.demuxStats();
        if (s.continuityErrors() + s.transportErrors() + s.damagedPes() + s.bytesSkipped() + s.badSections() + r.dropped() > 0) {
            log.info("{}: connection ended after {} TS packets: {} continuity errors, {} transport errors, {} damaged PES, "
                            + "{} bytes skipped to resync, {} bad PSI sections, {} frames dropped",
                    upstream, s.packets(), s.continuityErrors(), s.transportErrors(), s.damagedPes(), s.bytesSkipped(),
                    s.badSections(), r.dropped());
        }
    }

    private static PullOutcome ended(PullContext ctx, PullOutcome.Reason reason, String detail, boolean media) {
        if (ctx.stopRequested().getAsBoolean()) {
            return new PullOutcome(PullOutcome.Reason.STOPPED, "stop requested", media);
        }
        return new PullOutcome(reason, detail, media);
    }

    /** onMetaData of an MPEG-TS stream: which tracks, by codec id (the sizes come with the sequence headers). */
    static Map<String, Object> metadata(boolean hasAudio, boolean hasVideo) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hasVideo", hasVideo);
        m.put("hasAudio", hasAudio);
        if (hasAudio) {
            m.put("audiocodecid", 10.0);
        }
        m.put("encoder", "edge-node");
        return m;
    }
}
