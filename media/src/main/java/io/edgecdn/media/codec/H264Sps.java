package io.edgecdn.media.codec;

/**
 * The parts of an H.264 sequence parameter set (ITU-T H.264 7.3.2.1.1) the node needs: profile,
 * level and the cropped picture size.
 */
final class H264Sps {
    private H264Sps() {
    }

    /**
     * Parses an SPS NAL unit (with its 1-byte NAL header, still escaped).
     *
     * @throws IllegalArgumentException when it is not an SPS or is truncated
     */
    static VideoInfo parse(byte[] nal) {
        if (nal.length < 4 || (nal[0] & 0x1F) != 7) {
            throw new IllegalArgumentException("not an H.264 SPS NAL unit (type " + (nal.length > 0 ? nal[0] & 0x1F : -1) + ")");
        }
        byte[] rbsp = BitReader.unescape(nal, 1, nal.length - 1);
        BitReader r = new BitReader(rbsp, 0, rbsp.length);
        int profile = r.u(8);
        r.skip(8); // constraint_set flags, reserved_zero_2bits
        int level = r.u(8);
        r.ue(); // seq_parameter_set_id
        int chromaFormatIdc = 1;
        boolean separateColourPlane = false;
        if (profile == 100 || profile == 110 || profile == 122 || profile == 244 || profile == 44
                || profile == 83 || profile == 86 || profile == 118 || profile == 128 || profile == 138
                || profile == 139 || profile == 134 || profile == 135) {
            chromaFormatIdc = r.ue();
            if (chromaFormatIdc == 3) {
                separateColourPlane = r.u1() == 1;
            }
            r.ue(); // bit_depth_luma_minus8
            r.ue(); // bit_depth_chroma_minus8
            r.u1(); // qpprime_y_zero_transform_bypass_flag
            if (r.u1() == 1) { // seq_scaling_matrix_present_flag
                int lists = chromaFormatIdc != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++) {
                    if (r.u1() == 1) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.ue(); // log2_max_frame_num_minus4
        int pocType = r.ue();
        if (pocType == 0) {
            r.ue(); // log2_max_pic_order_cnt_lsb_minus4
        } else if (pocType == 1) {
            r.u1();
            r.se();
            r.se();
            int n = r.ue();
            for (int i = 0; i < n; i++) {
                r.se();
            }
        }
        r.ue(); // max_num_ref_frames
        r.u1(); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.ue() + 1;
        int heightMapUnits = r.ue() + 1;
        int frameMbsOnly = r.u1();
        if (frameMbsOnly == 0) {
            r.u1(); // mb_adaptive_frame_field_flag
        }
        r.u1(); // direct_8x8_inference_flag
        int width = widthMbs * 16;
        int height = (2 - frameMbsOnly) * heightMapUnits * 16;
        if (r.u1() == 1) { // frame_cropping_flag
            int left = r.ue();
            int right = r.ue();
            int top = r.ue();
            int bottom = r.ue();
            int arrayType = separateColourPlane ? 0 : chromaFormatIdc;
            int cropX = arrayType == 0 ? 1 : (arrayType == 3 ? 1 : 2);
            int cropY = (arrayType == 0 ? 1 : (arrayType == 1 ? 2 : 1)) * (2 - frameMbsOnly);
            width -= (left + right) * cropX;
            height -= (top + bottom) * cropY;
        }
        return new VideoInfo(VideoCodec.H264, profile, level, width, height);
    }

    private static void skipScalingList(BitReader r, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + r.se() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }
}
