package io.edgecdn.edge.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens N HTTP-FLV viewers of one URL with non-blocking sockets on a few selector threads, keeps
 * them reading for a duration, and returns one {@link FlvViewerProbe} per viewer. Connections are
 * opened over {@code ramp} so that the server sees a realistic arrival rate.
 */
public final class FlvLoad {
    private final URI url;
    private final int viewers;
    private final Duration duration;
    private final Duration ramp;
    private final int threads;

    public FlvLoad(URI url, int viewers, Duration duration, Duration ramp, int threads) {
        if (!"http".equals(url.getScheme())) {
            throw new IllegalArgumentException("bench needs an http:// URL, got " + url);
        }
        this.url = url;
        this.viewers = viewers;
        this.duration = duration;
        this.ramp = ramp;
        this.threads = Math.max(1, threads);
    }

    /** Runs the load and returns every viewer's probe. Blocks for about ramp + duration. */
    public List<FlvViewerProbe> run() throws Exception {
        List<FlvViewerProbe> all = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int share = viewers / threads + (t < viewers % threads ? 1 : 0);
            Thread th = Thread.ofPlatform().name("bench-" + t).start(() -> {
                try {
                    all.addAll(runShare(share));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ts.add(th);
        }
        for (Thread th : ts) {
            th.join();
        }
        return all;
    }

    private List<FlvViewerProbe> runShare(int count) throws IOException {
        String host = url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : 80;
        String path = url.getRawPath() + (url.getRawQuery() != null ? "?" + url.getRawQuery() : "");
        byte[] req = FlvViewerProbe.request(host, port, path);
        InetSocketAddress addr = new InetSocketAddress(host, port);
        List<FlvViewerProbe> probes = new ArrayList<>(count);
        ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
        long start = System.nanoTime();
        long end = start + ramp.toNanos() + duration.toNanos();
        long rampNanos = Math.max(1, ramp.toNanos());
        int opened = 0;
        try (Selector sel = Selector.open()) {
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                long due = count == 0 ? 0 : Math.min(count, (long) ((double) (now - start) / rampNanos * count) + 1);
                while (opened < due) {
                    SocketChannel ch = SocketChannel.open();
                    ch.configureBlocking(false);
                    ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                    FlvViewerProbe p = new FlvViewerProbe(System.nanoTime());
                    probes.add(p);
                    ch.connect(addr);
                    ch.register(sel, SelectionKey.OP_CONNECT, new Object[] {p, ByteBuffer.wrap(req)});
                    opened++;
                }
                sel.select(10);
                for (SelectionKey k : sel.selectedKeys()) {
                    Object[] att = (Object[]) k.attachment();
                    FlvViewerProbe p = (FlvViewerProbe) att[0];
                    SocketChannel ch = (SocketChannel) k.channel();
                    try {
                        if (k.isConnectable() && ch.finishConnect()) {
                            k.interestOps(SelectionKey.OP_WRITE);
                        }
                        if (k.isValid() && k.isWritable()) {
                            ByteBuffer out = (ByteBuffer) att[1];
                            ch.write(out);
                            if (!out.hasRemaining()) {
                                k.interestOps(SelectionKey.OP_READ);
                            }
                        }
                        if (k.isValid() && k.isReadable()) {
                            buf.clear();
                            int n = ch.read(buf);
                            if (n < 0) {
                                p.fail("server closed the connection");
                                k.cancel();
                                ch.close();
                            } else if (n > 0) {
                                buf.flip();
                                p.onRead(buf, System.nanoTime());
                                if (p.failed()) {
                                    k.cancel();
                                    ch.close();
                                }
                            }
                        }
                    } catch (IOException e) {
                        p.fail(e.toString());
                        k.cancel();
                        ch.close();
                    }
                }
                sel.selectedKeys().clear();
            }
            for (SelectionKey k : sel.keys()) {
                k.channel().close();
            }
        }
        long stop = System.nanoTime();
        for (FlvViewerProbe p : probes) {
            if (p.lastReadNanos != 0 && p.keyframeNanos != 0) {
                p.maxGapNanos = Math.max(p.maxGapNanos, stop - p.lastReadNanos > 0 && !p.failed() ? Math.min(stop - p.lastReadNanos, stop - start) : 0);
            }
        }
        return probes;
    }
}
