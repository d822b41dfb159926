package io.edgecdn.media.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An HEVCDecoderConfigurationRecord (ISO/IEC 14496-15, 8.3.3.1): the body of an H.265 sequence
 * header, carrying the VPS, SPS and PPS NAL units, profile/tier/level and the NAL length size.
 *
 * @param profileIdc general_profile_idc (1 Main, 2 Main 10)
 * @param tierFlag general_tier_flag (0 Main tier, 1 High tier)
 * @param levelIdc general_level_idc (30 x level: 93 = 3.1)
 * @param nalLengthSize size in bytes of each NAL unit's length prefix in frames (1, 2 or 4)
 * @param vps video parameter sets (NAL type 32), each with its 2-byte NAL header
 * @param sps sequence parameter sets (NAL type 33)
 * @param pps picture parameter sets (NAL type 34)
 * @param raw the record's bytes as parsed or built
 */
public record HevcDecoderConfigurationRecord(int profileIdc, int tierFlag, int levelIdc, int nalLengthSize,
                                             List<byte[]> vps, List<byte[]> sps, List<byte[]> pps, byte[] raw) {

    private static final int FIXED_SIZE = 23;

    /**
     * Parses a record.
     *
     * @param b the record, from its position to its limit
     * @throws IllegalArgumentException naming the byte offset within the record when it is malformed
     */
    public static HevcDecoderConfigurationRecord parse(ByteBuffer b) {
        ByteBuffer in = b.duplicate();
        int start = in.position();
        byte[] raw = new byte[in.remaining()];
        in.duplicate().get(raw);
        need(in, start, FIXED_SIZE, "fixed header");
        int version = in.get() & 0xFF;
        if (version != 1) {
            throw new IllegalArgumentException("HEVCDecoderConfigurationRecord byte 0: configurationVersion is " + version + ", must be 1");
        }
        int ptl = in.get() & 0xFF;
        in.position(start + 12);
        int level = in.get() & 0xFF;
        in.position(start + 21);
        int lengthSize = (in.get() & 0x03) + 1;
        int numArrays = in.get() & 0xFF;
        List<byte[]> vps = new ArrayList<>();
        List<byte[]> sps = new ArrayList<>();
        List<byte[]> pps = new ArrayList<>();
        for (int a = 0; a < numArrays; a++) {
            need(in, start, 3, "NAL array header");
            int type = in.get() & 0x3F;
            int n = in.getShort() & 0xFFFF;
            for (int i = 0; i < n; i++) {
                need(in, start, 2, "NAL unit length");
                int len = in.getShort() & 0xFFFF;
                need(in, start, len, "NAL unit of " + len + " bytes");
                byte[] nal = new byte[len];
                in.get(nal);
                switch (type) {
                    case 32 -> vps.add(nal);
                    case 33 -> sps.add(nal);
                    case 34 -> pps.add(nal);
                    default -> { } // SEI arrays and others are carried in raw only
                }
            }
        }
        if (sps.isEmpty()) {
            throw new IllegalArgumentException("HEVCDecoderConfigurationRecord has no SPS");
        }
        return new HevcDecoderConfigurationRecord(ptl & 0x1F, (ptl >>> 5) & 1, level, lengthSize,
                List.copyOf(vps), List.copyOf(sps), List.copyOf(pps), raw);
    }

    /**
     * Builds a record from in-band parameter sets, with 4-byte NAL length prefixes; the general
     * profile, tier, level, chroma format and bit depths are read from the first SPS.
     *
     * @throws IllegalArgumentException when there is no SPS or it cannot be parsed
     */
    public static HevcDecoderConfigurationRecord of(List<byte[]> vps, List<byte[]> sps, List<byte[]> pps) {
        if (sps.isEmpty()) {
            throw new IllegalArgumentException("an HEVCDecoderConfigurationRecord needs an SPS");
        }
        HevcSps s = HevcSps.parse(sps.get(0));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write((s.profileSpace() << 6) | (s.tierFlag() << 5) | s.profileIdc());
        writeInt(out, s.compatibilityFlags(), 4);
        writeInt(out, s.constraintFlags(), 6);
        out.write(s.levelIdc());
        writeInt(out, 0xF000, 2); // reserved, min_spatial_segmentation_idc 0
        out.write(0xFC); // reserved, parallelismType 0 (unknown)
        out.write(0xFC | s.chromaFormatIdc());
        out.write(0xF8 | s.bitDepthLumaMinus8());
        out.write(0xF8 | s.bitDepthChromaMinus8());
        writeInt(out, 0, 2); // avgFrameRate unspecified
        out.write((s.maxSubLayers() << 3) | ((s.temporalIdNested() ? 1 : 0) << 2) | 3);
        out.write(3);
        writeArray(out, 32, vps);
        writeArray(out, 33, sps);
        writeArray(out, 34, pps);
        byte[] raw = out.toByteArray();
        return new HevcDecoderConfigurationRecord(s.profileIdc(), s.tierFlag(), s.levelIdc(), 4,
                List.copyOf(vps), List.copyOf(sps), List.copyOf(pps), raw);
    }

    /** The record's bytes (a copy). */
    public byte[] toBytes() {
        return raw.clone();
    }

    /**
     * Profile, level and picture size, read from the first SPS.
     *
     * @throws IllegalArgumentException when the SPS cannot be parsed
     */
    public VideoInfo videoInfo() {
        HevcSps s = HevcSps.parse(sps.get(0));
        return new VideoInfo(VideoCodec.H265, s.profileIdc(), s.levelIdc(), s.width(), s.height());
    }

    private static void writeArray(ByteArrayOutputStream out, int type, List<byte[]> nals) {
        out.write(0x80 | type); // array_completeness = 1
        writeInt(out, nals.size(), 2);
        for (byte[] n : nals) {
            writeInt(out, n.length, 2);
            out.writeBytes(n);
        }
    }

    private static void writeInt(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)));
        }
    }

    private static void need(ByteBuffer in, int start, int n, String what) {
        if (in.remaining() < n) {
            throw new IllegalArgumentException("HEVCDecoderConfigurationRecord truncated at byte "
                    + (in.position() - start) + ": " + what + " needs " + n + " bytes, " + in.remaining() + " left");
        }
    }
}
