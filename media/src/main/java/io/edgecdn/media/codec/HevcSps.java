package io.edgecdn.media.codec;

/**
 * The parts of an H.265 sequence parameter set (ITU-T H.265 7.3.2.2.1, profile_tier_level 7.3.3)
 * that an HEVCDecoderConfigurationRecord repeats, and the cropped picture size.
 */
record HevcSps(int profileSpace, int tierFlag, int profileIdc, int compatibilityFlags,
               long constraintFlags, int levelIdc, int chromaFormatIdc, int bitDepthLumaMinus8,
               int bitDepthChromaMinus8, int width, int height, int maxSubLayers, boolean temporalIdNested) {

    /**
     * Parses an SPS NAL unit (with its 2-byte NAL header, still escaped).
     *
     * @throws IllegalArgumentException when it is not an SPS (type 33) or is truncated
     */
    static HevcSps parse(byte[] nal) {
        if (nal.length < 4 || ((nal[0] >>> 1) & 0x3F) != 33) {
            throw new IllegalArgumentException("not an H.265 SPS NAL unit (type " + (nal.length > 0 ? (nal[0] >>> 1) & 0x3F : -1) + ")");
        }
        byte[] rbsp = BitReader.unescape(nal, 2, nal.length - 2);
        BitReader r = new BitReader(rbsp, 0, rbsp.length);
        r.u(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = r.u(3);
        boolean nested = r.u1() == 1;
        int profileSpace = r.u(2);
        int tier = r.u1();
        int profileIdc = r.u(5);
        int compat = r.u(32);
        long constraint = ((long) r.u(32) << 16) | r.u(16);
        int level = r.u(8);
        boolean[] profilePresent = new boolean[8];
        boolean[] levelPresent = new boolean[8];
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            profilePresent[i] = r.u1() == 1;
            levelPresent[i] = r.u1() == 1;
        }
        if (maxSubLayersMinus1 > 0) {
            for (int i = maxSubLayersMinus1; i < 8; i++) {
                r.u(2);
            }
        }
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            if (profilePresent[i]) {
                r.skip(88);
            }
            if (levelPresent[i]) {
                r.skip(8);
            }
        }
        r.ue(); // sps_seq_parameter_set_id
        int chroma = r.ue();
        if (chroma == 3) {
            r.u1(); // separate_colour_plane_flag
        }
        int width = r.ue();
        int height = r.ue();
        if (r.u1() == 1) { // conformance_window_flag
            int subW = (chroma == 1 || chroma == 2) ? 2 : 1;
            int subH = chroma == 1 ? 2 : 1;
            int left = r.ue();
            int right = r.ue();
            int top = r.ue();
            int bottom = r.ue();
            width -= subW * (left + right);
            height -= subH * (top + bottom);
        }
        int depthLuma = r.ue();
        int depthChroma = r.ue();
        return new HevcSps(profileSpace, tier, profileIdc, compat, constraint, level, chroma,
                depthLuma, depthChroma, width, height, maxSubLayersMinus1 + 1, nested);
    }
}
