package io.edgecdn.media.ts;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecdn.media.flv.FlvReader;
import io.edgecdn.media.flv.FlvTag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Muxes the FLV file Debian's ffmpeg wrote (H.264 + AAC, 2 s) into TS and checks the transport stream's structure. */
class FlvToTsTest {
    private static List<FlvTag> tags() throws Exception {
        List<FlvTag> tags = new ArrayList<>();
        try (var in = FlvToTsTest.class.getResourceAsStream("/ffmpeg-avc-aac.flv")) {
            new FlvReader(tags::add).readAll(in);
        }
        return tags;
    }

    static byte[] mux(List<FlvTag> tags) {
        FlvToTs ts = new FlvToTs(true, false, true);
        ByteSink out = new ByteSink(1 << 20);
        ts.writePsi(out);
        for (FlvTag t : tags) {
            if (t.kind().isConfig()) {
                ts.config(t);
            } else {
                ts.media(t, out);
            }
        }
        ts.flushAudio(out);
        return out.toByteArray();
    }

    @Test
    void mux_realStream_givesWellFormedTransportStream() throws Exception {
        byte[] ts = mux(tags());
        assertThat(ts.length % 188).isZero();
        Map<Integer, Integer> lastCounter = new HashMap<>();
        Map<Integer, Integer> unitStarts = new HashMap<>();
        int randomAccess = 0;
        int pcrs = 0;
        for (int off = 0; off < ts.length; off += 188) {
            assertThat(ts[off]).as("sync byte at packet %d", off / 188).isEqualTo((byte) 0x47);
            int pid = ((ts[off + 1] & 0x1F) << 8) | (ts[off + 2] & 0xFF);
            boolean start = (ts[off + 1] & 0x40) != 0;
            int afc = (ts[off + 3] >>> 4) & 3;
            int cc = ts[off + 3] & 0x0F;
            Integer prev = lastCounter.put(pid, cc);
            if (prev != null) {
                assertThat(cc).as("continuity counter of PID %d", pid).isEqualTo((prev + 1) & 0x0F);
            }
            if (start) {
                unitStarts.merge(pid, 1, Integer::sum);
            }
            if (afc == 3 && ts[off + 4] > 0) {
                randomAccess += (ts[off + 5] & 0x40) != 0 ? 1 : 0;
                pcrs += (ts[off + 5] & 0x10) != 0 ? 1 : 0;
            }
            if (start && pid == TsMuxer.VIDEO_PID) {
                int p = off + 4 + (afc == 3 ? 1 + (ts[off + 4] & 0xFF) : 0);
                assertThat(new byte[] {ts[p], ts[p + 1], ts[p + 2], ts[p + 3]}).isEqualTo(new byte[] {0, 0, 1, (byte) 0xE0});
                // the access unit starts with an AUD: 00 00 00 01 09 F0, after the PES header
                int es = p + 9 + (ts[p + 8] & 0xFF);
                assertThat(new byte[] {ts[es + 3], ts[es + 4]}).isEqualTo(new byte[] {1, 0x09});
            }
        }
        assertThat(unitStarts.get(0)).isEqualTo(1); // PAT
        assertThat(unitStarts.get(TsMuxer.PMT_PID)).isEqualTo(1);
        assertThat(unitStarts.get(TsMuxer.VIDEO_PID)).isEqualTo(60); // one PES per frame: 2 s at 30 fps
        assertThat(unitStarts.get(TsMuxer.AUDIO_PID)).isBetween(18, 22); // ~94 AAC frames in ~100 ms groups
        assertThat(randomAccess).isEqualTo(2); // the two IDR frames
        assertThat(pcrs).isEqualTo(60);
    }

    @Test
    void psi_patAndPmtCarryValidCrc() {
        ByteSink out = new ByteSink(1 << 20);
        new TsMuxer(TsMuxer.STREAM_TYPE_H264, true).writePsi(out);
        byte[] b = out.toByteArray();
        for (int off = 0; off < b.length; off += 188) {
            int sectionStart = off + 5;
            int sectionLength = ((b[sectionStart + 1] & 0x0F) << 8) | (b[sectionStart + 2] & 0xFF);
            // the CRC over a whole section including its CRC is 0 (CRC-32/MPEG-2 property)
            assertThat(Crc32Mpeg.of(b, sectionStart, 3 + sectionLength)).isZero();
        }
        // PMT packet at 188: TS header 4, pointer_field 1, section header 8, PCR_PID 2, program_info_length 2
        assertThat(b[188 + 4 + 1 + 8 + 4]).isEqualTo((byte) TsMuxer.STREAM_TYPE_H264);
    }
}
