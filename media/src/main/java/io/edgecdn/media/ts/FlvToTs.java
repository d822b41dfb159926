package io.edgecdn.media.ts;

import io.edgecdn.media.codec.AudioInfo;
import io.edgecdn.media.codec.AudioSpecificConfig;
import io.edgecdn.media.codec.AvcDecoderConfigurationRecord;
import io.edgecdn.media.codec.HevcDecoderConfigurationRecord;
import io.edgecdn.media.flv.FlvCodecIds;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import io.edgecdn.media.flv.TagType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts the FLV tags of one stream into MPEG-TS through a {@link TsMuxer}: AVCC / HVCC frames
 * become Annex-B access units (ISO/IEC 14496-10 annex B) starting with an access unit delimiter,
 * with the parameter sets of the current sequence header before every keyframe; raw AAC frames get
 * ADTS headers (ISO/IEC 14496-3 1.A.2) and are grouped into PES packets of about
 * {@value #AUDIO_PES_MS} ms. Timestamps: FLV milliseconds times 90.
 *
 * <p>Sequence headers are fed with {@link #config}; it reports a change of an existing
 * configuration so the segmenter can mark a discontinuity. Not thread-safe.
 */
public final class FlvToTs {
    /** Longest span of AAC frames grouped into one PES packet, ms. */
    public static final int AUDIO_PES_MS = 100;
    private static final byte[] START = {0, 0, 0, 1};
    private static final byte[] AUD_H264 = {0, 0, 0, 1, 0x09, (byte) 0xF0};
    private static final byte[] AUD_H265 = {0, 0, 0, 1, 0x46, 0x01, 0x50};

    private final TsMuxer muxer;
    private final boolean hevc;
    private List<byte[]> parameterSets = List.of();
    private int nalLengthSize = 4;
    private byte[] videoConfig;
    private byte[] audioConfig;
    private byte[] adtsTemplate;
    private int sampleRate;
    private final ByteSink au = new ByteSink(64 * 1024);
    private final ByteSink audio = new ByteSink(4 * 1024);
    private long audioPts = -1;

    /**
     * @param hasVideo whether the program carries video
     * @param hevc whether that video is H.265 (else H.264)
     * @param hasAudio whether it carries AAC
     */
    public FlvToTs(boolean hasVideo, boolean hevc, boolean hasAudio) {
        this.hevc = hevc;
        this.muxer = new TsMuxer(hasVideo ? (hevc ? TsMuxer.STREAM_TYPE_H265 : TsMuxer.STREAM_TYPE_H264) : 0, hasAudio);
    }

    /** Writes PAT and PMT, as every segment starts. */
    public void writePsi(ByteSink out) {
        muxer.writePsi(out);
    }

    /**
     * Takes a sequence header.
     *
     * @return true when it replaces a different configuration of the same track
     * @throws IllegalArgumentException when the record cannot be parsed
     */
    public boolean config(FlvTag tag) {
        ByteBuffer p = tag.payload();
        if (tag.kind() == TagKind.VIDEO_SEQUENCE_HEADER) {
            int bodyOffset = 5; // legacy: FrameType/CodecID, AVCPacketType, CompositionTime; enhanced: byte 0 + FourCC
            byte[] record = new byte[p.remaining() - bodyOffset];
            p.position(bodyOffset).get(record);
            boolean changed = videoConfig != null && !java.util.Arrays.equals(videoConfig, record);
            videoConfig = record;
            List<byte[]> sets = new ArrayList<>();
            if (hevc) {
                HevcDecoderConfigurationRecord r = HevcDecoderConfigurationRecord.parse(ByteBuffer.wrap(record));
                sets.addAll(r.vps());
                sets.addAll(r.sps());
                sets.addAll(r.pps());
                nalLengthSize = r.nalLengthSize();
            } else {
                AvcDecoderConfigurationRecord r = AvcDecoderConfigurationRecord.parse(ByteBuffer.wrap(record));
                sets.addAll(r.sps());
                sets.addAll(r.pps());
                nalLengthSize = r.nalLengthSize();
            }
            parameterSets = sets;
            return changed;
        }
        if (tag.kind() == TagKind.AUDIO_SEQUENCE_HEADER) {
            byte[] asc = new byte[p.remaining() - 2];
            p.position(2).get(asc);
            boolean changed = audioConfig != null && !java.util.Arrays.equals(audioConfig, asc);
            audioConfig = asc;
            AudioInfo info = AudioSpecificConfig.parse(ByteBuffer.wrap(asc));
            sampleRate = info.sampleRateHz();
            int index = AudioSpecificConfig.samplingFrequencyIndex(info.sampleRateHz());
            int profile = Math.max(0, Math.min(3, info.audioObjectType() - 1));
            int ch = info.channels();
            adtsTemplate = new byte[] {(byte) 0xFF, (byte) 0xF1, (byte) ((profile << 6) | (index << 2) | (ch >>> 2)),
                (byte) ((ch & 3) << 6), 0, 0x1F, (byte) 0xFC};
            return changed;
        }
        return false;
    }

    /** Whether both the video parameter sets (if video) and the audio config (if audio) are known. */
    public boolean hasVideoConfig() {
        return videoConfig != null;
    }

    public boolean hasAudioConfig() {
        return audioConfig != null;
    }

    /**
     * Writes a media tag (video frame or audio frame); tags whose configuration is still unknown
     * are skipped.
     */
    public void media(FlvTag tag, ByteSink out) {
        if (tag.type() == TagType.AUDIO) {
            audio(tag, out);
        } else if (tag.kind() == TagKind.VIDEO_KEYFRAME || tag.kind() == TagKind.VIDEO_FRAME) {
            video(tag, out);
        }
    }

    /** Writes the AAC frames still grouped (at a segment's end). */
    public void flushAudio(ByteSink out) {
        if (audio.size() > 0) {
            muxer.writeAudio(out, audioPts, audio.array(), audio.size());
            audio.reset();
            audioPts = -1;
        }
    }

    private void video(FlvTag tag, ByteSink out) {
        if (videoConfig == null) {
            return;
        }
        ByteBuffer p = tag.payload();
        int b0 = p.get(0) & 0xFF;
        // Enhanced RTMP: PacketType 1 has a CompositionTime, 3 (CodedFramesX) has none
        int offset = (b0 & 0x80) != 0 && (b0 & 0x0F) == 1 ? 8 : 5;
        int cts = tag.compositionTimeMs();
        boolean key = tag.isKeyframe();
        au.reset();
        au.write(hevc ? AUD_H265 : AUD_H264);
        if (key) {
            for (byte[] ps : parameterSets) {
                au.write(START);
                au.write(ps);
            }
        }
        int pos = offset;
        int end = p.limit();
        while (pos + nalLengthSize <= end) {
            int len = 0;
            for (int i = 0; i < nalLengthSize; i++) {
                len = (len << 8) | (p.get(pos + i) & 0xFF);
            }
            pos += nalLengthSize;
            if (len <= 0 || pos + len > end) {
                break; // truncated NAL unit: keep what was whole
            }
            int type = hevc ? (p.get(pos) >>> 1) & 0x3F : p.get(pos) & 0x1F;
            boolean skip = hevc ? type == 35 : type == 9; // an AUD of its own: ours is already there
            if (!skip) {
                au.write(START);
                au.write(p.slice(pos, len));
            }
            pos += len;
        }
        long dts = tag.timestampMs() * 90;
        long pts = (tag.timestampMs() + cts) * 90;
        muxer.writeVideo(out, dts, pts, key, au.array(), au.size());
    }

    private void audio(FlvTag tag, ByteSink out) {
        if (adtsTemplate == null || tag.kind() != TagKind.AUDIO_FRAME || (tag.payloadByte(0) >>> 4) != FlvCodecIds.SOUND_AAC) {
            return;
        }
        int rawLength = tag.payloadSize() - 2;
        if (rawLength <= 0) {
            return;
        }
        if (audioPts >= 0 && tag.timestampMs() * 90 - audioPts >= AUDIO_PES_MS * 90L) {
            flushAudio(out); // the group spans AUDIO_PES_MS: start a new PES
        }
        if (audioPts < 0) {
            audioPts = tag.timestampMs() * 90;
        }
        int frameLength = rawLength + 7;
        byte[] h = adtsTemplate.clone();
        h[3] = (byte) (h[3] | ((frameLength >>> 11) & 0x03));
        h[4] = (byte) (frameLength >>> 3);
        h[5] = (byte) (((frameLength & 7) << 5) | 0x1F);
        audio.write(h);
        audio.write(tag.payload().position(2));
    }

    /** Sample rate of the audio config in Hz, 0 when unknown. */
    public int sampleRate() {
        return sampleRate;
    }

}
