package io.edgecdn.pull.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecdn.media.amf.Amf0;
import io.edgecdn.media.flv.FlvReader;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import io.edgecdn.media.flv.TagType;
import io.edgecdn.media.rtmp.ChunkReader;
import io.edgecdn.media.rtmp.ChunkWriter;
import io.edgecdn.media.rtmp.RtmpHandshake;
import io.edgecdn.media.rtmp.RtmpInput;
import io.edgecdn.media.rtmp.RtmpMessage;
import io.edgecdn.media.time.TimestampNormalizer;
import io.edgecdn.pull.PullContext;
import io.edgecdn.pull.PullOutcome;
import io.edgecdn.pull.StreamLayout;
import io.edgecdn.pull.TagSink;
import io.edgecdn.pull.UpstreamEndpoint;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * RtmpPuller against an RTMP server written here (Adobe RTMP 1.0: handshake, connect,
 * createStream, play, then media), serving the tags of a real FLV file written by Debian's ffmpeg.
 */
class RtmpPullerTest {
    private static List<FlvTag> fixture() throws IOException {
        byte[] flv;
        try (InputStream in = RtmpPullerTest.class.getResourceAsStream("/ffmpeg-avc-aac.flv")) {
            flv = in.readAllBytes();
        }
        List<FlvTag> tags = new ArrayList<>();
        new FlvReader(tags::add).feed(ByteBuffer.wrap(flv));
        return tags;
    }

