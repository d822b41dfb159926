package io.edgecdn.pull.httpflv;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.edgecdn.media.flv.FlvReader;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import io.edgecdn.media.time.TimestampNormalizer;
import io.edgecdn.pull.PullContext;
import io.edgecdn.pull.PullOutcome;
import io.edgecdn.pull.StreamLayout;
import io.edgecdn.pull.TagSink;
import io.edgecdn.pull.UpstreamEndpoint;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Pulls a real FLV file (written by Debian's ffmpeg) from a local HTTP server, as a child node pulls its parent. */
class HttpFlvPullerTest {
    @Test
    void pull_headerAndBurstInOneWrite_layoutFirst_everyTagRelayed() throws Exception {
        byte[] flv;
        try (InputStream in = HttpFlvPullerTest.class.getResourceAsStream("/ffmpeg-avc-aac.flv")) {
            flv = in.readAllBytes();
        }
        List<FlvTag> original = new ArrayList<>();
        new FlvReader(original::add).feed(java.nio.ByteBuffer.wrap(flv));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/live/x.flv", ex -> { // a parent answers with its header and whole burst at once
            ex.getResponseHeaders().add("Content-Type", "video/x-flv");
            ex.sendResponseHeaders(200, flv.length);
            ex.getResponseBody().write(flv);
            ex.close();
        });
        server.start();
        try {
            List<Object> events = new CopyOnWriteArrayList<>();
            TagSink sink = new TagSink() {
                public void onConnected(UpstreamEndpoint u, StreamLayout l) {
                    events.add(l);
                }

                public void onTag(FlvTag t) {
                    events.add(t);
                }

                public void onDisconnected(UpstreamEndpoint u, PullOutcome o) {
                }
            };
            PullOutcome o = new HttpFlvPuller().pull(UpstreamEndpoint.of("http://127.0.0.1:" + server.getAddress().getPort() + "/live/x.flv"),
                    new PullContext(sink, () -> false, Duration.ofSeconds(3), Duration.ofSeconds(3), "live/x"), TimestampNormalizer.forFlv());
            assertThat(o.reason()).isEqualTo(PullOutcome.Reason.UPSTREAM_ENDED);
            assertThat(events.get(0)).as("the layout comes before any tag").isEqualTo(new StreamLayout(true, true));
            long frames = events.stream().filter(e -> e instanceof FlvTag t && t.kind() != TagKind.METADATA).count();
            assertThat(frames).isEqualTo(original.stream().filter(t -> t.kind() != TagKind.METADATA).count());
        } finally {
            server.stop(0);
        }
    }
}
