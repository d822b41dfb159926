package io.edgecdn.tests;

import io.edgecdn.media.flv.FlvReader;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test viewer of an HTTP-FLV URL over a plain socket: reads the response head, then parses the
 * body with the project's {@link FlvReader}, keeping every tag with its arrival time. Closing it
 * closes the connection, as a player leaving would.
 */
final class FlvClient implements AutoCloseable {
    record Received(FlvTag tag, long nanos) {
    }

    private final Socket socket;
    private final List<Received> tags = new ArrayList<>();
    private final Thread reader;
    private volatile int status = -1;
    private volatile boolean ended;
    private volatile Throwable failure;
    private volatile FlvReader flv;

    FlvClient(String url) throws IOException {
        URI u = URI.create(url);
        socket = new Socket();
        socket.connect(new InetSocketAddress(u.getHost(), u.getPort()), 2000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()) + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        reader = Thread.ofPlatform().daemon(true).name("flv-client").start(this::read);
    }

    private void read() {
        try (InputStream in = socket.getInputStream()) {
            StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                head.append((char) c);
                if (head.toString().endsWith("\r\n\r\n")) {
                    break;
                }
            }
            String[] statusLine = head.toString().split(" ", 3);
            status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
            if (status != 200) {
                return;
            }
            FlvReader r = flv = new FlvReader(t -> {
                synchronized (tags) {
                    tags.add(new Received(t, System.nanoTime()));
                }
            });
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                r.feed(ByteBuffer.wrap(buf, 0, n));
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            ended = true;
        }
    }

    int status() {
        return status;
    }

    /** The FLV header received (its track flags), or null before it. */
    io.edgecdn.media.flv.FlvHeader header() {
        FlvReader r = flv;
        return r == null ? null : r.header();
    }

    /** Whether the server closed the connection (or reading failed). */
    boolean ended() {
        return ended;
    }

    Throwable failure() {
        return failure;
    }

    List<Received> received() {
        synchronized (tags) {
            return new ArrayList<>(tags);
        }
    }

    List<FlvTag> tags() {
        return received().stream().map(Received::tag).toList();
    }

    long count(TagKind kind) {
        return tags().stream().filter(t -> t.kind() == kind).count();
    }

    /** Video frames (key or not) received. */
    long videoFrames() {
        return count(TagKind.VIDEO_KEYFRAME) + count(TagKind.VIDEO_FRAME);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
