package io.edgecdn.edge.webrtc.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Packetizes access units and reassembles them as a receiver does (RFC 6184 section 5.7/5.8): the
 * NAL units come back byte for byte, no payload is over the limit, and the marker ends each access unit.
 */
class H264PacketizerTest {
    private static final int MAX = 1188;
    private static final byte[] SPS = {0x67, 0x42, (byte) 0xC0, 0x1F, 0x11};
    private static final byte[] PPS = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};

    private static ByteBuffer nal(int type, int nri, int size, Random r) {
        byte[] b = new byte[size];
        r.nextBytes(b);
        b[0] = (byte) (nri << 5 | type);
        return ByteBuffer.wrap(b);
    }

    /** A receiver's reassembly: the NAL units of one access unit from its payloads. */
    static List<byte[]> depacketize(List<H264Packetizer.Payload> payloads) {
        List<byte[]> nals = new ArrayList<>();
        ByteArrayOutputStream fu = null;
        for (H264Packetizer.Payload p : payloads) {
            ByteBuffer b = p.payload().duplicate();
            int type = b.get(b.position()) & 0x1F;
            if (type == H264Packetizer.STAP_A) {
                b.get();
                while (b.hasRemaining()) {
                    byte[] n = new byte[b.getShort() & 0xFFFF];
                    b.get(n);
                    nals.add(n);
                }
            } else if (type == H264Packetizer.FU_A) {
                int indicator = b.get() & 0xFF;
                int header = b.get() & 0xFF;
                if ((header & 0x80) != 0) {
                    assertThat(fu).as("a new FU-A starts while one is open").isNull();
                    fu = new ByteArrayOutputStream();
                    fu.write((indicator & 0xE0) | (header & 0x1F));
                }
                assertThat(fu).as("FU-A fragment without a start").isNotNull();
                byte[] rest = new byte[b.remaining()];
                b.get(rest);
                fu.writeBytes(rest);
                if ((header & 0x40) != 0) {
                    nals.add(fu.toByteArray());
                    fu = null;
                }
            } else {
                byte[] n = new byte[b.remaining()];
                b.get(n);
                nals.add(n);
            }
        }
        assertThat(fu).as("an unfinished FU-A").isNull();
        return nals;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void idrAccessUnitsStartWithTheParameterSets_andComeBackWhole() {
        Random r = new Random(5);
        H264Packetizer p = new H264Packetizer(MAX);
        p.parameterSets(SPS, PPS);
        ByteBuffer sei = nal(6, 0, 40, r);
        ByteBuffer idr = nal(5, 3, 50_000, r);
        List<H264Packetizer.Payload> out = p.packetize(List.of(nal(9, 0, 2, r), sei, idr));
        assertThat(out.get(0).payload().get(0) & 0x1F).as("STAP-A first").isEqualTo(H264Packetizer.STAP_A);
        assertThat(out.get(0).payload().get(0) & 0x60).as("the STAP-A's NRI is its units' largest").isEqualTo(0x60);
        List<byte[]> back = depacketize(out);
        assertThat(back).hasSize(4);
        assertThat(back.get(0)).isEqualTo(SPS);
        assertThat(back.get(1)).isEqualTo(PPS);
        assertThat(back.get(2)).isEqualTo(bytes(sei));
        assertThat(back.get(3)).isEqualTo(bytes(idr));
        assertThat(out).allSatisfy(x -> assertThat(x.payload().remaining()).isLessThanOrEqualTo(MAX));
        assertThat(out.stream().filter(H264Packetizer.Payload::marker)).hasSize(1);
        assertThat(out.get(out.size() - 1).marker()).isTrue();
        assertThat(out.size()).as("1 STAP-A + 1 SEI + ceil(49999 / 1186) fragments").isEqualTo(2 + (49_999 + 1185) / 1186);
    }

    @Test
    void inBandParameterSetsReplaceTheSequenceHeaders_andNonIdrHasNone() {
        Random r = new Random(6);
        H264Packetizer p = new H264Packetizer(MAX);
        p.parameterSets(SPS, PPS);
        byte[] newSps = {0x67, 0x64, 0x00, 0x28, 0x55};
        ByteBuffer idr = nal(5, 3, 300, r);
        List<byte[]> back = depacketize(p.packetize(List.of(ByteBuffer.wrap(newSps), ByteBuffer.wrap(PPS), idr)));
        assertThat(back).hasSize(3);
        assertThat(back.get(0)).isEqualTo(newSps);
        ByteBuffer slice = nal(1, 2, 700, r);
        List<H264Packetizer.Payload> out = p.packetize(List.of(slice));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).marker()).isTrue();
        assertThat(bytes(out.get(0).payload())).isEqualTo(bytes(slice));
        assertThat(p.packetize(List.of(nal(9, 0, 2, r)))).as("an access unit delimiter alone sends nothing").isEmpty();
    }

    @Test
    void sizesAroundTheLimit() {
        Random r = new Random(7);
        H264Packetizer p = new H264Packetizer(MAX);
        for (int size : new int[] {1, 2, MAX - 1, MAX, MAX + 1, 2 * MAX - 2, 2 * MAX - 1, 2 * MAX, 10 * MAX + 3}) {
            ByteBuffer n = nal(1, 2, size, r);
            List<H264Packetizer.Payload> out = p.packetize(List.of(n));
            assertThat(depacketize(out)).as("size " + size).containsExactly(bytes(n));
            assertThat(out).allSatisfy(x -> assertThat(x.payload().remaining()).isLessThanOrEqualTo(MAX));
            assertThat(out.size()).as("size " + size).isEqualTo(size <= MAX ? 1 : (size - 1 + MAX - 3) / (MAX - 2));
        }
    }

    @Test
    void lengthPrefixedAccessUnitsAreSplit_andOverrunsNamed() {
        ByteBuffer au = ByteBuffer.wrap(new byte[] {0, 0, 0, 2, 0x09, 0x10, 0, 0, 0, 3, 0x65, 1, 2, 0, 0, 0, 0});
        List<ByteBuffer> nals = H264Packetizer.nalUnits(au, 4);
        assertThat(nals).hasSize(2);
        assertThat(bytes(nals.get(1))).containsExactly(0x65, 1, 2);
        assertThatThrownBy(() -> H264Packetizer.nalUnits(ByteBuffer.wrap(new byte[] {0, 0, 0, 9, 0x65}), 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overruns");
        assertThatThrownBy(() -> H264Packetizer.nalUnits(ByteBuffer.wrap(new byte[] {0, 1, 0x65}), 4))
                .hasMessageContaining("cut off");
        assertThat(H264Packetizer.nalUnits(ByteBuffer.wrap(new byte[] {2, 0x41, 7}), 1)).hasSize(1);
    }

    @Test
    void rtpHeader() {
        byte[] b = new byte[12];
        RtpHeader.write(b, 0, true, 102, 65_535 + 3, RtpHeader.videoTimestamp(48_000_000_000L), 0xCAFEBABE);
        assertThat(b[0] & 0xFF).isEqualTo(0x80);
        assertThat(b[1] & 0xFF).isEqualTo(0x80 | 102);
        assertThat((b[2] & 0xFF) << 8 | (b[3] & 0xFF)).as("sequence wraps").isEqualTo(2);
        long ts = ((b[4] & 0xFFL) << 24) | ((b[5] & 0xFFL) << 16) | ((b[6] & 0xFFL) << 8) | (b[7] & 0xFFL);
        assertThat(ts).isEqualTo((48_000_000_000L * 90) % (1L << 32));
        assertThat(b[8] & 0xFF).isEqualTo(0xCA);
        assertThatThrownBy(() -> RtpHeader.write(b, 0, false, 128, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
