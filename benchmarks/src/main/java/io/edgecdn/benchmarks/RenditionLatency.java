package io.edgecdn.benchmarks;

import io.edgecdn.media.flv.FlvReader;
import io.edgecdn.media.flv.FlvTag;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Added latency of a rendition behind its source: watches both HTTP-FLV URLs for a while and, for
 * every video keyframe both carry (same presentation time), takes the difference of arrival times.
 * Usage: {@code RenditionLatency SOURCE_URL RENDITION_URL SECONDS}
 */
public final class RenditionLatency {
    private RenditionLatency() {
    }

    public static void main(String[] args) throws Exception {
        Map<Long, Long> source = new ConcurrentHashMap<>();
        Map<Long, Long> rendition = new ConcurrentHashMap<>();
        Thread a = watch(args[0], source);
        Thread b = watch(args[1], rendition);
        Thread.sleep(Long.parseLong(args[2]) * 1000);
        List<Double> deltas = new ArrayList<>();
        for (Map.Entry<Long, Long> e : rendition.entrySet()) {
            Long s = source.get(e.getKey());
            if (s != null) {
                deltas.add((e.getValue() - s) / 1e6);
            }
        }
        deltas.sort(null);
        if (deltas.size() < 3) {
            System.out.println("rendition latency: too few common keyframes (" + deltas.size() + ")");
        } else {
            System.out.printf(Locale.ROOT, "rendition latency behind the source (keyframe arrival): median %.0f ms, min %.0f ms, max %.0f ms over %d keyframes%n",
                    deltas.get(deltas.size() / 2), deltas.get(0), deltas.get(deltas.size() - 1), deltas.size());
        }
        System.exit(0);
    }

    private static Thread watch(String url, Map<Long, Long> keyframeArrivals) {
        return Thread.ofPlatform().daemon(true).start(() -> {
            URI u = URI.create(url);
            try (Socket s = new Socket(u.getHost(), u.getPort())) {
                s.getOutputStream().write(("GET " + u.getRawPath() + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                int c;
                while ((c = in.read()) >= 0 && !head.append((char) c).toString().endsWith("\r\n\r\n")) {
                    // response head
                }
                FlvReader r = new FlvReader((FlvTag t) -> {
                    if (t.isKeyframe()) {
                        keyframeArrivals.putIfAbsent(t.presentationTimeMs(), System.nanoTime());
                    }
                });
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    r.feed(ByteBuffer.wrap(buf, 0, n));
                }
            } catch (Exception e) {
                System.err.println(url + ": " + e);
            }
        });
    }
}
