package io.edgecdn.edge.cli;

import io.edgecdn.edge.router.HttpSettings;

import io.edgecdn.edge.EdgeNode;
import io.edgecdn.edge.config.EdgeConfig;
import io.edgecdn.edge.upstream.UpstreamRule;
import io.edgecdn.edge.demo.DemoOrigin;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edge-node demo}: a built-in SRT test origin plus an edge pulling from it, with the play
 * URL printed and a status line every few seconds. Needs nothing but the JDK (the origin makes its
 * pattern with libavfilter and encodes with the bundled libx264, no input device); when the origin
 * cannot start, the command says why and exits with 1.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a built-in SRT test origin (720p30 testsrc2 + sine, H.264/AAC) and an edge pulling from it.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--http-port", defaultValue = "8080", description = "viewer HTTP port (default 8080)")
    int httpPort;

    @Option(names = "--srt-port", defaultValue = "0", description = "SRT port of the test origin on 127.0.0.1 (default: a free one)")
    int srtPort;

    @Option(names = "--size", defaultValue = "1280x720", description = "picture size (default 1280x720)")
    String size;

    @Option(names = "--fps", defaultValue = "30", description = "frame rate (default 30)")
    int fps;

    @Option(names = "--admin-port", paramLabel = "PORT", description = "admin API and dashboard port (default 8081; 0 = any free port; -1 = off)")
    Integer adminPort;

    @Override
    public Integer call() throws Exception {
        String[] wh = size.split("x");
        if (wh.length != 2) {
            System.err.println("edge-node demo: --size must be WIDTHxHEIGHT, e.g. 1280x720");
            return 2;
        }
        int port = srtPort != 0 ? srtPort : freeUdpPort();
        DemoOrigin origin;
        try {
            origin = new DemoOrigin(port, Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), fps).start();
        } catch (IllegalStateException | UnsatisfiedLinkError e) {
            System.err.println("edge-node demo: the test origin cannot start: " + e.getMessage());
            System.err.println("  (it needs only the JDK and the FFmpeg bundled in the jar; please report this with the line above)");
            return 1;
        }
        EdgeConfig d = EdgeConfig.defaults();
        EdgeConfig cfg = ServeCommand.adminFrom(d, adminPort, null, System.getenv("EDGE_ADMIN_TOKEN"))
                .withHttp(new HttpSettings("0.0.0.0", httpPort, 0))
                .withUpstreams(List.of(new UpstreamRule("live/*", List.of(origin.callerUrl()))))
                .withPinned(List.of("live/demo"));
        EdgeNode node = EdgeNode.start(cfg);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            origin.close();
            done.countDown();
        }, "shutdown"));
        String url = node.baseUrl() + "/live/demo.flv";
        System.out.println();
        System.out.println("  edge-node demo is running: test origin srt://127.0.0.1:" + port + " -> edge " + node.baseUrl());
        System.out.println("  watch it:   ffplay " + url);
        System.out.println("              vlc " + url);
        System.out.println("  or as HLS:  ffplay " + node.baseUrl() + "/live/demo.m3u8");
        System.out.println("  probe it:   ffprobe " + url);
        System.out.println("  in a browser: " + node.baseUrl() + "/play/live/demo   (HLS: add ?mode=hls)");
        if (node.adminUrl() != null) {
            System.out.println("  dashboard:  " + node.adminUrl() + "/admin/dashboard   (no token on loopback)");
        }
        System.out.println("  Ctrl-C stops it.");
        System.out.println();
        io.edgecdn.edge.StatusReporter.schedule(node, Duration.ofSeconds(5));
        done.await();
        return 0;
    }

    static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
