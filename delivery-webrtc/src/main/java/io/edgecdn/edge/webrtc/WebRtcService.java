package io.edgecdn.edge.webrtc;

import io.edgecdn.edge.source.LiveSource;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.edge.source.StreamManager;
import io.edgecdn.edge.webrtc.dtls.DtlsCertificate;
import io.edgecdn.edge.webrtc.ice.HostCandidates;
import io.edgecdn.edge.webrtc.rtp.RtcpFeedback;
import io.edgecdn.edge.webrtc.sdp.H264Profile;
import io.edgecdn.edge.webrtc.sdp.SdpException;
import io.edgecdn.edge.webrtc.sdp.SessionDescription;
import io.edgecdn.edge.webrtc.sdp.WhepAnswer;
import io.edgecdn.media.codec.AvcDecoderConfigurationRecord;
import io.edgecdn.media.flv.FlvCodecIds;
import io.edgecdn.media.flv.FlvTag;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebRTC playback on this node: the UDP port, the node's DTLS certificate, every WHEP session and
 * the {@link RtpStream} of each stream they play. Sessions are made by {@link WhepHandler}; the
 * port hands their datagrams here; a sweep once a second ends sessions whose ICE consent expired.
 *
 * <p>If the UDP port cannot be bound the node still serves everything else: {@link #unavailable()}
 * says why, one error line is logged, and {@code POST .../whep} gets 503 with that reason.
 */
public final class WebRtcService implements WebRtcPort.Sessions, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebRtcService.class);
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final Supplier<WebRtcSettings> config;
    private final Clock clock;
    private final OpusEncoders opus;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService scheduler;
    private final DtlsCertificate certificate;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, WhepSession> byId = new ConcurrentHashMap<>();
    private final Map<String, WhepSession> byUfrag = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, WhepSession> byAddress = new ConcurrentHashMap<>();
    private final Map<StreamKey, StreamEntry> streams = new HashMap<>(); // guarded by this
    private final WebRtcTotals totals = new WebRtcTotals();
    private volatile @Nullable WebRtcPort port;
    private volatile @Nullable String unavailable = "not started";
    private volatile List<String> candidateAddresses = List.of();

    private static final class StreamEntry {
        final RtpStream rtp;
        int sessions;

        StreamEntry(RtpStream rtp) {
            this.rtp = rtp;
        }
    }

    /**
     * @param opus the Opus encoders of the streams' audio ({@link OpusEncoders#NONE}: video only)
     * @param nanoTime the monotonic clock of consent expiry and of the media timeline of sender reports
     * @param clock the wall clock of the certificate's validity and of the sender reports' NTP times
     */
    public WebRtcService(Supplier<WebRtcSettings> config, OpusEncoders opus, Clock clock, LongSupplier nanoTime,
                         ScheduledExecutorService scheduler) {
        this.config = config;
        this.opus = opus;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.scheduler = scheduler;
        this.certificate = DtlsCertificate.generate(clock);
    }

    /** Binds the UDP port (when enabled) and starts the consent sweep; never throws for a port in use. */
    public void start() {
        WebRtcSettings s = config.get();
        if (!s.enabled()) {
            unavailable = "WebRTC playback is turned off (webrtc.enabled: false)";
            return;
        }
        try {
            WebRtcPort p = new WebRtcPort(new InetSocketAddress(s.bind(), s.udpPort()), this);
            port = p;
            candidateAddresses = HostCandidates.addresses(s.advertise(), p.address());
            p.start();
            unavailable = null;
            log.info("WebRTC (WHEP) on UDP {}, candidates {}", p.address(), candidateAddresses);
            Thread.ofVirtual().name("srtp-warm-up").start(() -> log.debug("SRTP warmed up in {} ms", io.edgecdn.edge.webrtc.srtp.SrtpSession.warmUp()));
        } catch (IOException | RuntimeException e) {
            unavailable = "the WebRTC UDP port " + s.bind() + ":" + s.udpPort() + " could not be bound (" + e.getMessage()
                    + "); set webrtc.udp-port to a free port";
            log.error("{}; WebRTC playback is off, everything else is served", unavailable);
            return;
        }
        scheduler.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    /** Why WHEP cannot be served now, or null when it can. */
    public @Nullable String unavailable() {
        return unavailable;
    }

    /** The bound UDP address, or null when WebRTC is off. */
    public @Nullable InetSocketAddress udpAddress() {
        WebRtcPort p = port;
        return p == null ? null : p.address();
    }

    long nanoTime() {
        return nanoTime.getAsLong();
    }

    long wallMs() {
        return clock.millis();
    }

    DtlsCertificate certificate() {
        return certificate;
    }

    WebRtcPort port() {
        WebRtcPort p = port;
        if (p == null) {
            throw new IllegalStateException("the WebRTC port is not bound");
        }
        return p;
    }

    /** A new session and its answer. */
    record Created(WhepSession session, String answer) {
    }

    /** Whether {@code webrtc.max-sessions} are open. */
    boolean full() {
        return byId.size() >= config.get().maxSessions();
    }

    /**
     * Makes a session for a viewer of a ready stream, holding {@code lease} until it ends.
     *
     * @throws SdpException when the offer cannot be answered (the lease is then the caller's)
     */
    Created create(StreamKey key, SessionDescription offer, StreamManager.Lease lease) throws SdpException {
        WebRtcPort p = port;
        if (p == null) {
            throw new IllegalStateException(unavailable);
        }
        LiveSource source = lease.source();
        H264Profile video = profile(source.videoHeader());
        String fingerprint = remoteFingerprint(offer);
        String ufrag = randomIce(8);
        String pwd = randomIce(24);
        String id = HexFormat.of().formatHex(bytes(12));
        List<WhepAnswer.Candidate> candidates = new ArrayList<>();
        for (String a : candidateAddresses) {
            candidates.add(new WhepAnswer.Candidate("udp", a, p.port()));
        }
        synchronized (this) {
            StreamEntry e = streams.get(key);
            boolean made = e == null;
            if (e == null) {
                e = new StreamEntry(new RtpStream(key, source, this, opus));
            }
            WhepAnswer.Result answer = WhepAnswer.answer(offer, new WhepAnswer.Params(ufrag, pwd, certificate.fingerprint(),
                    candidates, video, audioExpected(source) && opus.available(), e.rtp.videoSsrc() & 0xFFFF_FFFFL,
                    e.rtp.rtxSsrc() & 0xFFFF_FFFFL, e.rtp.audioSsrc() & 0xFFFF_FFFFL, WhepSession.cname(key), random.nextLong() >>> 1));
            WhepSession s = new WhepSession(id, ufrag, pwd, key, fingerprint, Math.max(answer.videoPayloadType(), 0),
                    answer.rtxPayloadType(), e.rtp.rtxSsrc(), answer.audioPayloadType(), lease, this, nanoTime.getAsLong());
            if (made) {
                streams.put(key, e);
                e.rtp.start();
            }
            e.sessions++;
            byId.put(id, s);
            byUfrag.put(ufrag, s);
            totals.opened.increment();
            return new Created(s, answer.sdp());
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private String randomIce(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length())));
        }
        return b.toString();
    }

    private static String remoteFingerprint(SessionDescription offer) throws SdpException {
        for (SessionDescription.Media m : offer.media()) {
            String fp = offer.attribute(m, "fingerprint");
            if (fp != null && fp.regionMatches(true, 0, "sha-256 ", 0, 8)) {
                return fp.substring(8).trim();
            }
        }
        throw new SdpException("the offer has no a=fingerprint:sha-256 (DTLS-SRTP, RFC 8827)");
    }

    /**
     * Whether the stream's audio can be answered: its AAC sequence header, or, when none has come
     * yet (the stream is ready at its first keyframe, which a puller may deliver before the first
     * audio frame), an audio track the upstream announced.
     */
    private static boolean audioExpected(LiveSource source) {
        FlvTag header = source.audioHeader();
        return header == null ? source.hasAudio()
                : header.payloadSize() >= 4 && (header.payloadByte(0) & 0xF0) >> 4 == FlvCodecIds.SOUND_AAC;
    }

    /** The profile of an H.264 sequence header, or null when there is none or it is not H.264. */
    static @Nullable H264Profile profile(@Nullable FlvTag header) {
        if (header == null || (header.payloadByte(0) & 0x0F) != FlvCodecIds.VIDEO_AVC || header.payloadSize() < 9) {
            return null;
        }
        try {
            AvcDecoderConfigurationRecord r = AvcDecoderConfigurationRecord.parse(header.payload().position(5).slice());
            return new H264Profile(r.profile(), r.compatibility(), r.level());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The session with that id, or null. */
    public @Nullable WhepSession session(String id) {
        return byId.get(id);
    }

    /** How many sessions are open now. */
    public int count() {
        return byId.size();
    }

    /** The sessions open now. */
    public List<WhepSession> sessions() {
        return List.copyOf(byId.values());
    }

    /** Sessions opened since start. */
    public long opened() {
        return totals.opened();
    }

    /** The node's counters since start, ended sessions included. */
    public WebRtcTotals totals() {
        return totals;
    }

    /** The sessions of one stream open now. */
    public List<WhepSession> sessions(StreamKey key) {
        List<WhepSession> out = new ArrayList<>();
        for (WhepSession s : byId.values()) {
            if (s.key().equals(key)) {
                out.add(s);
            }
        }
        return out;
    }

    // ---- from the port (receive thread) ----

    @Override
    public @Nullable String password(String ufrag) {
        WhepSession s = byUfrag.get(ufrag);
        return s == null ? null : s.pwd();
    }

    @Override
    public void checked(String ufrag, InetSocketAddress from, boolean nominated) {
        WhepSession s = byUfrag.get(ufrag);
        if (s != null) {
            s.checked(from, nominated, nanoTime.getAsLong());
        }
    }

    @Override
    public @Nullable WhepSession byAddress(InetSocketAddress from) {
        return byAddress.get(from);
    }

    // ---- from sessions ----

    void bind(InetSocketAddress to, WhepSession s, @Nullable InetSocketAddress previous) {
        if (previous != null) {
            byAddress.remove(previous, s);
        }
        WhepSession old = byAddress.put(to, s);
        if (old != null && old != s) {
            old.close("another session's checks came from its address " + to);
        }
    }

    synchronized void playing(WhepSession s) {
        StreamEntry e = streams.get(s.key());
        if (e != null) {
            e.rtp.join(s);
        }
    }

    void closed(WhepSession s) {
        byId.remove(s.id(), s);
        byUfrag.remove(s.ufrag(), s);
        InetSocketAddress a = s.remote();
        if (a != null) {
            byAddress.remove(a, s);
        }
        synchronized (this) {
            StreamEntry e = streams.get(s.key());
            if (e != null) {
                e.rtp.leave(s);
                if (--e.sessions <= 0) {
                    streams.remove(s.key());
                    e.rtp.stop();
                }
            }
        }
    }

    synchronized void nacked(WhepSession s, RtcpFeedback.Nack nack) {
        StreamEntry e = streams.get(s.key());
        if (e != null) {
            e.rtp.nacked(s, nack);
        }
    }

    synchronized void referenceTime(WhepSession s, RtcpFeedback.ReferenceTime t, long arrivedMs) {
        StreamEntry e = streams.get(s.key());
        if (e != null) {
            e.rtp.referenceTime(s, t, arrivedMs);
        }
    }

    synchronized void keyframeRequested(WhepSession s) {
        StreamEntry e = streams.get(s.key());
        if (e != null) {
            e.rtp.keyframeRequested(s);
        }
    }

    /** The live source ended: its sessions end. */
    void streamEnded(StreamKey key, String reason) {
        for (WhepSession s : byId.values()) {
            if (s.key().equals(key)) {
                s.close(reason);
            }
        }
    }

    private void sweep() {
        long wall = clock.millis();
        synchronized (this) {
            for (StreamEntry e : streams.values()) {
                e.rtp.senderReports(wall);
            }
        }
        long now = nanoTime.getAsLong();
        long timeout = config.get().sessionTimeout().toNanos();
        for (WhepSession s : byId.values()) {
            if (now - s.lastCheckNanos() > timeout) {
                s.close(s.remote() == null ? "no ICE check arrived within " + config.get().sessionTimeout().toSeconds() + " s"
                        : "ICE consent expired (no check for " + config.get().sessionTimeout().toSeconds() + " s)");
            }
        }
    }

    /** Runs the consent sweep now (tests drive it with a manual clock). */
    void sweepNow() {
        sweep();
    }

    @Override
    public void close() {
        for (WhepSession s : byId.values()) {
            s.close("the node is stopping");
        }
        WebRtcPort p = port;
        if (p != null) {
            p.close();
        }
    }
}
