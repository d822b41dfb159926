package io.edgecdn.edge.webrtc.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Rfc4571FramingTest {
    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    @Test
    void packetsSplitAnywhere_comeOutWhole_inOrder() throws Exception {
        Random random = new Random(4571);
        List<byte[]> sent = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 500; i++) {
            byte[] p = new byte[1 + random.nextInt(i % 50 == 0 ? 1500 : 200)];
            random.nextBytes(p);
            sent.add(p);
            stream.writeBytes(bytes(Rfc4571Framing.frame(ByteBuffer.wrap(p))));
        }
        byte[] all = stream.toByteArray();
        Rfc4571Framing framing = new Rfc4571Framing(1500);
        List<byte[]> got = new ArrayList<>();
        int at = 0;
        while (at < all.length) { // chunks of 1 byte up to 3 kB: lengths and packets cut at every place
            int n = Math.min(all.length - at, random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(3000));
            framing.feed(ByteBuffer.wrap(all, at, n), p -> got.add(bytes(p)));
            assertThat(framing.buffered()).isLessThanOrEqualTo(2 + 1500);
            at += n;
        }
        assertThat(got).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            assertThat(got.get(i)).as("packet %d", i).isEqualTo(sent.get(i));
        }
        assertThat(framing.packets()).isEqualTo(500);
        assertThat(framing.buffered()).isZero();
    }

    @Test
    void zeroOrOversizedLength_isAFramingError_namingIt() throws Exception {
        Rfc4571Framing framing = new Rfc4571Framing(1500);
        List<ByteBuffer> got = new ArrayList<>();
        framing.feed(ByteBuffer.wrap(new byte[] {0, 2, 7, 8}), got::add);
        assertThat(got).hasSize(1);
        assertThatThrownBy(() -> framing.feed(ByteBuffer.wrap(new byte[] {0x05, (byte) 0xDD}), got::add))
                .isInstanceOf(Rfc4571Framing.FramingException.class)
                .hasMessage("RFC 4571 length 1501 after 1 packets: must be 1-1500");
        assertThatThrownBy(() -> new Rfc4571Framing(1500).feed(ByteBuffer.wrap(new byte[] {0, 0}), got::add))
                .hasMessageContaining("RFC 4571 length 0 after 0 packets");
        assertThatThrownBy(() -> Rfc4571Framing.frame(ByteBuffer.allocate(0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rfc4571Framing.frame(ByteBuffer.allocate(70_000))).hasMessageContaining("got 70000");
        assertThatThrownBy(() -> new Rfc4571Framing(0)).hasMessageContaining("maxPacket 0");
    }

    @Test
    void frame_prefixesTheLengthInNetworkOrder_withoutMovingTheSource() {
        ByteBuffer p = ByteBuffer.wrap(new byte[300]);
        ByteBuffer f = Rfc4571Framing.frame(p);
        assertThat(f.remaining()).isEqualTo(302);
        assertThat(f.get(0)).isEqualTo((byte) 1);
        assertThat(f.get(1)).isEqualTo((byte) 44);
        assertThat(p.position()).isZero();
    }
}
