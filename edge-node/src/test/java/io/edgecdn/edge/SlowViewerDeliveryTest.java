package io.edgecdn.edge;

import io.edgecdn.edge.router.HttpSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgecdn.edge.flv.HttpFlvSettings;
import io.edgecdn.edge.config.EdgeConfig;
import io.edgecdn.edge.upstream.UpstreamRule;
import io.edgecdn.testsupport.Tags;
import io.edgecdn.pull.PullOutcome;
import io.edgecdn.pull.StreamLayout;
import io.edgecdn.pull.UpstreamPuller;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A viewer that stops reading is skipped to keyframes and then closed, both counted, while a
 * viewer that keeps reading is not disturbed. Real node and sockets on loopback; the upstream is a
 * synthetic puller publishing about 2 MB/s.
 */
class SlowViewerDeliveryTest {
    private EdgeNode node;
    private Socket stalled;
    private Socket reading;

    /** Publishes a 60 kB keyframe and four 20 kB frames every 50 ms until stopped. */
    private static final UpstreamPuller FAST_UPSTREAM = (upstream, ctx, normalizer) -> {
        ctx.sink().onConnected(upstream, new StreamLayout(false, true));
        ctx.sink().onTag(Tags.videoHeader(0, 1));
        long ts = 0;
        while (!ctx.stopRequested().getAsBoolean()) {
            ctx.sink().onTag(Tags.keyframe(ts, 60_000));
            for (int i = 1; i <= 4; i++) {
                ctx.sink().onTag(Tags.frame(ts + i * 10, 20_000));
            }
            ts += 50;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                break;
            }
        }
        return new PullOutcome(PullOutcome.Reason.STOPPED, "stop requested", true);
    };

    @AfterEach
    void close() throws Exception {
        if (stalled != null) {
            stalled.close();
        }
        if (reading != null) {
            reading.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static Socket request(int port, String path, int receiveBuffer) throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(receiveBuffer);
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    @Test
    void stalledViewer_skipsThenIsClosed_readingViewerKeepsGoing() throws Exception {
        EdgeConfig d = EdgeConfig.defaults();
        EdgeConfig cfg = new EdgeConfig(new HttpSettings("127.0.0.1", 0, 1),
                List.of(UpstreamRule.parse("live/*=srt://127.0.0.1:1?mode=caller")), d.pull(), List.of(), d.gopCache(),
                new HttpFlvSettings(256 * 1024, Duration.ofMillis(500), 3, Duration.ofSeconds(60), Duration.ZERO), d.hls(), d.transcode(), 10);
        node = EdgeNode.start(cfg, u -> FAST_UPSTREAM);
        int port = node.httpAddress().getPort();
        reading = request(port, "/live/x.flv", 1 << 20);
        AtomicLong readBytes = new AtomicLong();
        Thread reader = Thread.ofPlatform().daemon(true).start(() -> {
            byte[] buf = new byte[1 << 16];
            try (InputStream in = reading.getInputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    readBytes.addAndGet(n);
                }
            } catch (Exception ignored) {
                // closed by the test
            }
        });
        stalled = request(port, "/live/x.flv", 4096); // never read
        await().atMost(Duration.ofSeconds(30)).until(() -> node.delivery().closedSlow() == 1);
        assertThat(node.delivery().skips()).isGreaterThanOrEqualTo(3);
        assertThat(node.delivery().framesSkipped()).isPositive();
        assertThat(node.delivery().viewers()).isEqualTo(1);
        long before = readBytes.get();
        Thread.sleep(1000);
        assertThat(readBytes.get() - before).as("the reading viewer still gets about 2 MB/s").isGreaterThan(1_000_000);
        assertThat(reader.isAlive()).isTrue();
    }
}
