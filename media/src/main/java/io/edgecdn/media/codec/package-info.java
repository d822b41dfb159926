/**
 * Codec configuration records carried by sequence headers: H.264 AVCDecoderConfigurationRecord
 * and H.265 HEVCDecoderConfigurationRecord (ISO/IEC 14496-15), AAC AudioSpecificConfig
 * (ISO/IEC 14496-3), the parameter-set parsing needed to read picture size out of them, and
 * Annex-B / ADTS helpers used when remuxing MPEG-TS payloads into FLV.
 *
 * <p>May import: nothing of ours.
 */
package io.edgecdn.media.codec;
