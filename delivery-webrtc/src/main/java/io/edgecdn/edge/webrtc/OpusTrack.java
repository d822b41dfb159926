package io.edgecdn.edge.webrtc;

import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.webrtc.rtp.RtpHeader;
import io.edgecdn.media.flv.FlvCodecIds;
import io.edgecdn.media.flv.FlvTag;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audio track of one stream for WebRTC: the stream's AAC goes through one Opus encoder
 * ({@link OpusEncoders}) and each Opus packet becomes one RTP packet (RFC 7587: 48 kHz timestamps,
 * one frame per packet, the marker bit on the first packet of a talkspurt, here the first after a
 * (re)start). One SSRC and sequence space per stream, shared by its sessions like the video's.
 * Confined to the stream's sender thread.
 */
final class OpusTrack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpusTrack.class);
    /** Payload type written in the shared packets; each session writes its own. */
    static final int PLACEHOLDER_PT = 111;

    private final StreamKey key;
    private final OpusEncoders encoders;
    private final int ssrc = new SecureRandom().nextInt();
    private int sequence = new SecureRandom().nextInt(0x10000);
    private OpusEncoders.@Nullable Encoder encoder;
    private byte @Nullable [] config;
    private boolean marker = true;
    private boolean refused;
    private long lastTimestamp = Long.MIN_VALUE;

    OpusTrack(StreamKey key, OpusEncoders encoders) {
        this.key = key;
        this.encoders = encoders;
    }

    int ssrc() {
        return ssrc;
    }

    /** The RTP timestamp of the last packet made (48 kHz, not wrapped), or Long.MIN_VALUE. */
    long lastTimestamp() {
        return lastTimestamp;
    }

    /** An audio sequence header: opens (or, when it changed, reopens) the encoder. */
    void sequenceHeader(FlvTag tag) {
        if ((tag.payloadByte(0) & 0xF0) >> 4 != FlvCodecIds.SOUND_AAC || tag.payloadSize() < 4) {
            closeEncoder();
            if (!refused) {
                refused = true;
                log.warn("{}: the audio is not AAC; WebRTC sessions get no audio", key);
            }
            return;
        }
        ByteBuffer p = tag.payload().position(2);
        byte[] asc = new byte[p.remaining()];
        p.get(asc);
        if (encoder != null && Arrays.equals(asc, config)) {
            return;
        }
        closeEncoder();
        config = asc;
        try {
            encoder = encoders.open(asc);
            refused = false;
            marker = true;
        } catch (IllegalStateException | IllegalArgumentException e) {
            refused = true;
            log.warn("{}: no Opus for WebRTC sessions: {}", key, e.getMessage());
        }
    }

    /** An AAC frame: encoded; each Opus packet is handed to {@code send} as an RTP packet. */
    void frame(FlvTag tag, Consumer<byte[]> send) {
        OpusEncoders.Encoder e = encoder;
        if (e == null || tag.payloadSize() <= 2 || tag.payloadByte(1) != 1) {
            return;
        }
        e.encode(tag.payload().position(2).slice(), tag.timestampMs(), (opus, timestamp) -> {
            byte[] packet = new byte[RtpHeader.BYTES + opus.remaining()];
            RtpHeader.write(packet, 0, marker, PLACEHOLDER_PT, sequence, timestamp & 0xFFFF_FFFFL, ssrc);
            opus.get(opus.position(), packet, RtpHeader.BYTES, opus.remaining());
            marker = false;
            sequence = (sequence + 1) & 0xFFFF;
            lastTimestamp = timestamp;
            send.accept(packet);
        });
    }

    /** A reconnect upstream: the next packet starts a talkspurt. */
    void discontinuity() {
        marker = true;
    }

    private void closeEncoder() {
        OpusEncoders.Encoder e = encoder;
        encoder = null;
        if (e != null) {
            e.close();
        }
    }

    @Override
    public void close() {
        closeEncoder();
    }
}
