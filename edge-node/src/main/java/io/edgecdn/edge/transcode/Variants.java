package io.edgecdn.edge.transcode;

import io.edgecdn.edge.hls.HlsService;
import io.edgecdn.edge.hls.MultivariantPlaylist;
import io.edgecdn.edge.source.LiveSource;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamManager;
import io.edgecdn.edge.source.StreamUnavailableException;
import io.edgecdn.media.codec.AudioInfo;
import io.edgecdn.media.codec.AudioSpecificConfig;
import io.edgecdn.media.codec.AvcDecoderConfigurationRecord;
import io.edgecdn.media.codec.VideoInfo;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.transcoder.Rendition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The multivariant playlist of a stream: the source, then every rung of the ladder smaller than
 * it. Asking for it opens the stream's HLS session and, in parallel, one per rendition, so the
 * renditions are warming up by the time a player picks one.
 */
public final class Variants {
    private static final long AUDIO_BANDWIDTH = 128_000;

    private final HlsService hls;
    private final StreamManager streams;
    private final TranscodeService transcode;

    public Variants(HlsService hls, StreamManager streams, TranscodeService transcode) {
        this.hls = hls;
        this.streams = streams;
        this.transcode = transcode;
    }

    /**
     * The playlist text once the source has a segment.
     *
     * @throws StreamUnavailableException when the source cannot be pulled
     */
    public CompletableFuture<String> playlist(StreamKey key) throws StreamUnavailableException {
        return hls.playlist(key).thenApply(p -> render(key));
    }

    private String render(StreamKey key) {
        LiveSource source = streams.source(key);
        if (source == null || source.videoHeader() == null) {
            throw new IllegalStateException("stream " + key + " has no video");
        }
        FlvTag vh = source.videoHeader();
        AvcDecoderConfigurationRecord avcc = AvcDecoderConfigurationRecord.parse(vh.payload().position(5));
        VideoInfo v = avcc.videoInfo();
        String audioCodec = "";
        FlvTag ah = source.audioHeader();
        if (ah != null) {
            AudioInfo a = AudioSpecificConfig.parse(ah.payload().position(2));
            audioCodec = ",mp4a.40." + a.audioObjectType();
        }
        var stats = source.stats();
        long sourceBps = stats.gopDurationMs() > 500 ? stats.gopBytes() * 8 * 1000 / stats.gopDurationMs() : 5_000_000;
        List<MultivariantPlaylist.Variant> variants = new ArrayList<>();
        variants.add(new MultivariantPlaylist.Variant(key.stream() + ".m3u8", sourceBps * 5 / 4 + AUDIO_BANDWIDTH,
                v.width(), v.height(), MultivariantPlaylist.avc1(avcc.profile(), avcc.compatibility(), avcc.level()) + audioCodec));
        for (Rendition r : transcode.config().ladderFor(key)) {
            int[] size = r.sizeFor(v.width(), v.height());
            if (size == null) {
                continue;
            }
            StreamKey rk = new StreamKey(key.app(), key.stream() + "_" + r.name());
            try {
                hls.playlist(rk); // warm the rendition up; players ask for it next
            } catch (StreamUnavailableException e) {
                continue;
            }
            int profile = switch (r.profile()) {
                case "baseline" -> 66;
                case "high" -> 100;
                default -> 77;
            };
            int compat = profile == 66 ? 0xE0 : 0x40;
            int level = size[1] <= 720 ? 31 : size[1] <= 1080 ? 40 : 51;
            variants.add(new MultivariantPlaylist.Variant(rk.stream() + ".m3u8", r.maxRate() + AUDIO_BANDWIDTH, size[0], size[1],
                    MultivariantPlaylist.avc1(profile, compat, level) + audioCodec));
        }
        return MultivariantPlaylist.render(variants);
    }
}
