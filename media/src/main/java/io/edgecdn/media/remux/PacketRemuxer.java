package io.edgecdn.media.remux;

import io.edgecdn.media.codec.Adts;
import io.edgecdn.media.codec.AnnexB;
import io.edgecdn.media.codec.AudioSpecificConfig;
import io.edgecdn.media.codec.AvcDecoderConfigurationRecord;
import io.edgecdn.media.codec.HevcDecoderConfigurationRecord;
import io.edgecdn.media.codec.VideoCodec;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.FlvTags;
import io.edgecdn.media.time.TimestampNormalizer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns demuxed packets (FFmpeg {@code AVPacket}s, from MPEG-TS or RTMP) into FLV tags.
 *
 * <p>Video: H.264 and H.265 in Annex-B form (MPEG-TS) are split into NAL units; in-band parameter
 * sets become an AVCDecoderConfigurationRecord / HEVCDecoderConfigurationRecord sequence header
 * (ISO/IEC 14496-15), emitted before the first frame and again whenever they change; access unit
 * delimiters and parameter sets are removed from frames and the rest get 4-byte length prefixes.
 * Length-prefixed input (RTMP, recognised by a decoder configuration record in the extradata)
 * passes through, its sequence header taken from the extradata.
 * After {@link #reset()} (a new connection), video is dropped until a keyframe with its parameter
 * sets: viewers resume at a decodable picture.
 *
 * <p>Audio: AAC in ADTS (MPEG-TS) has its headers stripped and its AudioSpecificConfig built from
 * the first ADTS header (the FFmpeg trap noted in JAVACV-NOTES); a PES carrying several ADTS frames
 * yields one tag per frame, 1024 samples apart. Raw AAC (RTMP) takes its config from extradata.
 *
 * <p>Timestamps go through the stream's {@link TimestampNormalizer} (track 0 video DTS, track 1
 * audio); CompositionTime is PTS - DTS in ms. Not thread-safe: used by one puller thread.
 */
public final class PacketRemuxer {
    private static final int VIDEO = 0;
    private static final int AUDIO = 1;

    private final Consumer<FlvTag> out;
    private final TimestampNormalizer normalizer;
    private List<byte[]> vps = List.of();
    private List<byte[]> sps = List.of();
    private List<byte[]> pps = List.of();
    private boolean paramsChanged;
    private byte[] videoConfig;
    private byte[] audioConfig;
    private boolean waitKeyframe = true;
    private long droppedVideo;
    private long droppedAudio;

    public PacketRemuxer(Consumer<FlvTag> out, TimestampNormalizer normalizer) {
        this.out = out;
        this.normalizer = normalizer;
    }

    /** Starts a new connection: video waits for a keyframe, and sequence headers are emitted again. */
    public void reset() {
        waitKeyframe = true;
        videoConfig = null;
        audioConfig = null;
        vps = List.of();
        sps = List.of();
        pps = List.of();
    }

    /** Video packets dropped so far (before a keyframe, or without parameter sets). */
    public long droppedVideo() {
        return droppedVideo;
    }

    /** Audio packets dropped so far (no config, broken ADTS). */
    public long droppedAudio() {
        return droppedAudio;
    }

    /**
     * One video packet (one access unit).
     *
     * @param codec H.264 or H.265
     * @param data the packet bytes, Annex-B or length-prefixed; only read during the call
     * @param dtsMs decode timestamp in ms (upstream clock)
     * @param ptsMs presentation timestamp in ms (upstream clock)
     * @param keyFlag the demuxer's keyframe flag (used for length-prefixed input)
     * @param extradata the stream's codec extradata (record or Annex-B parameter sets), or null
     */
    public void video(VideoCodec codec, ByteBuffer data, long dtsMs, long ptsMs, boolean keyFlag, byte[] extradata) {
        // The stream's extradata decides the framing: a decoder configuration record (first byte 1)
        // means length-prefixed NAL units (RTMP/FLV). Sniffing each packet for a start code is wrong:
        // a 4-byte length of 256-511 begins with 00 00 01.
        if (extradata != null && extradata.length > 0 && extradata[0] == 1) {
            lengthPrefixedVideo(codec, data, dtsMs, ptsMs, keyFlag, extradata);
        } else if (AnnexB.startsWithStartCode(data)) {
            annexBVideo(codec, data, dtsMs, ptsMs, extradata);
        } else {
            droppedVideo++; // neither a configuration record nor Annex-B: nothing to decode it with
        }
    }

