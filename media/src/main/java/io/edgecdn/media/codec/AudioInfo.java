package io.edgecdn.media.codec;

/**
 * What an AAC AudioSpecificConfig says about its stream.
 *
 * @param audioObjectType ISO/IEC 14496-3 1.5.1.1 (2 = AAC-LC, 5 = SBR/HE-AAC, 29 = PS)
 * @param sampleRateHz sampling frequency in Hz
 * @param channels channel count (from channelConfiguration; 0 = defined in-band, reported as 0)
 */
public record AudioInfo(int audioObjectType, int sampleRateHz, int channels) {
}
