package io.edgecdn.edge.hls;

import io.edgecdn.edge.source.LiveSource;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamManager;
import io.edgecdn.edge.source.StreamUnavailableException;
import io.edgecdn.media.codec.AudioInfo;
import io.edgecdn.media.codec.AudioSpecificConfig;
import io.edgecdn.media.codec.AvcDecoderConfigurationRecord;
import io.edgecdn.media.codec.VideoInfo;
import io.edgecdn.media.flv.FlvTag;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The multivariant playlist of a stream (RFC 8216, 4.4.6.2): the source, then every rung of its
 * ladder smaller than it. Asking for it opens the stream's HLS session and, in parallel, one per
 * rendition, so the renditions are warming up by the time a player picks one. The ladder comes
 * from a {@link Ladder}: HLS knows renditions only as other streams with a size and a rate.
 */
public final class Variants {
    private static final long AUDIO_BANDWIDTH = 128_000;

    /** The renditions of a stream, as HLS needs them. */
    public interface Ladder {
        /**
         * One rendition.
         *
         * @param key the rendition's own stream key (for example {@code live/cam_360p})
         * @param width pixels
         * @param height pixels
         * @param maxRateBps peak video rate, bits per second (the encoder's VBV maximum)
         * @param profileIdc H.264 profile_idc of its encoder: 66 baseline, 77 main, 100 high
         */
        record Rung(StreamKey key, int width, int height, long maxRateBps, int profileIdc) {
        }

        /** The rungs for a source of this size, largest first; those not smaller than it are left out. */
        List<Rung> rungsFor(StreamKey source, int width, int height);
    }

    private final HlsService hls;
    private final StreamManager streams;
    private final Ladder ladder;

    public Variants(HlsService hls, StreamManager streams, Ladder ladder) {
        this.hls = hls;
        this.streams = streams;
        this.ladder = ladder;
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
        for (Ladder.Rung r : ladder.rungsFor(key, v.width(), v.height())) {
            try {
                hls.playlist(r.key()); // warm the rendition up; players ask for it next
            } catch (StreamUnavailableException e) {
                continue;
            }
            int compat = r.profileIdc() == 66 ? 0xE0 : 0x40;
            int level = r.height() <= 720 ? 31 : r.height() <= 1080 ? 40 : 51;
            variants.add(new MultivariantPlaylist.Variant(r.key().stream() + ".m3u8", r.maxRateBps() + AUDIO_BANDWIDTH,
                    r.width(), r.height(), MultivariantPlaylist.avc1(r.profileIdc(), compat, level) + audioCodec));
        }
        return MultivariantPlaylist.render(variants);
    }
}
