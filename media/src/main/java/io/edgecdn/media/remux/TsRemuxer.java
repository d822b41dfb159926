package io.edgecdn.media.remux;

import io.edgecdn.media.codec.VideoCodec;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.time.TimestampNormalizer;
import io.edgecdn.media.ts.AccessUnitFramer;
import io.edgecdn.media.ts.AdtsFramer;
import io.edgecdn.media.ts.TsDemuxer;
import io.edgecdn.media.ts.TsStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * MPEG-TS bytes in, FLV tags out: our {@link TsDemuxer}, an {@link AccessUnitFramer} for the first
 * H.264 or H.265 stream and an {@link AdtsFramer} for the first AAC stream of the program, then the
 * {@link PacketRemuxer} (sequence headers from in-band parameter sets and the ADTS header, keyframe
 * wait, one FLV tag per access unit and per AAC frame, timestamps through the normalizer).
 *
 * <p>Which tracks exist comes from the PMT, before any media: {@link Program} says so once per
 * program (again when a new PMT version changes the streams; then video waits for a keyframe and
 * the sequence headers are sent again). Other streams are ignored and listed there.
 *
 * <p>Not thread-safe: one instance per connection, fed by one thread.
 */
public final class TsRemuxer {
    /** Largest video access unit accepted, bytes: a 4K intra picture at a very high rate fits. */
    public static final int MAX_ACCESS_UNIT_BYTES = 8 << 20;

    /** What the PMT says. */
    public interface Program {
        /**
         * @param hasAudio an AAC track is relayed
         * @param hasVideo an H.264 or H.265 track is relayed
         * @param ignored descriptions of streams that are not relayed (other codecs, second tracks)
         */
        void program(boolean hasAudio, boolean hasVideo, List<String> ignored);
    }

    private final PacketRemuxer remuxer;
    private final Program program;
    private final TsDemuxer demuxer;
    private TsStream video;
    private TsStream audio;
    private AccessUnitFramer videoFramer;
    private AdtsFramer audioFramer;
    private boolean known;

    /**
     * @param out where tags go, on the feeding thread
     * @param normalizer the stream's normalizer (its wrap period should be {@link TimestampNormalizer#MPEG_TS_WRAP_MS})
     * @param program told of the program's tracks before the first tag
     */
    public TsRemuxer(Consumer<FlvTag> out, TimestampNormalizer normalizer, Program program) {
        this.remuxer = new PacketRemuxer(out, normalizer);
        this.program = program;
        this.demuxer = new TsDemuxer(new Listener());
    }

    /** Consumes MPEG-TS bytes (any chunking). */
    public void feed(ByteBuffer bytes) {
        demuxer.feed(bytes);
    }

    /** Whether a PMT has been seen (the tracks are known). */
    public boolean programKnown() {
        return known;
    }

    public TsDemuxer.Stats demuxStats() {
        return demuxer.stats();
    }

    /** Access units and AAC frames dropped: damaged, too large, or before a timestamp or keyframe. */
    public long dropped() {
        return remuxer.droppedVideo() + remuxer.droppedAudio() + (videoFramer != null ? videoFramer.dropped() : 0)
                + (audioFramer != null ? audioFramer.droppedFrames() : 0);
    }

    private final class Listener implements TsDemuxer.Listener {
        @Override
        public void program(List<TsStream> streams) {
            TsStream v = null;
            TsStream a = null;
            List<String> ignored = new ArrayList<>();
            for (TsStream s : streams) {
                if (v == null && s.isRelayedVideo()) {
                    v = s;
                } else if (a == null && s.isRelayedAudio()) {
                    a = s;
                } else {
                    ignored.add(s.describe());
                }
            }
            if (known && java.util.Objects.equals(v, video) && java.util.Objects.equals(a, audio)) {
                return;
            }
            if (known) {
                remuxer.reset(); // new tracks: wait for a keyframe, send the sequence headers again
            }
            video = v;
            audio = a;
            boolean hevc = v != null && v.isHevc();
            VideoCodec codec = hevc ? VideoCodec.H265 : VideoCodec.H264;
            videoFramer = v == null ? null : new AccessUnitFramer((nals, dts, pts) -> remuxer.accessUnit(
                    codec, nals, Math.floorDiv(dts, 90), Math.floorDiv(pts, 90)), hevc, MAX_ACCESS_UNIT_BYTES);
            audioFramer = a == null ? null : new AdtsFramer((frame, pts) -> remuxer.aac(frame, Math.floorDiv(pts, 90), null));
            known = true;
            program.program(a != null, v != null, ignored);
        }

        @Override
        public void pesStart(TsStream stream, long pts, long dts) {
            if (stream.equals(video)) {
                videoFramer.pesStart(pts, dts);
            } else if (stream.equals(audio)) {
                audioFramer.pesStart(pts);
            }
        }

        @Override
        public void pesData(TsStream stream, ByteBuffer data) {
            if (stream.equals(video)) {
                videoFramer.data(data);
            } else if (stream.equals(audio)) {
                audioFramer.data(data);
            }
        }

        @Override
        public void pesEnd(TsStream stream, boolean intact) {
            if (stream.equals(video)) {
                videoFramer.pesEnd(intact);
            } else if (stream.equals(audio)) {
                audioFramer.pesEnd(intact);
            }
        }
    }
}
