package io.edgecdn.edge.webrtc;

import java.nio.ByteBuffer;

/**
 * Where a stream's Opus comes from: browsers play Opus, not AAC (RFC 7874), so each stream's AAC
 * is decoded once and encoded once to Opus, 48 kHz stereo, 20 ms frames, shared by every WebRTC
 * viewer of the stream. The node supplies FFmpeg's (module {@code transcoder}); this module only
 * packetizes what comes out (RFC 7587).
 */
public interface OpusEncoders {
    /** No Opus encoder: answers carry no audio. */
    OpusEncoders NONE = new OpusEncoders() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public Encoder open(byte[] audioSpecificConfig) {
            throw new IllegalStateException("this node has no Opus encoder");
        }
    };

    /** Whether {@link #open} can work at all (an answer offers audio only then). */
    boolean available();

    /**
     * Opens an encoder for a stream's AAC.
     *
     * @param audioSpecificConfig the body of the FLV AAC sequence header (ISO/IEC 14496-3 1.6.2.1)
     * @throws IllegalStateException naming why this audio cannot be encoded
     */
    Encoder open(byte[] audioSpecificConfig);

    /** One stream's encoder; confined to the stream's sender thread. */
    interface Encoder extends AutoCloseable {
        /**
         * Encodes one raw AAC frame (an FLV AAC raw tag's body after its two header bytes).
         *
         * @param ptsMs its presentation time, ms on the stream's timeline
         * @param sink gets every Opus packet it completes
         */
        void encode(ByteBuffer aac, long ptsMs, Sink sink);

        @Override
        void close();
    }

    /** Receives Opus packets. */
    @FunctionalInterface
    interface Sink {
        /**
         * @param opus one 20 ms Opus packet, valid during the call only
         * @param timestamp its RTP timestamp, 48 kHz units on the stream's timeline (ms x 48), not wrapped
         */
        void packet(ByteBuffer opus, long timestamp);
    }
}
