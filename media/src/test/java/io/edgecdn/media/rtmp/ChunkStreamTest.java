package io.edgecdn.media.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ChunkWriter and ChunkReader against each other and against hand-built chunk streams (Adobe RTMP 1.0, 5.3). */
class ChunkStreamTest {
    private static ChunkReader reader(byte[] b) {
        return new ChunkReader(RtmpInput.of(new ByteArrayInputStream(b)), 1 << 20);
    }

    @Test
    void roundTrip_chunkSizesAndExtendedTimestamps_messagesIntact() throws Exception {
        Random rnd = new Random(7);
        for (int chunkSize : new int[] {1, 128, 4096, 65536}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ChunkWriter w = new ChunkWriter(out);
            List<RtmpMessage> sent = new ArrayList<>();
            RtmpMessage set = RtmpMessage.control(RtmpMessage.SET_CHUNK_SIZE, chunkSize);
            w.write(ChunkWriter.CSID_CONTROL, set);
            w.chunkSize(chunkSize);
            for (int i = 0; i < 20; i++) {
                byte[] body = new byte[rnd.nextInt(10_000)];
                rnd.nextBytes(body);
                long ts = i < 10 ? i * 33L : 0xFF_FFF0L + i * 33L; // the second half needs extended timestamps
                RtmpMessage m = new RtmpMessage(i % 2 == 0 ? RtmpMessage.VIDEO : RtmpMessage.AUDIO, 1, ts, body);
                sent.add(m);
                w.write(i % 2 == 0 ? 6 : 4, m);
            }
            ChunkReader r = reader(out.toByteArray());
            assertThat(r.next().type()).isEqualTo(RtmpMessage.SET_CHUNK_SIZE);
            assertThat(r.chunkSize()).isEqualTo(chunkSize);
            for (RtmpMessage m : sent) {
                RtmpMessage got = r.next();
                assertThat(got.type()).isEqualTo(m.type());
                assertThat(got.streamId()).isEqualTo(1);
                assertThat(got.timestampMs()).as("chunk size %d", chunkSize).isEqualTo(m.timestampMs());
                assertThat(got.body()).isEqualTo(m.body());
            }
        }
    }

