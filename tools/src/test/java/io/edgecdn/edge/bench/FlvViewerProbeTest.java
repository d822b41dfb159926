package io.edgecdn.edge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.FlvTags;
import io.edgecdn.media.flv.FlvWriter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlvViewerProbeTest {
    /** An FLV body: header, an AAC frame, then an H.264 keyframe. */
    private static byte[] flv() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FlvWriter w = new FlvWriter(out);
        w.writeHeader(true, true);
        w.writeTag(FlvTags.aacFrame(0, ByteBuffer.wrap(new byte[] {0x21, 0x10})));
        FlvTag key = FlvTags.avcFrame(0, 0, true, 8, b -> b.putInt(4).put(new byte[] {0x65, (byte) 0x88, 0, 0}));
        w.writeTag(key);
        w.flush();
        return out.toByteArray();
    }

    private static FlvViewerProbe feed(byte[] response, long seed) {
        FlvViewerProbe p = new FlvViewerProbe(0);
        Random rnd = new Random(seed);
        for (int off = 0; off < response.length; ) {
            int n = Math.min(response.length - off, 1 + rnd.nextInt(7));
            p.onRead(ByteBuffer.wrap(response, off, n), off + 1);
            off += n;
        }
        return p;
    }

    @Test
    void closeDelimitedBody_findsTheKeyframe() throws Exception {
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        r.writeBytes("HTTP/1.1 200 OK\r\nContent-Type: video/x-flv\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        r.writeBytes(flv());
        FlvViewerProbe p = feed(r.toByteArray(), 1);
        assertThat(p.failed()).as(p.failure).isFalse();
        assertThat(p.keyframeNanos).isPositive();
    }

    @Test
    void chunkedBody_asSrsSendsIt_findsTheKeyframe() throws Exception {
        byte[] body = flv();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        r.writeBytes("HTTP/1.1 200 OK\r\nContent-Type: video/x-flv\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        for (int off = 0; off < body.length; off += 10) { // chunks of 10 bytes, one with an extension
            int n = Math.min(10, body.length - off);
            r.writeBytes((Integer.toHexString(n) + (off == 20 ? ";ext=1" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            r.write(body, off, n);
            r.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        for (long seed = 1; seed <= 5; seed++) {
            FlvViewerProbe p = feed(r.toByteArray(), seed);
            assertThat(p.failed()).as(p.failure).isFalse();
            assertThat(p.keyframeNanos).isPositive();
        }
    }

    @Test
    void notFlv_fails() {
        FlvViewerProbe p = feed("HTTP/1.1 200 OK\r\n\r\n<html>not a stream</html>".getBytes(StandardCharsets.US_ASCII), 1);
        assertThat(p.failed()).isTrue();
        assertThat(p.failure).isEqualTo("no FLV signature");
    }
}
