package io.edgecdn.pull.rtmp;

import io.edgecdn.media.amf.Amf0;
import io.edgecdn.media.amf.MalformedAmfException;
import io.edgecdn.media.flv.TagType;
import io.edgecdn.media.rtmp.ChunkReader;
import io.edgecdn.media.rtmp.ChunkWriter;
import io.edgecdn.media.rtmp.MalformedRtmpException;
import io.edgecdn.media.rtmp.RtmpHandshake;
import io.edgecdn.media.rtmp.RtmpMessage;
import io.edgecdn.media.time.TimestampNormalizer;
import io.edgecdn.pull.PullContext;
import io.edgecdn.pull.PullOutcome;
import io.edgecdn.pull.UpstreamEndpoint;
import io.edgecdn.pull.UpstreamPuller;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls {@code rtmp://} and {@code rtmps://} upstreams with our own RTMP client (Adobe RTMP
 * Specification 1.0): plain handshake, {@code connect}, {@code createStream}, {@code play}
 * (live, start -1000 as FFmpeg sends it) and a Set Buffer Length of {@value #BUFFER_MS} ms, then
 * the audio, video and data messages, each relayed as an FLV tag as it arrives ({@link TrackGate}).
 * Acknowledgements follow the server's window; pings are answered; aggregate messages are split.
 *
 * <p>Outcomes: refused connection, a rejected {@code connect} or {@code play}
 * ({@code NetStream.Play.StreamNotFound}, say; the status code and description are in the detail)
 * and no media within the connect timeout are {@code CONNECT_FAILED}; {@code NetStream.Play.Stop},
 * {@code UnpublishNotify} or a closed connection are {@code UPSTREAM_ENDED}; silence for the read
 * timeout is {@code READ_TIMEOUT}; bytes that break RTMP or AMF0 are {@code MALFORMED}.
 */
public final class RtmpPuller implements UpstreamPuller {
    private static final Logger log = LoggerFactory.getLogger(RtmpPuller.class);
    /** The socket's read timeout, ms: how often a blocked read checks the stop flag and deadlines. */
    static final int POLL_MS = 100;
    /** The Set Buffer Length sent with {@code play}, ms. */
    static final int BUFFER_MS = 1000;
    /** Bound on the bytes of partial messages held by the chunk reader. */
    static final long MAX_PARTIAL_BYTES = 32L * 1024 * 1024;
    private static final int OUT_CHUNK_SIZE = 4096;

    @Override
    public PullOutcome pull(UpstreamEndpoint upstream, PullContext ctx, TimestampNormalizer normalizer) {
        RtmpTarget target;
        try {
            target = RtmpTarget.of(upstream.uri());
        } catch (IllegalArgumentException e) {
            return new PullOutcome(PullOutcome.Reason.CONNECT_FAILED, e.getMessage(), false);
        }
        TrackGate gate = new TrackGate(upstream, ctx.sink(), normalizer);
        Phase phase = new Phase();
        try (Socket socket = open(target, ctx)) {
            new Session(target, socket, ctx, gate, phase).run();
            return ended(ctx, PullOutcome.Reason.UPSTREAM_ENDED, "end of stream", gate);
        } catch (Ended e) {
            return ended(ctx, e.reason, e.getMessage(), gate);
        } catch (SocketInput.StoppedException e) {
            return new PullOutcome(PullOutcome.Reason.STOPPED, "stop requested", gate.deliveredMedia());
        } catch (SocketInput.DeadlineException | SocketTimeoutException e) {
            return phase.streaming
                    ? ended(ctx, PullOutcome.Reason.READ_TIMEOUT, "no data for " + ctx.readTimeout().toMillis() + " ms", gate)
                    : ended(ctx, PullOutcome.Reason.CONNECT_FAILED, "no media within " + ctx.connectTimeout().toMillis()
                            + " ms (" + phase.step + ")", gate);
        } catch (MalformedRtmpException | MalformedAmfException e) {
            return ended(ctx, PullOutcome.Reason.MALFORMED, e.getMessage(), gate);
        } catch (EOFException e) {
            return phase.streaming ? ended(ctx, PullOutcome.Reason.UPSTREAM_ENDED, "connection closed by the upstream", gate)
                    : ended(ctx, PullOutcome.Reason.CONNECT_FAILED, "connection closed by the upstream during " + phase.step, gate);
        } catch (IOException e) {
            String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return phase.streaming ? ended(ctx, PullOutcome.Reason.READ_FAILED, what, gate)
                    : ended(ctx, PullOutcome.Reason.CONNECT_FAILED, what + " (" + phase.step + ")", gate);
        } catch (RuntimeException e) {
            log.warn("pull from {} failed", upstream, e);
            return ended(ctx, PullOutcome.Reason.READ_FAILED, e.toString(), gate);
        }
    }

    private static Socket open(RtmpTarget target, PullContext ctx) throws IOException {
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(target.host(), target.port()), (int) Math.max(1, ctx.connectTimeout().toMillis()));
            if (!target.tls()) {
                plain.setSoTimeout(POLL_MS);
                return plain;
            }
            SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                    .createSocket(plain, target.host(), target.port(), true);
            tls.setSoTimeout((int) Math.max(1, ctx.connectTimeout().toMillis()));
            tls.startHandshake();
            tls.setSoTimeout(POLL_MS);
            return tls;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static PullOutcome ended(PullContext ctx, PullOutcome.Reason reason, String detail, TrackGate gate) {
        if (ctx.stopRequested().getAsBoolean()) {
            return new PullOutcome(PullOutcome.Reason.STOPPED, "stop requested", gate.deliveredMedia());
        }
        return new PullOutcome(reason, detail, gate.deliveredMedia());
    }

    /** Where the session is, for outcomes: the step being waited for, and whether media flows. */
    private static final class Phase {
        String step = "connecting";
        boolean streaming;
    }

    /** The end of a session with its outcome. */
    private static final class Ended extends IOException {
        final PullOutcome.Reason reason;

        Ended(PullOutcome.Reason reason, String detail) {
            super(detail);
            this.reason = reason;
        }
    }

    /** One connection's conversation. */
    private static final class Session {
        private final RtmpTarget target;
        private final PullContext ctx;
        private final TrackGate gate;
        private final Phase phase;
        private final SocketInput in;
        private final BufferedOutputStream out;
        private final ChunkReader reader;
        private final ChunkWriter writer;
        private long window;
        private long acked;

        Session(RtmpTarget target, Socket socket, PullContext ctx, TrackGate gate, Phase phase) throws IOException {
            this.target = target;
            this.ctx = ctx;
            this.gate = gate;
            this.phase = phase;
            this.in = new SocketInput(socket.getInputStream(), ctx.stopRequested());
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            this.reader = new ChunkReader(in, MAX_PARTIAL_BYTES);
            this.writer = new ChunkWriter(out);
        }

        void run() throws IOException {
            in.deadline(System.nanoTime() + ctx.connectTimeout().toNanos());
            phase.step = "the handshake";
            RtmpHandshake.client(in, out);
            send(ChunkWriter.CSID_CONTROL, RtmpMessage.control(RtmpMessage.SET_CHUNK_SIZE, OUT_CHUNK_SIZE));
            writer.chunkSize(OUT_CHUNK_SIZE);
            phase.step = "connect";
            command(0, "connect", 1, Map.of("app", target.app(), "flashVer", "LNX 9,0,124,2", "tcUrl", target.tcUrl(),
                    "fpad", false, "capabilities", 15.0, "audioCodecs", 4071.0, "videoCodecs", 252.0, "videoFunction", 1.0));
            awaitResult(1);
            phase.step = "createStream";
            command(0, "createStream", 2, null);
            List<Object> created = awaitResult(2);
            int streamId = created.size() > 3 && created.get(3) instanceof Number n ? n.intValue() : 1;
            phase.step = "play " + target.stream();
            send(ChunkWriter.CSID_COMMAND, Amf0Command.of(streamId, "play", 0, null, target.stream(), -1000.0));
            send(ChunkWriter.CSID_CONTROL, RtmpMessage.userControl(RtmpMessage.EVENT_SET_BUFFER_LENGTH, streamId, BUFFER_MS));
            phase.step = "the first media message";
            while (true) {
                RtmpMessage m = next();
                switch (m.type()) {
                    case RtmpMessage.AUDIO -> media(TagType.AUDIO, m.timestampMs(), m.body());
                    case RtmpMessage.VIDEO -> media(TagType.VIDEO, m.timestampMs(), m.body());
                    case RtmpMessage.AGGREGATE -> aggregate(m);
                    case RtmpMessage.DATA_AMF0 -> data(m);
                    case RtmpMessage.COMMAND_AMF0 -> status(Amf0.decodeAll(m.body(), 0, m.body().length));
                    default -> {
                        // AMF3 data and commands, shared objects: nothing a live pull needs
                    }
                }
            }
        }

        private void media(TagType type, long ts, byte[] body) {
            gate.onMedia(type, ts, body);
            if (!phase.streaming && gate.deliveredMedia()) {
                phase.streaming = true;
                phase.step = "streaming";
                in.silenceLimit(ctx.readTimeout().toNanos());
            }
        }

        /** An aggregate message (6.1.2): FLV tags whose timestamps are offsets from the first one's. */
        private void aggregate(RtmpMessage m) throws MalformedRtmpException {
            byte[] b = m.body();
            int p = 0;
            long first = -1;
            while (b.length - p >= 11) {
                int type = b[p] & 0x1F;
                int size = (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | b[p + 3] & 0xFF;
                long ts = ((long) (b[p + 7] & 0xFF) << 24) | (b[p + 4] & 0xFF) << 16 | (b[p + 5] & 0xFF) << 8 | b[p + 6] & 0xFF;
                if (b.length - p - 11 < size) {
                    throw new MalformedRtmpException("aggregate message: a " + size + "-byte tag at offset " + p + " overruns "
                            + b.length + " bytes");
                }
                if (first < 0) {
                    first = ts;
                }
                byte[] body = java.util.Arrays.copyOfRange(b, p + 11, p + 11 + size);
                long at = (m.timestampMs() + ts - first) & 0xFFFF_FFFFL;
                if (type == RtmpMessage.AUDIO) {
                    media(TagType.AUDIO, at, body);
                } else if (type == RtmpMessage.VIDEO) {
                    media(TagType.VIDEO, at, body);
                }
                p += 11 + size + 4; // and the back pointer
            }
        }

        private void data(RtmpMessage m) {
            List<Object> v = Amf0.decodeAll(m.body(), 0, m.body().length);
            int i = !v.isEmpty() && "@setDataFrame".equals(v.get(0)) ? 1 : 0;
            if (v.size() > i + 1 && "onMetaData".equals(v.get(i)) && v.get(i + 1) instanceof Map<?, ?> props) {
                gate.onMetaData(props);
            }
        }

        private void status(List<Object> v) throws Ended {
            if (v.isEmpty() || !"onStatus".equals(v.get(0)) || v.size() < 4 || !(v.get(3) instanceof Map<?, ?> info)) {
                return;
            }
            String code = String.valueOf(info.get("code"));
            String description = info.get("description") == null ? "" : ": " + info.get("description");
            if ("error".equals(info.get("level"))) {
                throw new Ended(phase.streaming ? PullOutcome.Reason.READ_FAILED : PullOutcome.Reason.CONNECT_FAILED,
                        "play refused: " + code + description);
            }
            if (code.equals("NetStream.Play.Stop") || code.equals("NetStream.Play.UnpublishNotify") || code.equals("NetStream.Play.Complete")) {
                throw new Ended(PullOutcome.Reason.UPSTREAM_ENDED, code + description);
            }
        }

        /** Reads until the {@code _result} of transaction {@code txn}; a {@code _error} or error status ends the session. */
        private List<Object> awaitResult(int txn) throws IOException {
            while (true) {
                RtmpMessage m = next();
                if (m.type() != RtmpMessage.COMMAND_AMF0) {
                    continue;
                }
                List<Object> v = Amf0.decodeAll(m.body(), 0, m.body().length);
                if (v.size() < 2 || !(v.get(1) instanceof Number n) || n.intValue() != txn) {
                    status(v);
                    continue;
                }
                if ("_result".equals(v.get(0))) {
                    return v;
                }
                if ("_error".equals(v.get(0))) {
                    Object info = v.size() > 3 ? v.get(3) : null;
                    String why = info instanceof Map<?, ?> i ? i.get("code") + (i.get("description") == null ? "" : ": " + i.get("description"))
                            : String.valueOf(info);
                    throw new Ended(PullOutcome.Reason.CONNECT_FAILED, phase.step + " refused: " + why);
                }
            }
        }

        /** The next message, after the protocol control it may need (acknowledgement, ping, window sizes). */
        private RtmpMessage next() throws IOException {
            RtmpMessage m = reader.next();
            switch (m.type()) {
                case RtmpMessage.WINDOW_ACK_SIZE -> window = m.body().length >= 4 ? m.u32(0) : 0;
                case RtmpMessage.SET_PEER_BANDWIDTH -> {
                    if (m.body().length >= 4) {
                        send(ChunkWriter.CSID_CONTROL, RtmpMessage.control(RtmpMessage.WINDOW_ACK_SIZE, m.u32(0)));
                    }
                }
                case RtmpMessage.USER_CONTROL -> {
                    if (m.body().length >= 6 && ((m.body()[0] & 0xFF) << 8 | m.body()[1] & 0xFF) == RtmpMessage.EVENT_PING_REQUEST) {
                        send(ChunkWriter.CSID_CONTROL, RtmpMessage.userControl(RtmpMessage.EVENT_PING_RESPONSE, m.u32(2)));
                    }
                }
                default -> {
                }
            }
            if (window > 0 && in.received() - acked >= window) {
                acked = in.received();
                send(ChunkWriter.CSID_CONTROL, RtmpMessage.control(RtmpMessage.ACKNOWLEDGEMENT, acked & 0xFFFF_FFFFL));
            }
            return m;
        }

        private void command(int streamId, String name, int txn, Object commandObject) throws IOException {
            send(ChunkWriter.CSID_COMMAND, Amf0Command.of(streamId, name, txn, commandObject));
        }

        private void send(int csid, RtmpMessage m) throws IOException {
            writer.write(csid, m);
            out.flush();
        }
    }

    /** AMF0 command messages. */
    private static final class Amf0Command {
        static RtmpMessage of(int streamId, String name, int txn, Object commandObject, Object... args) {
            Object[] values = new Object[3 + args.length];
            values[0] = name;
            values[1] = (double) txn;
            values[2] = commandObject;
            System.arraycopy(args, 0, values, 3, args.length);
            return new RtmpMessage(RtmpMessage.COMMAND_AMF0, streamId, 0, Amf0.encode(values));
        }
    }
}
