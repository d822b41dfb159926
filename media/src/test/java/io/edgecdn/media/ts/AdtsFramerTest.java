package io.edgecdn.media.ts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdtsFramerTest {
    /**
     * One ADTS frame (ISO/IEC 14496-3 1.A.2.2): syncword 0xFFF, ID 0 (MPEG-4), layer 00,
     * protection_absent, profile (object type - 1), sampling index, channel config 2, length,
     * buffer fullness 0x7FF, raw data blocks - 1; a 2-byte CRC follows when protected; then the payload.
     */
    static byte[] adts(int samplingIndex, int profile, boolean crc, int blocks, int payload, int fill) {
        int header = crc ? 9 : 7;
        int length = header + payload;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0xFF);
        b.write(0xF0 | (crc ? 0 : 1));                                   // ID 0, layer 00, protection_absent
        b.write((profile << 6) | (samplingIndex << 2) | 0);              // profile, index, private 0, channel bit 2 = 0
        b.write((2 << 6) | ((length >>> 11) & 0x03));                    // channel config 2, frame length bits 12-11
        b.write((length >>> 3) & 0xFF);                                  // frame length bits 10-3
        b.write(((length & 0x07) << 5) | 0x1F);                          // frame length bits 2-0, fullness
        b.write(0xFC | (blocks - 1));                                    // fullness, number_of_raw_data_blocks_in_frame
        if (crc) {
            b.write(0xAB);
            b.write(0xCD);
        }
        for (int i = 0; i < payload; i++) {
            b.write(fill);
        }
        return b.toByteArray();
    }

    record Frame(byte[] bytes, long pts) {
    }

    static List<Frame> sinkInto(List<Frame> out, AdtsFramer[] holder) {
        holder[0] = new AdtsFramer((f, pts) -> {
            byte[] b = new byte[f.remaining()];
            f.duplicate().get(b);
            out.add(new Frame(b, pts));
        });
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    @Test
    void framesSplitAcrossPes_eachFrameOnce_ptsOfTheFirstFrameStartingInThePes() {
        List<Frame> out = new ArrayList<>();
        AdtsFramer[] f = new AdtsFramer[1];
        sinkInto(out, f);
        byte[] a = adts(3, 1, false, 1, 200, 1); // 48 kHz LC
        byte[] b = adts(3, 1, false, 1, 150, 2);
        byte[] c = adts(3, 1, false, 1, 180, 3);
        byte[] pes1 = concat(a, java.util.Arrays.copyOf(b, 100));               // a, first 100 bytes of b
        byte[] pes2 = concat(java.util.Arrays.copyOfRange(b, 100, b.length), c); // rest of b, then c
        f[0].pesStart(90_000);
        f[0].data(ByteBuffer.wrap(pes1));
        f[0].pesEnd(true);
        assertThat(out).hasSize(1); // b is not complete yet
        f[0].pesStart(90_000 + 2 * 1920); // the PTS of c, the first frame starting in PES 2
        f[0].data(ByteBuffer.wrap(pes2));
        f[0].pesEnd(true);
        assertThat(out).extracting(Frame::bytes).containsExactly(a, b, c);
        assertThat(out).extracting(Frame::pts).containsExactly(90_000L, 90_000L + 1920, 90_000L + 3840); // 1024 samples = 1920 ticks
    }

    @Test
    void framesStreamedByteByByte_comeOutAsSoonAsComplete() {
        List<Frame> out = new ArrayList<>();
        AdtsFramer[] f = new AdtsFramer[1];
        sinkInto(out, f);
        byte[] a = adts(4, 1, false, 1, 50, 7); // 44.1 kHz
        byte[] b = adts(4, 1, false, 1, 60, 8);
        f[0].pesStart(0);
        byte[] all = concat(a, b);
        for (int i = 0; i < all.length; i++) {
            f[0].data(ByteBuffer.wrap(all, i, 1));
            assertThat(out).hasSize(i + 1 >= a.length + b.length ? 2 : i + 1 >= a.length ? 1 : 0);
        }
        assertThat(out.get(1).pts()).isEqualTo(1024L * 90_000 / 44_100); // 2089 ticks: 23.2 ms
    }

    @Test
    void crcProtectedHeader_passesWithItsNineByteHeader() {
        List<Frame> out = new ArrayList<>();
        AdtsFramer[] f = new AdtsFramer[1];
        sinkInto(out, f);
        byte[] a = adts(3, 1, true, 1, 100, 5);
        byte[] b = adts(3, 1, true, 1, 90, 6);
        f[0].pesStart(1000);
        f[0].data(ByteBuffer.wrap(concat(a, b)));
        assertThat(out).extracting(Frame::bytes).containsExactly(a, b);
        assertThat(out.get(1).pts()).isEqualTo(1000 + 1920);
    }

    @Test
    void heAacCoreRate_durationIs1024CoreSamples() {
        // HE-AAC with implicit SBR: ADTS says LC at the 24 kHz core rate; each frame is 1024 core samples = 42.67 ms
        List<Frame> out = new ArrayList<>();
        AdtsFramer[] f = new AdtsFramer[1];
        sinkInto(out, f);
        f[0].pesStart(0);
        f[0].data(ByteBuffer.wrap(concat(adts(6, 1, false, 1, 80, 1), adts(6, 1, false, 1, 80, 2), adts(6, 1, false, 1, 80, 3))));
        assertThat(out).extracting(Frame::pts).containsExactly(0L, 3840L, 7680L);
    }

    @Test
    void pesWithoutPts_continuesTheTimeline_andFractionsDoNotDrift() {
        List<Frame> out = new ArrayList<>();
        AdtsFramer[] f = new AdtsFramer[1];
        sinkInto(out, f);
        f[0].pesStart(0);
        for (int i = 0; i < 431; i++) { // 431 frames of 44.1 kHz = 10.008 s
            if (i > 0) {
                f[0].pesStart(TsDemuxer.NO_TIMESTAMP);
            }
            f[0].data(ByteBuffer.wrap(adts(4, 1, false, 1, 20, i)));
            f[0].pesEnd(true);
        }
        assertThat(out.get(430).pts()).isEqualTo(430L * 1024 * 90_000 / 44_100);
    }

    @Test
    void garbageBetweenFrames_skipped_multiBlockFramesDropped_damagedPesLosesPartialFrame() {
        List<Frame> out = new ArrayList<>();
        AdtsFramer[] f = new AdtsFramer[1];
        sinkInto(out, f);
        byte[] good = adts(3, 1, false, 1, 40, 9);
        f[0].pesStart(0);
        f[0].data(ByteBuffer.wrap(concat(new byte[] {1, 2, 3, (byte) 0xFF, 0x00}, good, adts(3, 1, false, 2, 40, 9))));
        assertThat(out).hasSize(1);
        assertThat(f[0].skippedBytes()).isEqualTo(5);
        assertThat(f[0].droppedFrames()).isEqualTo(1);
        f[0].data(ByteBuffer.wrap(java.util.Arrays.copyOf(good, 20)));
        f[0].pesEnd(false); // lost its end
        f[0].pesStart(50_000);
        f[0].data(ByteBuffer.wrap(good));
        assertThat(out).hasSize(2);
        assertThat(out.get(1).pts()).isEqualTo(50_000);
    }
}