    private static byte[] bytes(FlvTag t) {
        ByteBuffer b = t.payload();
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    /** What the fake server saw from the client. */
    record Seen(String app, String tcUrl, String playName, int acknowledgements, int pingResponses) {
    }

    /** A one-connection server: handshake, then the script with the connection's chunk reader and writer. */
    private static final class FakeServer implements AutoCloseable {
        interface Script {
            Seen run(ChunkReader in, ChunkWriter out, OutputStream raw) throws IOException;
        }

        final ServerSocket socket;
        final CompletableFuture<Seen> seen = new CompletableFuture<>();

        FakeServer(Script script) throws IOException {
            socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon(true).name("fake-rtmp").start(() -> {
                try (Socket s = socket.accept()) {
                    s.setSoTimeout(10_000);
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    OutputStream out = new BufferedOutputStream(s.getOutputStream());
                    byte[] c0c1 = new byte[1 + RtmpHandshake.PACKET_SIZE];
                    in.readFully(c0c1);
                    out.write(3);
                    out.write(new byte[RtmpHandshake.PACKET_SIZE]); // S1
                    out.write(c0c1, 1, RtmpHandshake.PACKET_SIZE); // S2 echoes C1
                    out.flush();
                    in.readFully(new byte[RtmpHandshake.PACKET_SIZE]); // C2
                    seen.complete(script.run(new ChunkReader(RtmpInput.of(in), 1 << 20), new ChunkWriter(out), out));
                } catch (Throwable e) {
                    seen.completeExceptionally(e);
                }
            });
        }

        String url(String path) {
            return "rtmp://127.0.0.1:" + socket.getLocalPort() + path;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Reads until the AMF0 command named {@code name}; its values. */
    private static List<Object> awaitCommand(ChunkReader in, String name, AtomicInteger acks) throws IOException {
        while (true) {
            RtmpMessage m = in.next();
            if (m.type() == RtmpMessage.ACKNOWLEDGEMENT) {
                acks.incrementAndGet();
            }
            if (m.type() == RtmpMessage.COMMAND_AMF0) {
                List<Object> v = Amf0.decodeAll(m.body(), 0, m.body().length);
                if (name.equals(v.get(0))) {
                    return v;
                }
            }
        }
    }

    private static void send(ChunkWriter w, OutputStream raw, int csid, RtmpMessage m) throws IOException {
        w.write(csid, m);
        raw.flush();
    }

    private static RtmpMessage command(int streamId, Object... values) {
        return new RtmpMessage(RtmpMessage.COMMAND_AMF0, streamId, 0, Amf0.encode(values));
    }

    private static Map<String, Object> status(String level, String code) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", level);
        m.put("code", code);
        m.put("description", code.endsWith("StreamNotFound") ? "no such stream" : "ok");
        return m;
    }

    /** Handshake through play: the server's side of connect and createStream; the play command's values. */
    private static List<Object> untilPlay(ChunkReader in, ChunkWriter w, OutputStream raw, AtomicInteger acks, String[] connect) throws IOException {
        List<Object> c = awaitCommand(in, "connect", acks);
        Map<?, ?> props = (Map<?, ?>) c.get(2);
        connect[0] = String.valueOf(props.get("app"));
        connect[1] = String.valueOf(props.get("tcUrl"));
        send(w, raw, 2, RtmpMessage.control(RtmpMessage.WINDOW_ACK_SIZE, 4000));
        send(w, raw, 2, RtmpMessage.peerBandwidth(4000, 2));
        send(w, raw, 3, command(0, "_result", c.get(1), Map.of("fmsVer", "FMS/3,0,1,123"), status("status", "NetConnection.Connect.Success")));
        List<Object> cs = awaitCommand(in, "createStream", acks);
        send(w, raw, 3, command(0, "_result", cs.get(1), null, 1.0));
        return awaitCommand(in, "play", acks);
    }

    private static final class Sink implements TagSink {
        final List<Object> events = new CopyOnWriteArrayList<>();

        @Override
        public void onConnected(UpstreamEndpoint u, StreamLayout l) {
            events.add(l);
        }

        @Override
        public void onTag(FlvTag t) {
            events.add(t);
        }

        @Override
        public void onDisconnected(UpstreamEndpoint u, PullOutcome o) {
        }

        List<FlvTag> media() {
            return events.stream().filter(e -> e instanceof FlvTag t && t.kind() != TagKind.METADATA).map(e -> (FlvTag) e).toList();
        }
    }

    private static PullOutcome pull(String url, Sink sink) {
        return new RtmpPuller().pull(UpstreamEndpoint.of(url),
                new PullContext(sink, () -> false, Duration.ofSeconds(3), Duration.ofSeconds(3), "live/x"), TimestampNormalizer.forFlv());
    }

    @Test
    void pull_wholeSession_everyTagRelayedInOrder_acksAndPingAnswered() throws Exception {
        List<FlvTag> tags = fixture();
        AtomicInteger acks = new AtomicInteger();
        int[] pings = {0};
        String[] connect = new String[2];
        try (FakeServer server = new FakeServer((in, w, raw) -> {
            List<Object> play = untilPlay(in, w, raw, acks, connect);
            send(w, raw, 2, RtmpMessage.userControl(RtmpMessage.EVENT_STREAM_BEGIN, 1));
            send(w, raw, 5, command(1, "onStatus", 0.0, null, status("status", "NetStream.Play.Start")));
            send(w, raw, 2, RtmpMessage.control(RtmpMessage.SET_CHUNK_SIZE, 1000));
            w.chunkSize(1000); // tags span several chunks, interleaved between the audio and video chunk streams
            for (FlvTag t : tags) {
                int type = t.type() == TagType.AUDIO ? RtmpMessage.AUDIO : t.type() == TagType.VIDEO ? RtmpMessage.VIDEO : RtmpMessage.DATA_AMF0;
                send(w, raw, t.type() == TagType.AUDIO ? 4 : 6, new RtmpMessage(type, 1, t.timestampMs(), bytes(t)));
            }
            send(w, raw, 2, RtmpMessage.userControl(RtmpMessage.EVENT_PING_REQUEST, 77));
            send(w, raw, 5, command(1, "onStatus", 0.0, null, status("status", "NetStream.Play.Stop")));
            try {
                while (true) {
                    RtmpMessage m = in.next();
                    if (m.type() == RtmpMessage.ACKNOWLEDGEMENT) {
                        acks.incrementAndGet();
                    } else if (m.type() == RtmpMessage.USER_CONTROL && m.body()[1] == RtmpMessage.EVENT_PING_RESPONSE && m.u32(2) == 77) {
                        pings[0]++;
                    }
                }
            } catch (IOException closed) {
                // the client hung up after Play.Stop
            }
            return new Seen(connect[0], connect[1], (String) play.get(3), acks.get(), pings[0]);
        })) {
            Sink sink = new Sink();
            PullOutcome o = pull(server.url("/live/x?token=abc"), sink);
            Seen seen = server.seen.get(10, TimeUnit.SECONDS);

            assertThat(o.reason()).as(o.toString()).isEqualTo(PullOutcome.Reason.UPSTREAM_ENDED);
            assertThat(o.detail()).contains("NetStream.Play.Stop");
            assertThat(seen.app()).isEqualTo("live");
            assertThat(seen.tcUrl()).isEqualTo(server.url("/live"));
            assertThat(seen.playName()).isEqualTo("x?token=abc");
            assertThat(seen.acknowledgements()).as("38 kB against a 4000-byte window").isGreaterThanOrEqualTo(5);
            assertThat(seen.pingResponses()).isEqualTo(1);
            assertThat(sink.events.get(0)).as("the layout comes before any tag").isEqualTo(new StreamLayout(true, true));
            List<FlvTag> expected = tags.stream().filter(t -> t.kind() != TagKind.METADATA).toList();
            List<FlvTag> got = sink.media();
            assertThat(got).hasSameSizeAs(expected);
            for (int i = 0; i < got.size(); i++) {
                assertThat(bytes(got.get(i))).as("tag %d", i).isEqualTo(bytes(expected.get(i)));
                assertThat(got.get(i).type()).isEqualTo(expected.get(i).type());
            }
            assertThat(sink.events.stream().filter(e -> e instanceof FlvTag t && t.kind() == TagKind.METADATA)).hasSize(1);
        }
    }

    @Test
    void pull_playRefused_connectFailedNamesTheStatus() throws Exception {
        AtomicInteger acks = new AtomicInteger();
        String[] connect = new String[2];
        try (FakeServer server = new FakeServer((in, w, raw) -> {
            untilPlay(in, w, raw, acks, connect);
            send(w, raw, 5, command(1, "onStatus", 0.0, null, status("error", "NetStream.Play.StreamNotFound")));
            return new Seen(connect[0], connect[1], null, 0, 0);
        })) {
            Sink sink = new Sink();
            PullOutcome o = pull(server.url("/live/nope"), sink);
            assertThat(o.reason()).isEqualTo(PullOutcome.Reason.CONNECT_FAILED);
            assertThat(o.detail()).contains("NetStream.Play.StreamNotFound").contains("no such stream");
            assertThat(o.receivedMedia()).isFalse();
        }
    }

    @Test
    void pull_garbageAfterHandshake_malformed() throws Exception {
        try (FakeServer server = new FakeServer((in, w, raw) -> {
            // a type 1 header on a chunk stream that never had a type 0 header
            raw.write(new byte[] {0x44, 0, 0, 0, 0, 0, 5, 9, 1, 2, 3, 4, 5});
            raw.flush();
            awaitCommand(in, "never", new AtomicInteger());
            return null;
        })) {
            PullOutcome o = pull(server.url("/live/x"), new Sink());
            assertThat(o.reason()).isEqualTo(PullOutcome.Reason.MALFORMED);
            assertThat(o.detail()).contains("before any type 0 header");
        }
    }

    @Test
    void pull_silentAfterPlay_connectFailedWithinTheTimeout() throws Exception {
        AtomicInteger acks = new AtomicInteger();
        String[] connect = new String[2];
        try (FakeServer server = new FakeServer((in, w, raw) -> {
            untilPlay(in, w, raw, acks, connect);
            awaitCommand(in, "never", acks);
            return null;
        })) {
            long t0 = System.nanoTime();
            PullOutcome o = new RtmpPuller().pull(UpstreamEndpoint.of(server.url("/live/x")),
                    new PullContext(new Sink(), () -> false, Duration.ofMillis(800), Duration.ofSeconds(3), "live/x"), TimestampNormalizer.forFlv());
            assertThat(o.reason()).isEqualTo(PullOutcome.Reason.CONNECT_FAILED);
            assertThat(o.detail()).contains("no media within 800 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void pull_stopRequested_stoppedPromptly() throws Exception {
        AtomicInteger acks = new AtomicInteger();
        String[] connect = new String[2];
        boolean[] stop = {false};
        try (FakeServer server = new FakeServer((in, w, raw) -> {
            untilPlay(in, w, raw, acks, connect);
            stop[0] = true;
            awaitCommand(in, "never", acks);
            return null;
        })) {
            PullOutcome o = new RtmpPuller().pull(UpstreamEndpoint.of(server.url("/live/x")),
                    new PullContext(new Sink(), () -> stop[0], Duration.ofSeconds(5), Duration.ofSeconds(5), "live/x"), TimestampNormalizer.forFlv());
            assertThat(o.reason()).isEqualTo(PullOutcome.Reason.STOPPED);
        }
    }
}