    @Test
    void read_interleavedChunkStreams_andDeltaHeaders() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        // csid 4: type 0, ts 1000, length 200, video, stream 1; first 128 bytes
        b.write(new byte[] {0x04, 0x00, 0x03, (byte) 0xE8, 0x00, 0x00, (byte) 200, 9, 1, 0, 0, 0});
        b.write(new byte[128], 0, 128);
        // csid 5: type 0, ts 1010, length 3, audio
        b.write(new byte[] {0x05, 0x00, 0x03, (byte) 0xF2, 0x00, 0x00, 3, 8, 1, 0, 0, 0, 'a', 'b', 'c'});
        // csid 4: type 3 continuation, last 72 bytes
        b.write(0xC4);
        b.write(new byte[72], 0, 72);
        // csid 5: type 2, delta 20, same length and type
        b.write(new byte[] {(byte) 0x85, 0x00, 0x00, 20, 'd', 'e', 'f'});
        // csid 5: type 3 starting a new message: delta 20 again
        b.write(new byte[] {(byte) 0xC5, 'g', 'h', 'i'});
        // csid 5: type 1, delta 5, length 1, video
        b.write(new byte[] {0x45, 0x00, 0x00, 5, 0x00, 0x00, 1, 9, 'j'});
        // csid 320 (3-byte basic header), type 0, ts 7, length 1, data
        b.write(new byte[] {0x01, 0x00, 0x01, 0x00, 0x00, 0x07, 0x00, 0x00, 0x01, 18, 0, 0, 0, 0, 'k'});
        ChunkReader r = reader(b.toByteArray());
        RtmpMessage m = r.next();
        assertThat(m.timestampMs()).isEqualTo(1010);
        assertThat(m.body()).containsExactly('a', 'b', 'c');
        m = r.next();
        assertThat(m.type()).isEqualTo(RtmpMessage.VIDEO);
        assertThat(m.timestampMs()).isEqualTo(1000);
        assertThat(m.body()).hasSize(200);
        m = r.next();
        assertThat(m.timestampMs()).isEqualTo(1030);
        assertThat(new String(m.body())).isEqualTo("def");
        m = r.next();
        assertThat(m.timestampMs()).isEqualTo(1050);
        assertThat(new String(m.body())).isEqualTo("ghi");
        m = r.next();
        assertThat(m.type()).isEqualTo(RtmpMessage.VIDEO);
        assertThat(m.timestampMs()).isEqualTo(1055);
        m = r.next();
        assertThat(m.type()).isEqualTo(RtmpMessage.DATA_AMF0);
        assertThat(m.streamId()).isZero();
        assertThat(m.timestampMs()).isEqualTo(7);
        assertThatThrownBy(r::next).isInstanceOf(EOFException.class);
    }

    @Test
    void read_deltaHeaderBeforeAnyFullHeader_malformed() {
        byte[] b = {(byte) 0x84, 0, 0, 1};
        assertThatThrownBy(() -> reader(b).next()).isInstanceOf(MalformedRtmpException.class)
                .hasMessageContaining("before any type 0 header");
    }

    @Test
    void read_newHeaderInTheMiddleOfAMessage_malformed() {
        byte[] b = {0x04, 0, 0, 0, 0, 1, 0, 9, 1, 0, 0, 0, 0, 0x04, 0, 0, 0, 0, 0, 1, 9, 1, 0, 0, 0, 0};
        byte[] partial = new byte[12 + 128 + 12];
        System.arraycopy(b, 0, partial, 0, 12);
        System.arraycopy(b, 13, partial, 140, 12);
        assertThatThrownBy(() -> reader(partial).next()).isInstanceOf(MalformedRtmpException.class)
                .hasMessageContaining("in the middle of a message");
    }

    @Test
    void read_tooManyChunkStreams_malformed() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int csid = 64; csid < 64 + ChunkReader.MAX_CHUNK_STREAMS + 1; csid++) {
            // 2-byte basic header, type 0, length 2 (only one of its bytes sent): stays partial
            b.writeBytes(new byte[] {0x00, (byte) (csid - 64), 0, 0, 0, 0, 0, 2, 9, 1, 0, 0, 0, 'x'});
        }
        // a chunk size of 1 keeps each of them partial: set it first
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(new byte[] {0x02, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0, 0, 0, 0, 1});
        all.writeBytes(b.toByteArray());
        ChunkReader r1 = new ChunkReader(RtmpInput.of(new ByteArrayInputStream(all.toByteArray())), 1 << 20);
        assertThatThrownBy(() -> {
            r1.next();
            r1.next();
        }).isInstanceOf(MalformedRtmpException.class).hasMessageContaining("chunk streams");
    }

    @Test
    void read_partialMessagesOverTheBound_malformedBeforeTheyAllArrive() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0x02, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0, 0, 0, 0x10, 0}); // chunk size 4096
        b.writeBytes(new byte[] {0x04, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 9, 1, 0, 0, 0}); // a 16 MiB message
        for (int i = 0; i < 10; i++) {
            if (i > 0) {
                b.write(0xC4);
            }
            b.writeBytes(new byte[4096]);
        }
        ChunkReader r = new ChunkReader(RtmpInput.of(new ByteArrayInputStream(b.toByteArray())), 16_384);
        assertThatThrownBy(() -> {
            r.next();
            r.next();
        }).isInstanceOf(MalformedRtmpException.class).hasMessageContaining("more than 16384 bytes");
    }

    @Test
    void write_badChunkStreamId_refused() {
        ChunkWriter w = new ChunkWriter(new ByteArrayOutputStream());
        assertThatThrownBy(() -> w.write(64, new RtmpMessage(8, 1, 0, new byte[1]))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.chunkSize(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
