package io.edgecdn.edge;

import io.edgecdn.edge.webrtc.OpusEncoders;
import io.edgecdn.transcoder.OpusTranscoder;
import java.nio.ByteBuffer;

/**
 * The node's Opus for WebRTC: the {@code transcoder} module's {@link OpusTranscoder} (FFmpeg's AAC
 * decoder, libswresample, libopus) behind the interface {@code delivery-webrtc} asks for.
 */
final class FfmpegOpus implements OpusEncoders {
    /** Opus bitrate of every stream, bits per second: transparent stereo for speech and most music. */
    static final int BITRATE = 96_000;

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public Encoder open(byte[] audioSpecificConfig) {
        OpusTranscoder t = OpusTranscoder.open(audioSpecificConfig, BITRATE);
        return new Encoder() {
            @Override
            public void encode(ByteBuffer aac, long ptsMs, Sink sink) {
                t.frame(aac, ptsMs, sink::packet);
            }

            @Override
            public void close() {
                t.close();
            }
        };
    }
}