    private void annexBVideo(VideoCodec codec, ByteBuffer data, long dtsMs, long ptsMs, byte[] extradata) {
        accessUnit(codec, AnnexB.split(data), dtsMs, ptsMs, extradata);
    }

    /**
     * One video access unit already split into NAL units (from {@link io.edgecdn.media.ts.AccessUnitFramer}):
     * parameter sets update the sequence header, access unit delimiters are dropped, the rest
     * becomes one FLV frame. Until a keyframe with its parameter sets has been seen, units are dropped.
     *
     * @param nals NAL units without start codes; only read during the call
     * @param dtsMs decode timestamp in ms (upstream clock)
     * @param ptsMs presentation timestamp in ms (upstream clock)
     */
    public void accessUnit(VideoCodec codec, List<ByteBuffer> nals, long dtsMs, long ptsMs) {
        accessUnit(codec, nals, dtsMs, ptsMs, null);
    }

    private void accessUnit(VideoCodec codec, List<ByteBuffer> nals, long dtsMs, long ptsMs, byte[] extradata) {
        boolean h264 = codec == VideoCodec.H264;
        List<ByteBuffer> keep = new ArrayList<>(nals.size());
        List<byte[]> newVps = null;
        List<byte[]> newSps = null;
        List<byte[]> newPps = null;
        boolean key = false;
        for (ByteBuffer nal : nals) {
            int type = h264 ? AnnexB.h264Type(nal) : AnnexB.h265Type(nal);
            if (h264) {
                switch (type) {
                    case 7 -> newSps = add(newSps, nal);
                    case 8 -> newPps = add(newPps, nal);
                    case 9 -> { } // access unit delimiter: FLV frames carry none
                    default -> {
                        key |= type == 5;
                        keep.add(nal);
                    }
                }
            } else {
                switch (type) {
                    case 32 -> newVps = add(newVps, nal);
                    case 33 -> newSps = add(newSps, nal);
                    case 34 -> newPps = add(newPps, nal);
                    case 35 -> { }
                    default -> {
                        key |= type >= 16 && type <= 21; // IRAP pictures
                        keep.add(nal);
                    }
                }
            }
        }
        updateParams(newVps, newSps, newPps);
        if (sps.isEmpty() && extradata != null && extradata.length > 0) {
            paramsFromExtradata(codec, extradata);
        }
        if (keep.isEmpty()) {
            return;
        }
        boolean haveParams = !sps.isEmpty() && !pps.isEmpty() && (h264 || !vps.isEmpty());
        if (waitKeyframe) {
            if (!key || !haveParams) {
                droppedVideo++;
                return;
            }
            waitKeyframe = false;
        }
        long dts = normalizer.normalize(VIDEO, dtsMs);
        if (paramsChanged || videoConfig == null) {
            byte[] record = h264 ? AvcDecoderConfigurationRecord.of(sps, pps).toBytes()
                    : HevcDecoderConfigurationRecord.of(vps, sps, pps).toBytes();
            paramsChanged = false;
            emitVideoConfig(codec, dts, record);
        }
        int cts = compositionTime(dtsMs, ptsMs);
        int size = AnnexB.lengthPrefixedSize(keep);
        Consumer<ByteBuffer> writer = b -> AnnexB.writeLengthPrefixed(keep, b);
        out.accept(h264 ? FlvTags.avcFrame(dts, cts, key, size, writer) : FlvTags.hevcFrame(dts, cts, key, size, writer));
    }

    private void lengthPrefixedVideo(VideoCodec codec, ByteBuffer data, long dtsMs, long ptsMs, boolean key, byte[] extradata) {
        if (waitKeyframe) {
            if (!key) {
                droppedVideo++;
                return;
            }
            waitKeyframe = false;
        }
        long dts = normalizer.normalize(VIDEO, dtsMs);
        if (!Arrays.equals(extradata, videoConfig)) {
            emitVideoConfig(codec, dts, extradata.clone());
        }
        int cts = compositionTime(dtsMs, ptsMs);
        ByteBuffer payload = data.duplicate();
        Consumer<ByteBuffer> writer = b -> b.put(payload);
        int size = data.remaining();
        out.accept(codec == VideoCodec.H264 ? FlvTags.avcFrame(dts, cts, key, size, writer)
                : FlvTags.hevcFrame(dts, cts, key, size, writer));
    }

