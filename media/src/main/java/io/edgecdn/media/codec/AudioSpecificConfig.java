package io.edgecdn.media.codec;

import java.nio.ByteBuffer;

/**
 * AAC AudioSpecificConfig (ISO/IEC 14496-3, 1.6.2.1): the body of an AAC sequence header.
 * Parses the audio object type, sampling frequency and channel configuration, and builds the
 * 2-byte form from an ADTS header (ISO/IEC 13818-7 / 14496-3 1.A.2) for MPEG-TS sources.
 */
public final class AudioSpecificConfig {
    /** samplingFrequencyIndex to Hz (ISO/IEC 14496-3 table 1.18); -1 for reserved indexes. */
    static final int[] SAMPLE_RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050,
        16000, 12000, 11025, 8000, 7350, -1, -1, -1};

    private AudioSpecificConfig() {
    }

    /**
     * The samplingFrequencyIndex of a sample rate (ISO/IEC 14496-3 table 1.18).
     *
     * @throws IllegalArgumentException when the rate has no index (ADTS cannot carry it)
     */
    public static int samplingFrequencyIndex(int hz) {
        for (int i = 0; i < 13; i++) {
            if (SAMPLE_RATES[i] == hz) {
                return i;
            }
        }
        throw new IllegalArgumentException("sample rate " + hz + " Hz has no samplingFrequencyIndex");
    }

    /**
     * Parses an AudioSpecificConfig.
     *
     * @param b the config, from its position to its limit (not the FLV audio tag header)
     * @throws IllegalArgumentException naming what was wrong when it is truncated or uses a reserved index
     */
    public static AudioInfo parse(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        if (bytes.length < 2) {
            throw new IllegalArgumentException("AudioSpecificConfig is " + bytes.length + " bytes, needs at least 2");
        }
        BitReader r = new BitReader(bytes, 0, bytes.length);
        int objectType = r.u(5);
        if (objectType == 31) {
            objectType = 32 + r.u(6);
        }
        int index = r.u(4);
        int rate;
        if (index == 15) {
            rate = r.u(24);
        } else {
            rate = SAMPLE_RATES[index];
            if (rate < 0) {
                throw new IllegalArgumentException("AudioSpecificConfig: samplingFrequencyIndex " + index + " is reserved");
            }
        }
        int channelConfig = r.u(4);
        int channels = channelConfig == 7 ? 8 : channelConfig;
        return new AudioInfo(objectType, rate, channels);
    }

    /**
     * The 2-byte AudioSpecificConfig equivalent to an ADTS header (object type = profile + 1).
     *
     * @param adts buffer positioned at an ADTS header (at least 7 bytes remaining); not moved
     * @throws IllegalArgumentException when there is no ADTS sync word there
     */
    public static byte[] fromAdts(ByteBuffer adts) {
        int p = adts.position();
        if (adts.remaining() < Adts.HEADER_SIZE || !Adts.isSync(adts, p)) {
            throw new IllegalArgumentException("no ADTS header (sync word 0xFFF) at the start of the AAC frame");
        }
        int objectType = ((adts.get(p + 2) & 0xC0) >>> 6) + 1;
        int index = (adts.get(p + 2) & 0x3C) >>> 2;
        int channels = ((adts.get(p + 2) & 0x01) << 2) | ((adts.get(p + 3) & 0xC0) >>> 6);
        return new byte[] {(byte) ((objectType << 3) | (index >>> 1)), (byte) (((index & 1) << 7) | (channels << 3))};
    }
}
