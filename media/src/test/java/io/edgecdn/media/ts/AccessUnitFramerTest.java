package io.edgecdn.media.ts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessUnitFramerTest {
    // H.264 NAL units: header byte (forbidden 0, nal_ref_idc, type), then the first payload byte.
    // For slices the first bit is first_mb_in_slice as ue(v): '1' means 0 (a picture's first slice).
    static final byte[] AUD = {0x09, (byte) 0xF0};
    static final byte[] SPS = {0x67, 0x64, 0x00, 0x1F};
    static final byte[] PPS = {0x68, (byte) 0xEB};
    static final byte[] IDR = {0x65, (byte) 0x88, 0x11, 0x22};        // first slice of an IDR picture
    static final byte[] P_FIRST = {0x41, (byte) 0x9A, 0x33};           // first slice of a P picture
    static final byte[] P_SECOND = {0x41, 0x40, 0x44};                // a later slice (first_mb_in_slice != 0)

    record Unit(List<byte[]> nals, long dts, long pts) {
    }

    static byte[] annexB(byte[]... nals) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] n : nals) {
            b.writeBytes(new byte[] {0, 0, 0, 1});
            b.writeBytes(n);
        }
        return b.toByteArray();
    }

    static AccessUnitFramer framer(List<Unit> out, boolean hevc, int max) {
        return new AccessUnitFramer((nals, dts, pts) -> {
            List<byte[]> copy = new ArrayList<>();
            for (ByteBuffer n : nals) {
                byte[] b = new byte[n.remaining()];
                n.duplicate().get(b);
                copy.add(b);
            }
            out.add(new Unit(copy, dts, pts));
        }, hevc, max);
    }

    static void pes(AccessUnitFramer f, long pts, long dts, byte[] payload, int pieces) {
        f.pesStart(pts, dts);
        int step = Math.max(1, payload.length / pieces);
        for (int off = 0; off < payload.length; off += step) {
            f.data(ByteBuffer.wrap(payload, off, Math.min(step, payload.length - off)));
        }
        f.pesEnd(true);
    }

    @Test
    void onePesPerUnit_unitHandedOnWhenTheNextStarts() {
        List<Unit> out = new ArrayList<>();
        AccessUnitFramer f = framer(out, false, 1 << 20);
        pes(f, 6000, 3000, annexB(AUD, SPS, PPS, IDR), 3);
        assertThat(out).isEmpty();
        pes(f, 9000, 6000, annexB(AUD, P_FIRST, P_SECOND), 1);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).nals()).containsExactly(AUD, SPS, PPS, IDR);
        assertThat(out.get(0).dts()).isEqualTo(3000);
        assertThat(out.get(0).pts()).isEqualTo(6000);
        f.flush();
        assertThat(out.get(1).nals()).containsExactly(AUD, P_FIRST, P_SECOND);
    }

    @Test
    void unitSplitOverPesWithoutPts_isOneUnit() {
        List<Unit> out = new ArrayList<>();
        AccessUnitFramer f = framer(out, false, 1 << 20);
        byte[] all = annexB(AUD, SPS, PPS, IDR, P_SECOND);
        pes(f, 3000, TsDemuxer.NO_TIMESTAMP, java.util.Arrays.copyOf(all, 13), 1); // cut inside the PPS's start code region
        pes(f, TsDemuxer.NO_TIMESTAMP, TsDemuxer.NO_TIMESTAMP, java.util.Arrays.copyOfRange(all, 13, all.length), 2);
        f.flush();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).nals()).containsExactly(AUD, SPS, PPS, IDR, P_SECOND);
        assertThat(out.get(0).dts()).isEqualTo(3000);
    }

    @Test
    void twoUnitsInOnePes_splitAtTheDelimiter_secondTimedOneIntervalLater() {
        List<Unit> out = new ArrayList<>();
        AccessUnitFramer f = framer(out, false, 1 << 20);
        pes(f, 0, 0, annexB(AUD, IDR), 1);
        pes(f, 3000, 3000, annexB(AUD, P_FIRST, AUD, P_FIRST), 1); // two pictures in one PES
        f.flush();
        assertThat(out).hasSize(3);
        assertThat(out).extracting(Unit::dts).containsExactly(0L, 3000L, 6000L);
    }

    @Test
    void unitsWithoutDelimiters_splitAtTheFirstSliceOfTheNextPicture() {
        List<Unit> out = new ArrayList<>();
        AccessUnitFramer f = framer(out, false, 1 << 20);
        pes(f, 0, 0, annexB(SPS, PPS, IDR), 1);
        pes(f, 3600, 3600, annexB(P_FIRST, P_SECOND, P_FIRST), 1);
        f.flush();
        assertThat(out).extracting(u -> u.nals().size()).containsExactly(3, 2, 1);
        assertThat(out).extracting(Unit::dts).containsExactly(0L, 3600L, 7200L);
    }

    @Test
    void hevcRules_parameterSetsAfterSlicesStartANewUnit() {
        List<Unit> out = new ArrayList<>();
        AccessUnitFramer f = framer(out, true, 1 << 20);
        byte[] vps = {0x40, 0x01, 0x0C};
        byte[] sps = {0x42, 0x01, 0x01};
        byte[] pps = {0x44, 0x01, (byte) 0xC1};
        byte[] idr = {0x26, 0x01, (byte) 0xAF};      // IDR_W_RADL, first_slice_segment_in_pic_flag 1
        byte[] trail = {0x02, 0x01, (byte) 0xD0};    // TRAIL_R, first slice
        byte[] trail2 = {0x02, 0x01, 0x50};          // TRAIL_R, not the first slice segment
        pes(f, 0, 0, annexB(vps, sps, pps, idr, trail, trail2, vps, sps, pps, idr), 2);
        f.flush();
        assertThat(out).extracting(u -> u.nals().size()).containsExactly(4, 2, 4);
    }

    @Test
    void oversizedOrDamagedUnit_droppedAndCounted_nextUnitClean() {
        List<Unit> out = new ArrayList<>();
        AccessUnitFramer f = framer(out, false, 64);
        byte[] big = new byte[100];
        big[3] = 1;
        big[4] = 0x65;
        big[5] = (byte) 0x88;
        pes(f, 0, 0, big, 4);
        pes(f, 3000, 3000, annexB(AUD, P_FIRST), 1);
        f.pesStart(6000, 6000);
        f.data(ByteBuffer.wrap(annexB(AUD, P_FIRST)));
        f.pesEnd(false);
        pes(f, 9000, 9000, annexB(AUD, IDR), 1);
        f.flush();
        assertThat(f.dropped()).isEqualTo(2);
        assertThat(out).extracting(Unit::dts).containsExactly(3000L, 9000L);
    }
}
