package io.edgecdn.edge.webrtc;

import io.edgecdn.edge.source.LiveSource;
import io.edgecdn.edge.source.SourceConsumer;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.webrtc.rtp.H264Packetizer;
import io.edgecdn.edge.webrtc.rtp.RtcpFeedback;
import io.edgecdn.edge.webrtc.rtp.RtpHeader;
import io.edgecdn.media.codec.AvcDecoderConfigurationRecord;
import io.edgecdn.media.flv.FlvCodecIds;
import io.edgecdn.media.flv.FlvTag;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTP side of one stream for all its WHEP sessions: a consumer of the live source that turns
 * each H.264 access unit into RTP packets once (RFC 6184, {@link H264Packetizer}; 90 kHz timestamps
 * from the FLV presentation time; one SSRC and one sequence space per stream), then hands each
 * packet to every playing session, which protects and sends it with its own keys.
 *
 * <p>It keeps the packets since the latest keyframe (at most {@value #MAX_GOP_PACKETS}) so that a
 * session that starts playing gets the cached GOP at once. Those frames are old: sent with their
 * own timestamps, the browser's jitter buffer would play them in real time and keep the viewer
 * behind live by the GOP's age for good. So a joining session gets them with timestamps packed
 * 1 ms apart and ending at the newest frame's: the browser decodes the GOP at once, shows its last
 * frame, and the live frames that follow are on time. It also keeps the last {@value #HISTORY}
 * packets for NACKs (RFC 4585), sent again as RTX (RFC 4588) with the timestamp that session got, and answers a PLI or FIR by moving that session to the next
 * keyframe (it stops getting frames until then).
 *
 * <p>Audio: the stream's AAC is encoded once to Opus ({@link OpusTrack}) and sent to every session,
 * from the moment its DTLS is done (it does not wait for a keyframe). Once a second each session
 * gets a sender report per track from one wall-to-media mapping, for lip sync.
 *
 * <p>Threads: {@link #onTag} runs on the puller's thread and only enqueues (at most
 * {@value #MAX_QUEUED_TAGS} tags; past that, everything waits for the next keyframe); one virtual
 * thread per stream packetizes and sends.
 */
final class RtpStream implements SourceConsumer {
    private static final Logger log = LoggerFactory.getLogger(RtpStream.class);
    /** Largest RTP payload: a 1200-byte UDP payload less the RTP header, the longest SRTP tag and RTX's 2 bytes. */
    static final int MAX_PAYLOAD = 1200 - RtpHeader.BYTES - 16 - 2; // 2: the original sequence number of an RTX packet
    static final int MAX_GOP_PACKETS = 16_384;
    static final int HISTORY = 2048;
    static final int MAX_QUEUED_TAGS = 4096;
    /** Payload type written in the shared packets; each session writes its own. */
    private static final int PLACEHOLDER_PT = 96;

    private final StreamKey key;
    private final LiveSource source;
    private final WebRtcService service;
    private final LinkedBlockingQueue<Runnable> work = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedTags = new AtomicInteger();
    private final H264Packetizer packetizer = new H264Packetizer(MAX_PAYLOAD);
    private final int videoSsrc = new SecureRandom().nextInt();
    private final int rtxSsrc = new SecureRandom().nextInt();
    private final Thread thread;
    private final LongAdder overflows = new LongAdder();
    private final OpusTrack audio;
    private volatile boolean stopped;
    private volatile boolean overflowed;

    // sender thread only
    private final List<WhepSession> playing = new ArrayList<>();
    private final List<WhepSession> waiting = new ArrayList<>();
    private boolean reorderSeen;
    private final List<byte[]> gop = new ArrayList<>();
    private final List<Integer> gopFrame = new ArrayList<>();
    private final byte[][] history = new byte[HISTORY][];
    private boolean gopComplete;
    private int frames;
    private long lastTimestamp;
    private int sequence = new SecureRandom().nextInt(0x10000);
    private int lengthSize = -1;
    private boolean resync;
    /** Wall ms minus media ms of the tags as they arrive, smoothed: the one timeline of both tracks' SRs. */
    private double mediaOffsetMs = Double.NaN;

    RtpStream(StreamKey key, LiveSource source, WebRtcService service, OpusEncoders opus) {
        this.key = key;
        this.source = source;
        this.service = service;
        this.audio = new OpusTrack(key, opus);
        this.thread = Thread.ofVirtual().name("webrtc-rtp-" + key).unstarted(this::run);
    }

    int videoSsrc() {
        return videoSsrc;
    }

    /** The SSRC of the video's retransmissions (RFC 4588), the same for every session of the stream. */
    int rtxSsrc() {
        return rtxSsrc;
    }

    int audioSsrc() {
        return audio.ssrc();
    }

    /**
     * Sends every session an RTCP sender report of each track it gets (RFC 3550 6.4.1), both
     * tracks' RTP timestamps taken from one media time at one wall-clock time, so that the browser
     * plays them in sync. The service calls it once a second.
     */
    void senderReports(long wallMs) {
        work.add(() -> {
            if (Double.isNaN(mediaOffsetMs)) {
                return;
            }
            double mediaMs = service.nanoTime() / 1e6 - mediaOffsetMs;
            long videoTs = (long) Math.floor(mediaMs * 90) & 0xFFFF_FFFFL;
            long audioTs = (long) Math.floor(mediaMs * 48) & 0xFFFF_FFFFL;
            for (int i = 0; i < playing.size(); i++) {
                playing.get(i).media().sendSenderReports(wallMs, videoSsrc, videoTs, audio.ssrc(), audioTs);
            }
            for (int i = 0; i < waiting.size(); i++) {
                waiting.get(i).media().sendSenderReports(wallMs, videoSsrc, videoTs, audio.ssrc(), audioTs);
            }
        });
    }

    void start() {
        thread.start();
        work.add(() -> source.attach(this)); // the cached start arrives through onTag, in order, then live tags
    }

    /** A session whose DTLS is done: starts at the cached keyframe, or waits for the next one. */
    void join(WhepSession s) {
        work.add(() -> joinNow(s));
    }

    void leave(WhepSession s) {
        work.add(() -> {
            playing.remove(s);
            waiting.remove(s);
        });
    }

    void nacked(WhepSession s, RtcpFeedback.Nack nack) {
        work.add(() -> {
            for (int seq : nack.sequences()) {
                byte[] p = history[seq & (HISTORY - 1)];
                if (nack.ssrc() == videoSsrc && p != null && sequenceOf(p) == seq) {
                    s.media().retransmit(p, p.length);
                }
            }
        });
    }

    /** Answers a receiver reference time with a DLRR block from the video SSRC (RFC 3611 4.5), on this thread like the SRs. */
    void referenceTime(WhepSession s, RtcpFeedback.ReferenceTime t, long arrivedMs) {
        work.add(() -> s.media().sendDlrr(videoSsrc, t, arrivedMs));
    }

    void keyframeRequested(WhepSession s) {
        work.add(() -> {
            if (playing.remove(s)) {
                waiting.add(s);
            }
        });
    }

    /** Stops: detached from the source, the thread ends (the sessions are the service's to close). */
    void stop() {
        stopped = true;
        source.unsubscribe(this);
        work.add(() -> { });
    }

    @Override
    public void onTag(FlvTag tag) {
        if (stopped) {
            return;
        }
        if (queuedTags.incrementAndGet() > MAX_QUEUED_TAGS) {
            queuedTags.decrementAndGet();
            overflowed = true;
            return;
        }
        work.add(() -> {
            queuedTags.decrementAndGet();
            media(tag);
        });
    }

    @Override
    public void onUpstreamDisconnected() {
        work.add(() -> {
            resync = true;
            mediaOffsetMs = Double.NaN;
            audio.discontinuity();
        });
    }

    @Override
    public void onSourceClosed(String reason) {
        service.streamEnded(key, "the stream ended: " + reason);
    }

    private void run() {
        while (!stopped) {
            Runnable r;
            try {
                r = work.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (r == null) {
                continue;
            }
            try {
                r.run();
            } catch (RuntimeException e) {
                log.error("{}: WebRTC packetizing failed; the stream's sessions resume at the next keyframe", key, e);
                resync = true;
            }
        }
        audio.close();
    }

    private void joinNow(WhepSession s) {
        if (s.isClosed() || stopped) {
            return;
        }
        if (gop.isEmpty() || !gopComplete) {
            waiting.add(s);
            return;
        }
        int last = frames - 1;
        int kept = Math.min(gop.size(), HISTORY); // only these can still be NACKed
        int[] packed = new int[kept];
        for (int i = 0; i < gop.size(); i++) {
            byte[] p = gop.get(i);
            long ts = (lastTimestamp - (long) (last - gopFrame.get(i)) * 90) & 0xFFFF_FFFFL;
            s.media().sendRtp(p, p.length, ts, false);
            int k = i - (gop.size() - kept);
            if (k >= 0) {
                packed[k] = (int) ts;
            }
        }
        s.media().replayed(sequenceOf(gop.get(gop.size() - kept)), packed);
        playing.add(s);
    }

    private void media(FlvTag tag) {
        if (overflowed) {
            overflowed = false;
            overflows.increment();
            log.warn("{}: the WebRTC sender fell {} tags behind; sessions resume at the next keyframe", key, MAX_QUEUED_TAGS);
            resync = true;
        }
        switch (tag.kind()) {
            case VIDEO_SEQUENCE_HEADER -> sequenceHeader(tag);
            case VIDEO_KEYFRAME, VIDEO_FRAME -> {
                arrived(tag);
                reordered();
                frame(tag);
            }
            case AUDIO_SEQUENCE_HEADER -> audio.sequenceHeader(tag);
            case AUDIO_FRAME -> {
                arrived(tag);
                audio.frame(tag, this::sendAudio);
            }
            default -> {
                // metadata and end-of-sequence are not sent
            }
        }
    }

    /** Moves the wall-to-media mapping of the sender reports toward this tag's arrival. */
    private void arrived(FlvTag tag) {
        double o = service.nanoTime() / 1e6 - tag.timestampMs();
        mediaOffsetMs = Double.isNaN(mediaOffsetMs) || Math.abs(o - mediaOffsetMs) > 1000 ? o : mediaOffsetMs + (o - mediaOffsetMs) / 32;
    }

    /**
     * Says once per stream when its video has B-frames (the live source's {@link
     * io.edgecdn.edge.source.FrameOrder}): browsers' WebRTC receivers expect frames in presentation
     * order, and Chromium, given such a stream, decoded a fraction of the frames and kept asking for
     * keyframes.
     */
    private void reordered() {
        if (!reorderSeen && source.frameOrder() == io.edgecdn.edge.source.FrameOrder.REORDERED) {
            reorderSeen = true;
            log.warn("{}: the video has B-frames (frames presented out of decode order) and its WebRTC viewers get them as they "
                    + "are (the re-encoded {}_webrtc could not be used): they will stutter; publish without B-frames", key, key);
        }
    }

    /** Audio goes to every session of the stream, also those waiting for a keyframe. */
    private void sendAudio(byte[] packet) {
        for (int i = 0; i < playing.size(); i++) {
            playing.get(i).media().sendRtp(packet, packet.length, -1, true);
        }
        for (int i = 0; i < waiting.size(); i++) {
            waiting.get(i).media().sendRtp(packet, packet.length, -1, true);
        }
    }

    private void sequenceHeader(FlvTag tag) {
        if ((tag.payloadByte(0) & 0x0F) != FlvCodecIds.VIDEO_AVC || tag.payloadSize() < 6) {
            lengthSize = -1;
            log.warn("{}: the video is not H.264; WebRTC sessions get no video", key);
            return;
        }
        AvcDecoderConfigurationRecord r = AvcDecoderConfigurationRecord.parse(tag.payload().position(5).slice());
        if (r.sps().isEmpty() || r.pps().isEmpty()) {
            lengthSize = -1;
            return;
        }
        packetizer.parameterSets(r.sps().get(0), r.pps().get(0));
        lengthSize = r.nalLengthSize();
    }

    private void frame(FlvTag tag) {
        if (lengthSize < 0 || tag.payloadSize() <= 5 || tag.payloadByte(1) != 1) {
            return;
        }
        boolean keyframe = tag.isKeyframe();
        if (resync && !keyframe) {
            return;
        }
        List<ByteBuffer> nals = H264Packetizer.nalUnits(tag.payload().position(5).slice(), lengthSize);
        List<H264Packetizer.Payload> payloads = packetizer.packetize(nals);
        if (payloads.isEmpty()) {
            return;
        }
        if (keyframe) {
            resync = false;
            gop.clear();
            gopFrame.clear();
            gopComplete = true;
            frames = 0;
            playing.addAll(waiting);
            waiting.clear();
        }
        long ts = RtpHeader.videoTimestamp(tag.presentationTimeMs());
        for (H264Packetizer.Payload p : payloads) {
            ByteBuffer payload = p.payload();
            byte[] packet = new byte[RtpHeader.BYTES + payload.remaining()];
            RtpHeader.write(packet, 0, p.marker(), PLACEHOLDER_PT, sequence, ts, videoSsrc);
            payload.get(payload.position(), packet, RtpHeader.BYTES, payload.remaining());
            history[sequence & (HISTORY - 1)] = packet;
            sequence = (sequence + 1) & 0xFFFF;
            if (gopComplete) {
                if (gop.size() < MAX_GOP_PACKETS) {
                    gop.add(packet);
                    gopFrame.add(frames);
                } else {
                    gopComplete = false; // too long a GOP to replay: new sessions wait for the next keyframe
                }
            }
            for (int i = 0; i < playing.size(); i++) {
                playing.get(i).media().sendRtp(packet, packet.length, -1, false);
            }
        }
        lastTimestamp = ts;
        frames++;
    }

    private static int sequenceOf(byte[] p) {
        return ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
    }

    long overflows() {
        return overflows.sum();
    }
}
