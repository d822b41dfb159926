package io.edgecdn.pull.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_NEW_EXTRADATA;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_get_side_data;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import io.edgecdn.media.codec.VideoCodec;
import io.edgecdn.media.flv.FlvTags;
import io.edgecdn.media.time.TimestampNormalizer;
import io.edgecdn.media.remux.PacketRemuxer;
import io.edgecdn.pull.PullContext;
import io.edgecdn.pull.PullOutcome;
import io.edgecdn.pull.StreamLayout;
import io.edgecdn.pull.TagSink;
import io.edgecdn.pull.UpstreamEndpoint;
import io.edgecdn.pull.UpstreamPuller;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls {@code rtmp://} and {@code rtmps://} upstreams with libavformat in packet mode: no decoder
 * is opened and no frame is decoded ({@code srt://} is {@link io.edgecdn.pull.srt.SrtPuller}'s).
 *
 * <p>Stream info is probed, bounded to {@value #RTMP_ANALYZE_US} us and without frame-rate
 * probing, since the FLV demuxer creates its streams lazily (RTMP servers send both sequence headers
 * at play start, so both tracks are there at once). A track that shows up later is adopted when its
 * first packet arrives (logged), so a late audio start loses nothing.
 *
 * <p>Timeouts go through FFmpeg's interrupt callback: the connect timeout covers opening, the read
 * timeout each silence afterwards; a stop request interrupts a blocked read within ~100 ms.
 * Codecs other than H.264, H.265 and AAC are discarded (logged once per connection).
 */
public final class FfmpegPuller implements UpstreamPuller {
    private static final Logger log = LoggerFactory.getLogger(FfmpegPuller.class);
    /** Upper bound of RTMP stream probing, microseconds. */
    static final long RTMP_ANALYZE_US = 200_000;

    static {
        FfmpegRuntime.init();
    }

    @Override
    public PullOutcome pull(UpstreamEndpoint upstream, PullContext ctx, TimestampNormalizer normalizer) {
        FfmpegInterrupt interrupt = new FfmpegInterrupt(ctx.stopRequested(), ctx.connectTimeout());
        AVFormatContext fmt = avformat_alloc_context();
        fmt.interrupt_callback().callback(interrupt.callback());
        AVDictionary opts = new AVDictionary(null);
        av_dict_set(opts, "rtmp_live", "live", 0);
        av_dict_set(opts, "flv_full_metadata", "1", 0); // keep onMetaData's videocodecid/audiocodecid: which tracks exist
        fmt.probesize(512 * 1024);
        fmt.max_analyze_duration(RTMP_ANALYZE_US);
        fmt.fps_probe_size(0); // the frame rate is not needed for remuxing; probing it costs ~1 s of frames
        AVPacket pkt = null;
        boolean opened = false;
        boolean[] media = {false};
        try {
            int ret = avformat_open_input(fmt, upstream.uri().toString(), (org.bytedeco.ffmpeg.avformat.AVInputFormat) null, opts);
            if (ret < 0) {
                fmt = null; // freed by avformat_open_input on failure
                return ended(ctx, interrupt.timedOut(), PullOutcome.Reason.CONNECT_FAILED,
                        "open failed: " + (interrupt.timedOut() ? "timed out after " + ctx.connectTimeout().toMillis() + " ms" : error(ret)), false);
            }
            opened = true;
            ret = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
            if (ret < 0) {
                return ended(ctx, interrupt.timedOut(), PullOutcome.Reason.CONNECT_FAILED, "no stream info: " + error(ret), false);
            }
            Track[] tracks = tracks(fmt, upstream, new Track[0]);
            boolean hasVideo = false;
            boolean hasAudio = false;
            for (Track t : tracks) {
                hasVideo |= t != null && t.video != null;
                hasAudio |= t != null && t.video == null;
            }
            // the stream's onMetaData says which tracks it has: a track whose first packet came after the
            // short probe must not make the stream look audio-only (or video-only) to viewers and HLS
            boolean announcedVideo = announced(fmt, "videocodecid", VIDEO_CODEC_IDS);
            boolean announcedAudio = announced(fmt, "audiocodecid", AUDIO_CODEC_IDS);
            if (announcedVideo && !hasVideo || announcedAudio && !hasAudio) {
                log.info("{}: onMetaData announces {} that has not arrived within the {} ms probe: waiting for it", upstream,
                        announcedVideo && !hasVideo ? "video" : "audio", RTMP_ANALYZE_US / 1000);
            }
            hasVideo |= announcedVideo;
            hasAudio |= announcedAudio;
            if (!hasVideo && !hasAudio) {
                return ended(ctx, interrupt.timedOut(), PullOutcome.Reason.CONNECT_FAILED, "no H.264, H.265 or AAC track", false);
            }
            TagSink sink = ctx.sink();
            PacketRemuxer remuxer = new PacketRemuxer(tag -> {
                media[0] = true;
                sink.onTag(tag);
            }, normalizer);
            StreamLayout layout = new StreamLayout(hasAudio, hasVideo);
            sink.onConnected(upstream, layout);
            sink.onTag(FlvTags.metadata(normalizer.latestMs(), metadata(tracks, layout)));
            pkt = av_packet_alloc();
            SizeTPointer sideSize = new SizeTPointer(1);
            while (true) {
                interrupt.deadlineIn(ctx.readTimeout());
                ret = av_read_frame(fmt, pkt);
                if (ret < 0) {
                    if (ret == AVERROR_EOF()) {
                        return ended(ctx, false, PullOutcome.Reason.UPSTREAM_ENDED, "end of stream", media[0]);
                    }
                    if (interrupt.timedOut()) {
                        return ended(ctx, false, PullOutcome.Reason.READ_TIMEOUT,
                                "no data for " + ctx.readTimeout().toMillis() + " ms", media[0]);
                    }
                    return ended(ctx, false, PullOutcome.Reason.READ_FAILED, error(ret), media[0]);
                }
                try {
                    int index = pkt.stream_index();
                    if (index >= tracks.length) {
                        tracks = adoptLateStreams(fmt, tracks, upstream);
                        StreamLayout wider = widened(layout, tracks);
                        if (!wider.equals(layout)) {
                            log.warn("{}: a track neither probed nor announced in onMetaData started: new viewers get it; "
                                    + "viewers and HLS already serving this stream keep the tracks they started with", upstream);
                            layout = wider;
                            sink.onConnected(upstream, layout);
                        }
                    }
                    Track t = index < tracks.length ? tracks[index] : null;
                    if (t == null || pkt.size() <= 0) {
                        continue;
                    }
                    BytePointer side = av_packet_get_side_data(pkt, AV_PKT_DATA_NEW_EXTRADATA, sideSize);
                    if (side != null && !side.isNull() && sideSize.get() > 0) {
                        byte[] extra = new byte[(int) sideSize.get()];
                        side.get(extra);
                        t.extradata = extra;
                    }
                    ByteBuffer data = pkt.data().capacity(pkt.size()).asByteBuffer();
                    long pts = pkt.pts();
                    long dts = pkt.dts();
                    if (dts == AV_NOPTS_VALUE) {
                        dts = pts;
                    }
                    if (pts == AV_NOPTS_VALUE) {
                        pts = dts;
                    }
                    if (dts == AV_NOPTS_VALUE) {
                        continue; // no clock at all: cannot place the packet
                    }
                    long dtsMs = t.toMs(dts);
                    long ptsMs = t.toMs(pts);
                    if (t.video != null) {
                        remuxer.video(t.video, data, dtsMs, ptsMs, (pkt.flags() & AV_PKT_FLAG_KEY) != 0, t.extradata);
                    } else {
                        remuxer.aac(data, ptsMs, t.extradata);
                    }
                } finally {
                    av_packet_unref(pkt);
                }
            }
        } catch (RuntimeException e) {
            log.warn("pull from {} failed", upstream, e);
            return ended(ctx, false, PullOutcome.Reason.READ_FAILED, e.toString(), media[0]);
        } finally {
            if (pkt != null) {
                av_packet_free(pkt);
            }
            if (opened && fmt != null) {
                avformat_close_input(fmt);
            }
            av_dict_free(opts);
            interrupt.close();
        }
    }

    private static PullOutcome ended(PullContext ctx, boolean timedOut, PullOutcome.Reason reason, String detail, boolean media) {
        if (ctx.stopRequested().getAsBoolean()) {
            return new PullOutcome(PullOutcome.Reason.STOPPED, "stop requested", media);
        }
        return new PullOutcome(reason, detail, media);
    }

    /** Tracks for the streams that appeared after probing (an audio track starting late). */
    private static Track[] adoptLateStreams(AVFormatContext fmt, Track[] known, UpstreamEndpoint upstream) {
        Track[] all = tracks(fmt, upstream, known);
        for (int i = known.length; i < all.length; i++) {
            if (all[i] != null) {
                log.info("{}: adopted {} track #{} that started after the stream opened", upstream,
                        all[i].video != null ? "video" : "audio", i);
            }
        }
        return all;
    }

    /** Tracks for every stream, keeping {@code known} ones (their indexes come first). */
    private static Track[] tracks(AVFormatContext fmt, UpstreamEndpoint upstream, Track[] known) {
        int n = fmt.nb_streams();
        Track[] tracks = java.util.Arrays.copyOf(known, n);
        boolean haveVideo = false;
        boolean haveAudio = false;
        for (Track t : known) {
            haveVideo |= t != null && t.video != null;
            haveAudio |= t != null && t.video == null;
        }
        for (int i = known.length; i < n; i++) {
            AVStream st = fmt.streams(i);
            AVCodecParameters par = st.codecpar();
            int type = par.codec_type();
            int id = par.codec_id();
            Track t = null;
            if (type == AVMEDIA_TYPE_VIDEO && !haveVideo && (id == AV_CODEC_ID_H264 || id == AV_CODEC_ID_HEVC)) {
                t = new Track(id == AV_CODEC_ID_H264 ? VideoCodec.H264 : VideoCodec.H265, st.time_base(), par);
                haveVideo = true;
            } else if (type == AVMEDIA_TYPE_AUDIO && !haveAudio && id == AV_CODEC_ID_AAC) {
                t = new Track(null, st.time_base(), par);
                haveAudio = true;
            } else {
                st.discard(AVDISCARD_ALL);
                log.info("{}: ignoring stream #{} (media type {}, codec id {}): only H.264, H.265 and AAC are relayed",
                        upstream, i, type, id);
            }
            tracks[i] = t;
        }
        return tracks;
    }

    /** FLV video codec ids relayed: 7 H.264, 12 H.265 (legacy), 'hvc1' (Enhanced RTMP FourCC as a number). */
    private static final long[] VIDEO_CODEC_IDS = {7, 12, 0x68766331L};
    /** FLV audio codec ids relayed: 10 AAC. */
    private static final long[] AUDIO_CODEC_IDS = {10};

    /** Whether the stream's onMetaData (in the demuxer's metadata) names a relayed codec under {@code key}. */
    private static boolean announced(AVFormatContext fmt, String key, long[] relayed) {
        AVDictionaryEntry e = av_dict_get(fmt.metadata(), key, null, 0);
        if (e == null || e.isNull() || e.value() == null) {
            return false;
        }
        try {
            long id = Math.round(Double.parseDouble(e.value().getString().strip()));
            for (long r : relayed) {
                if (r == id) {
                    return true;
                }
            }
        } catch (NumberFormatException ignored) {
            // a codec id that is not a number names no codec we relay
        }
        return false;
    }

    private static StreamLayout widened(StreamLayout layout, Track[] tracks) {
        boolean video = layout.hasVideo();
        boolean audio = layout.hasAudio();
        for (Track t : tracks) {
            video |= t != null && t.video != null;
            audio |= t != null && t.video == null;
        }
        return new StreamLayout(audio, video);
    }

    private static Map<String, Object> metadata(Track[] tracks, StreamLayout layout) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hasVideo", layout.hasVideo());
        m.put("hasAudio", layout.hasAudio());
        for (Track t : tracks) {
            if (t == null) {
                continue;
            }
            if (t.video != null) {
                if (t.width > 0) {
                    m.put("width", (double) t.width);
                    m.put("height", (double) t.height);
                }
                m.put("videocodecid", t.video == VideoCodec.H264 ? 7.0 : 12.0);
            } else {
                m.put("audiocodecid", 10.0);
                if (t.sampleRate > 0) {
                    m.put("audiosamplerate", (double) t.sampleRate);
                }
            }
        }
        m.put("encoder", "edge-node");
        return m;
    }

    static String error(int code) {
        return FfmpegErrors.text(code);
    }

    /** One relayed input stream: its codec, clock and latest extradata. */
    private static final class Track {
        final VideoCodec video;
        final long num;
        final long den;
        final int width;
        final int height;
        final int sampleRate;
        byte[] extradata;

        Track(VideoCodec video, AVRational tb, AVCodecParameters par) {
            this.video = video;
            this.num = tb.num();
            this.den = tb.den() == 0 ? 1000 : tb.den();
            this.width = par.width();
            this.height = par.height();
            this.sampleRate = par.sample_rate();
            int size = par.extradata_size();
            if (size > 0 && par.extradata() != null) {
                extradata = new byte[size];
                par.extradata().get(extradata);
            }
        }

        long toMs(long ts) {
            return Math.floorDiv(ts * num * 1000, den);
        }
    }
}