    private void emitVideoConfig(VideoCodec codec, long dts, byte[] record) {
        if (Arrays.equals(record, videoConfig)) {
            return;
        }
        videoConfig = record;
        out.accept(codec == VideoCodec.H264 ? FlvTags.avcSequenceHeader(dts, record) : FlvTags.hevcSequenceHeader(dts, record));
    }

    /**
     * One audio packet: AAC in ADTS framing (possibly several frames) or raw with its config in extradata.
     *
     * @param data the packet bytes; only read during the call
     * @param ptsMs presentation timestamp in ms (upstream clock)
     * @param extradata the AudioSpecificConfig from the demuxer, or null
     */
    public void aac(ByteBuffer data, long ptsMs, byte[] extradata) {
        int p = data.position();
        if (Adts.isSync(data, p)) {
            int frame = 0;
            while (p + Adts.HEADER_SIZE <= data.limit() && Adts.isSync(data, p)) {
                int headerLength = Adts.headerLength(data, p);
                int frameLength = Adts.frameLength(data, p);
                int rate = Adts.sampleRate(data, p);
                if (frameLength <= headerLength || p + frameLength > data.limit() || rate <= 0) {
                    droppedAudio++;
                    return;
                }
                byte[] asc = AudioSpecificConfig.fromAdts(data.duplicate().position(p));
                long ts = normalizer.normalize(AUDIO, ptsMs + frame * 1024L * 1000 / rate);
                if (!Arrays.equals(asc, audioConfig)) {
                    audioConfig = asc;
                    out.accept(FlvTags.aacSequenceHeader(ts, asc));
                }
                out.accept(FlvTags.aacFrame(ts, data.duplicate().position(p + headerLength).limit(p + frameLength)));
                p += frameLength;
                frame++;
            }
            return;
        }
        if (extradata == null || extradata.length < 2) {
            droppedAudio++;
            return;
        }
        long ts = normalizer.normalize(AUDIO, ptsMs);
        if (!Arrays.equals(extradata, audioConfig)) {
            audioConfig = extradata.clone();
            out.accept(FlvTags.aacSequenceHeader(ts, audioConfig));
        }
        out.accept(FlvTags.aacFrame(ts, data));
    }

    private void updateParams(List<byte[]> newVps, List<byte[]> newSps, List<byte[]> newPps) {
        if (newVps != null && !sameNals(newVps, vps)) {
            vps = newVps;
            paramsChanged = true;
        }
        if (newSps != null && !sameNals(newSps, sps)) {
            sps = newSps;
            paramsChanged = true;
        }
        if (newPps != null && !sameNals(newPps, pps)) {
            pps = newPps;
            paramsChanged = true;
        }
    }

    private void paramsFromExtradata(VideoCodec codec, byte[] extradata) {
        ByteBuffer b = ByteBuffer.wrap(extradata);
        try {
            if (extradata[0] == 1) {
                if (codec == VideoCodec.H264) {
                    AvcDecoderConfigurationRecord r = AvcDecoderConfigurationRecord.parse(b);
                    updateParams(null, r.sps(), r.pps());
                } else {
                    HevcDecoderConfigurationRecord r = HevcDecoderConfigurationRecord.parse(b);
                    updateParams(r.vps(), r.sps(), r.pps());
                }
            } else if (AnnexB.startsWithStartCode(b)) {
                annexBVideo(codec, b, 0, 0, null); // only collects parameter sets: no slice NAL units in extradata
            }
        } catch (IllegalArgumentException e) {
            droppedVideo++;
        }
    }

    private static int compositionTime(long dtsMs, long ptsMs) {
        long cts = ptsMs - dtsMs;
        return (int) Math.max(0, Math.min(cts, 0x7F_FFFF));
    }

    private static List<byte[]> add(List<byte[]> list, ByteBuffer nal) {
        List<byte[]> l = list == null ? new ArrayList<>(1) : list;
        l.add(AnnexB.bytes(nal));
        return l;
    }

    private static boolean sameNals(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
