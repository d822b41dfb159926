package io.edgecdn.media.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An AVCDecoderConfigurationRecord (ISO/IEC 14496-15, 5.3.3.1): the body of an H.264 sequence
 * header, carrying the SPS and PPS NAL units and the size of the NAL length prefix used by frames.
 *
 * @param profile AVCProfileIndication (66 Baseline, 77 Main, 100 High, ...)
 * @param compatibility profile_compatibility byte
 * @param level AVCLevelIndication (31 = level 3.1)
 * @param nalLengthSize size in bytes of each NAL unit's length prefix in frames (1, 2 or 4)
 * @param sps sequence parameter sets, each a NAL unit with its header byte
 * @param pps picture parameter sets, each a NAL unit with its header byte
 */
public record AvcDecoderConfigurationRecord(int profile, int compatibility, int level, int nalLengthSize,
                                            List<byte[]> sps, List<byte[]> pps) {

    /**
     * Parses a record.
     *
     * @param b the record, from its position to its limit (not the FLV video tag header)
     * @throws IllegalArgumentException naming the byte offset within the record when it is malformed
     */
    public static AvcDecoderConfigurationRecord parse(ByteBuffer b) {
        ByteBuffer in = b.duplicate();
        int start = in.position();
        need(in, start, 6, "fixed header");
        int version = in.get() & 0xFF;
        if (version != 1) {
            throw new IllegalArgumentException("AVCDecoderConfigurationRecord byte 0: configurationVersion is " + version + ", must be 1");
        }
        int profile = in.get() & 0xFF;
        int compat = in.get() & 0xFF;
        int level = in.get() & 0xFF;
        int lengthSize = (in.get() & 0x03) + 1;
        if (lengthSize == 3) {
            throw new IllegalArgumentException("AVCDecoderConfigurationRecord byte 4: lengthSizeMinusOne is 2, must be 0, 1 or 3");
        }
        int numSps = in.get() & 0x1F;
        List<byte[]> sps = readNals(in, start, numSps, "SPS");
        need(in, start, 1, "numOfPictureParameterSets");
        int numPps = in.get() & 0xFF;
        List<byte[]> pps = readNals(in, start, numPps, "PPS");
        if (sps.isEmpty()) {
            throw new IllegalArgumentException("AVCDecoderConfigurationRecord has no SPS");
        }
        return new AvcDecoderConfigurationRecord(profile, compat, level, lengthSize, List.copyOf(sps), List.copyOf(pps));
    }

    /**
     * Builds a record from parameter sets (as found in-band in Annex-B streams), with 4-byte NAL
     * length prefixes. Profile, compatibility and level are copied from the first SPS.
     *
     * @throws IllegalArgumentException when there is no SPS or an SPS is shorter than 4 bytes
     */
    public static AvcDecoderConfigurationRecord of(List<byte[]> sps, List<byte[]> pps) {
        if (sps.isEmpty() || sps.get(0).length < 4) {
            throw new IllegalArgumentException("an AVCDecoderConfigurationRecord needs an SPS of at least 4 bytes");
        }
        byte[] first = sps.get(0);
        return new AvcDecoderConfigurationRecord(first[1] & 0xFF, first[2] & 0xFF, first[3] & 0xFF, 4,
                List.copyOf(sps), List.copyOf(pps));
    }

    /** The record's bytes. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + sps.stream().mapToInt(s -> s.length + 2).sum()
                + pps.stream().mapToInt(p -> p.length + 2).sum());
        out.write(1);
        out.write(profile);
        out.write(compatibility);
        out.write(level);
        out.write(0xFC | (nalLengthSize - 1));
        out.write(0xE0 | sps.size());
        for (byte[] s : sps) {
            out.write(s.length >>> 8);
            out.write(s.length);
            out.writeBytes(s);
        }
        out.write(pps.size());
        for (byte[] p : pps) {
            out.write(p.length >>> 8);
            out.write(p.length);
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /**
     * Profile, level and picture size, read from the first SPS.
     *
     * @throws IllegalArgumentException when the SPS cannot be parsed
     */
    public VideoInfo videoInfo() {
        return H264Sps.parse(sps.get(0));
    }

    private static List<byte[]> readNals(ByteBuffer in, int start, int count, String what) {
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            need(in, start, 2, what + " length");
            int len = in.getShort() & 0xFFFF;
            need(in, start, len, what + " of " + len + " bytes");
            byte[] nal = new byte[len];
            in.get(nal);
            out.add(nal);
        }
        return out;
    }

    private static void need(ByteBuffer in, int start, int n, String what) {
        if (in.remaining() < n) {
            throw new IllegalArgumentException("AVCDecoderConfigurationRecord truncated at byte "
                    + (in.position() - start) + ": " + what + " needs " + n + " bytes, " + in.remaining() + " left");
        }
    }
}
