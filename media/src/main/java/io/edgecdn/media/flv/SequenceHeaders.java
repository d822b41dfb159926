package io.edgecdn.media.flv;

import io.edgecdn.media.codec.AudioInfo;
import io.edgecdn.media.codec.AudioSpecificConfig;
import io.edgecdn.media.codec.AvcDecoderConfigurationRecord;
import io.edgecdn.media.codec.HevcDecoderConfigurationRecord;
import io.edgecdn.media.codec.VideoInfo;

/**
 * Reads the codec parameters out of FLV sequence-header tags: the AVCDecoderConfigurationRecord
 * (ISO/IEC 14496-15) after the 5-byte legacy AVC video header (Adobe FLV v10.1, E.4.3.1), the
 * HEVCDecoderConfigurationRecord after the 5-byte Enhanced RTMP header (FourCC {@code hvc1}), and
 * the AudioSpecificConfig (ISO/IEC 14496-3) after the 2-byte AAC audio header (E.4.2.1).
 */
public final class SequenceHeaders {
    private SequenceHeaders() {
    }

    /**
     * The video parameters of a video sequence header.
     *
     * @return null when {@code header} is null or shorter than its FLV header
     * @throws IllegalArgumentException (or another runtime exception of the parsers) when the
     *     decoder configuration record is malformed
     */
    public static VideoInfo video(FlvTag header) {
        if (header == null || header.payloadSize() < 6) {
            return null;
        }
        return header.isHevc()
                ? HevcDecoderConfigurationRecord.parse(header.payload().position(5)).videoInfo()
                : AvcDecoderConfigurationRecord.parse(header.payload().position(5)).videoInfo();
    }

    /**
     * The audio parameters of an AAC sequence header.
     *
     * @return null when {@code header} is null or shorter than its FLV header
     * @throws IllegalArgumentException (or another runtime exception of the parser) when the
     *     AudioSpecificConfig is malformed
     */
    public static AudioInfo audio(FlvTag header) {
        if (header == null || header.payloadSize() < 3) {
            return null;
        }
        return AudioSpecificConfig.parse(header.payload().position(2));
    }
}
