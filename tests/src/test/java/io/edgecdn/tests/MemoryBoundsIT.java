package io.edgecdn.tests;

import io.edgecdn.testsupport.Ports;
import io.edgecdn.testsupport.Processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory stays bounded for inputs that used to grow it without end: a stream with no keyframe
 * after its first, one with a 10 s GOP and one with a 20 s GOP (longer than the GOP cache's 15 s
 * bound), pulled together by a node running as its own process with the JVM options of the heap
 * plan ({@code bin/edge-node jvm-options}), each watched over HTTP-FLV and
 * HLS for 3 minutes. Every 10 s the node's heap is measured after a forced full GC ({@code jcmd
 * GC.run}, then {@code GC.heap_info}); the median around minute 3 may exceed the median around
 * minute 1 by less than 16 MiB. Samples go to {@code tests/target/memory-bounds.txt}.
 */
class MemoryBoundsIT {
    @RegisterExtension
    final Processes processes = new Processes();
    @TempDir
    Path dir;

    private Process source(String name, String x264, int port) throws Exception {
        return processes.start(dir.resolve("source-" + name + ".log"), ("ffmpeg -hide_banner -nostdin -loglevel warning -re "
                + "-f lavfi -i testsrc2=size=640x360:rate=30 -f lavfi -i sine=frequency=440:sample_rate=48000 "
                + "-c:v libx264 -preset ultrafast -tune zerolatency " + x264 + " -c:a aac -b:a 64k -f mpegts "
                + "srt://127.0.0.1:" + port + "?mode=listener").split(" "));
    }

    /** An HTTP-FLV viewer that reads and discards, counting bytes. */
    private static Thread viewer(String url, AtomicLong bytes) {
        return Thread.ofPlatform().daemon(true).start(() -> {
            URI u = URI.create(url);
            try (Socket s = new Socket(u.getHost(), u.getPort())) {
                s.getOutputStream().write(("GET " + u.getPath() + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    bytes.addAndGet(n);
                }
            } catch (Exception e) {
                // the node is stopped at the end
            }
        });
    }

    /** Heap used after a full GC, bytes, read with the JDK's jcmd. */
    private static long heapAfterGc(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Processes.run(60, jcmd, String.valueOf(pid), "GC.run");
        String info = Processes.run(60, jcmd, String.valueOf(pid), "GC.heap_info").output();
        Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
        if (!m.find()) {
            throw new AssertionError("no heap figure in jcmd GC.heap_info: " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static long median(List<Long> v) {
        List<Long> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    @Test
    void noKeyframes_10sGop_20sGop_heapAfterGcFlatFromMinute1ToMinute3() throws Exception {
        Processes.requireTool("ffmpeg", "ffmpeg");
        int[] ports = {Ports.udp(), Ports.udp(), Ports.udp()};
        source("nokey", "-x264-params keyint=infinite:scenecut=0 -b:v 3M -maxrate 3M -bufsize 3M", ports[0]);
        source("g10", "-g 300 -sc_threshold 0 -b:v 2M -maxrate 2M -bufsize 2M", ports[1]);
        source("g20", "-g 600 -sc_threshold 0 -b:v 2M -maxrate 2M -bufsize 2M", ports[2]);
        int http = Ports.tcp();
        // the JVM options bin/edge-node gives a node with the default config (the heap plan)
        List<String> jvm = io.edgecdn.edge.config.HeapPlan.jvmOptions(io.edgecdn.edge.config.EdgeConfig.defaults());
        Process node = Nodes.startProcess(processes, dir.resolve("node.log"), jvm, "serve", "--bind", "127.0.0.1", "--http-port",
                String.valueOf(http), "--admin-port", "-1",
                "--upstream", "live/nokey=srt://127.0.0.1:" + ports[0] + "?mode=caller",
                "--upstream", "live/g10=srt://127.0.0.1:" + ports[1] + "?mode=caller",
                "--upstream", "live/g20=srt://127.0.0.1:" + ports[2] + "?mode=caller");
        String base = "http://127.0.0.1:" + http;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
                client.send(HttpRequest.newBuilder(URI.create(base + "/schedule/live/x")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() > 0);
        List<AtomicLong> flvBytes = new ArrayList<>();
        for (String s : List.of("nokey", "g10", "g20")) {
            AtomicLong b = new AtomicLong();
            flvBytes.add(b);
            viewer(base + "/live/" + s + ".flv", b);
            processes.start(dir.resolve("hls-" + s + ".log"), "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning",
                    "-i", base + "/live/" + s + ".m3u8", "-c", "copy", "-f", "null", "-");
        }
        StringBuilder log = new StringBuilder("t_s heap_after_gc_MiB flv_MB(nokey,g10,g20)\n");
        List<Long> minute1 = new ArrayList<>();
        List<Long> minute3 = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 1; i <= 19; i++) { // samples at 10, 20, ... 190 s
            long due = start + Duration.ofSeconds(10L * i).toNanos();
            Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
            assertThat(node.isAlive()).as("node process alive (see node.log)").isTrue();
            long heap = heapAfterGc(node.pid());
            log.append(String.format(Locale.ROOT, "%d %.1f %s%n", 10 * i, heap / 1048576.0,
                    flvBytes.stream().map(b -> String.valueOf(b.get() / 1_000_000)).toList()));
            if (i >= 5 && i <= 7) {
                minute1.add(heap);
            }
            if (i >= 17) {
                minute3.add(heap);
            }
        }
        String playlist = client.send(HttpRequest.newBuilder(URI.create(base + "/live/nokey.m3u8")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        log.append("nokey playlist:\n").append(playlist);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "memory-bounds.txt"), log.toString());
        for (AtomicLong b : flvBytes) {
            assertThat(b.get()).as("every HTTP-FLV viewer received media (%s)", log).isGreaterThan(10_000_000L);
        }
        Matcher inf = Pattern.compile("#EXTINF:([0-9.]+),").matcher(playlist);
        int segments = 0;
        while (inf.find()) {
            segments++;
            assertThat(Double.parseDouble(inf.group(1))).as("a segment of the stream without keyframes is cut at "
                    + "hls.max-segment-duration (4 s)").isLessThanOrEqualTo(4.0);
        }
        assertThat(segments).as("the stream without keyframes is segmented:%n%s", playlist).isGreaterThanOrEqualTo(3);
        long growth = median(minute3) - median(minute1);
        assertThat(growth).as("heap after GC grew %d KiB from minute 1 to minute 3:%n%s", growth / 1024, log)
                .isLessThan(16L << 20);
    }
}
