package io.edgecdn.media.ts;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A push demuxer of MPEG-2 transport streams (ISO/IEC 13818-1): bytes in, in any chunking;
 * program tables and PES packets out, streamed to a {@link Listener}.
 *
 * <p>It syncs on 188-byte packets (0x47), follows the PAT to the first program's PMT (sections
 * assembled across packets, CRC-32 checked, a new version replaces the stream list), and for every
 * elementary stream of that PMT parses PES headers (PTS and DTS, 33 bits of 90 kHz) and hands the
 * payload on as it arrives, packet by packet: a PES ends at the next payload_unit_start_indicator,
 * or as soon as its PES_packet_length is reached, so bounded audio PES reach the listener without
 * waiting for the next one. Nothing of a PES is buffered here.
 *
 * <p>Damage: a continuity-counter gap (a lost packet), a packet with transport_error_indicator set,
 * or a PES shorter than its PES_packet_length ends the PES in progress as not intact, and the PID
 * waits for its next unit start; a duplicate packet (same counter, allowed once) is dropped. Bad
 * sync bytes are skipped until the next 0x47; bad PSI sections (CRC, lengths) are ignored.
 * Everything is counted ({@link #stats()}). Memory is bounded: one packet, one PSI section (at most
 * 1024 bytes) and one PES header (at most 264 bytes) per PID.
 *
 * <p>Not thread-safe: one instance per input, fed by one thread.
 */
public final class TsDemuxer {
    /** Size of a transport stream packet, bytes. */
    public static final int PACKET_SIZE = 188;
    /** A timestamp that the PES header did not carry. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;
    private static final int SYNC = 0x47;

    /** Receives what the demuxer finds; every call comes from the thread that called {@link #feed}. */
    public interface Listener {
        /** The program's elementary streams, on the first PMT and whenever a new version changes them. */
        void program(List<TsStream> streams);

        /**
         * A PES packet of {@code stream} starts.
         *
         * @param pts presentation timestamp, 90 kHz, 33 bits, or {@link #NO_TIMESTAMP}
         * @param dts decode timestamp, 90 kHz, or {@link #NO_TIMESTAMP} (then equal to the PTS)
         */
        void pesStart(TsStream stream, long pts, long dts);

        /** Payload bytes of the current PES, in order; the buffer is only valid during the call. */
        void pesData(TsStream stream, ByteBuffer data);

        /** The current PES ended; {@code intact} is false when bytes of it were lost. */
        void pesEnd(TsStream stream, boolean intact);
    }

    /** Counters since the demuxer was made. */
    public record Stats(long packets, long bytesSkipped, long continuityErrors, long transportErrors,
                        long damagedPes, long badSections) {
    }

    private final Listener listener;
    private final byte[] packet = new byte[PACKET_SIZE];
    private int packetFill;
    private final PsiSection pat = new PsiSection();
    private final PsiSection pmt = new PsiSection();
    private int pmtPid = -1;
    private byte[] pmtBytes;
    private final Pes[] pes = new Pes[8192];
    private final List<Pes> active = new ArrayList<>();
    private long packets;
    private long bytesSkipped;
    private long continuityErrors;
    private long transportErrors;
    private long damagedPes;
    private long badSections;

    public TsDemuxer(Listener listener) {
        this.listener = listener;
    }

    /** Consumes the buffer's remaining bytes (any amount, not necessarily whole packets). */
    public void feed(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (packetFill == 0) {
                byte b = in.get();
                if ((b & 0xFF) != SYNC) {
                    bytesSkipped++;
                    continue;
                }
                packet[0] = b;
                packetFill = 1;
                continue;
            }
            int n = Math.min(PACKET_SIZE - packetFill, in.remaining());
            in.get(packet, packetFill, n);
            packetFill += n;
            if (packetFill == PACKET_SIZE) {
                packetFill = 0;
                packet();
            }
        }
    }

    /** Ends every PES in progress (the input ended): complete ones as intact. */
    public void flush() {
        for (Pes p : active) {
            p.end(true);
        }
    }

    public Stats stats() {
        return new Stats(packets, bytesSkipped, continuityErrors, transportErrors, damagedPes,
                badSections + pat.badSections() + pmt.badSections());
    }

    private void packet() {
        packets++;
        byte[] k = packet;
        int pid = ((k[1] & 0x1F) << 8) | (k[2] & 0xFF);
        if ((k[1] & 0x80) != 0) { // transport_error_indicator: the packet is known to be damaged
            transportErrors++;
            Pes p = pid < pes.length ? pes[pid] : null;
            if (p != null) {
                p.damage();
            }
            return;
        }
        boolean unitStart = (k[1] & 0x40) != 0;
        int control = (k[3] >>> 4) & 0x03;
        int cc = k[3] & 0x0F;
        int at = 4;
        boolean discontinuity = false;
        if ((control & 0x02) != 0) {
            int afLength = k[4] & 0xFF;
            at = 5 + afLength;
            if (at > PACKET_SIZE) {
                transportErrors++; // adaptation field longer than the packet
                return;
            }
            discontinuity = afLength > 0 && (k[5] & 0x80) != 0;
        }
        if ((control & 0x01) == 0 || pid == 0x1FFF) {
            return; // no payload, or a null packet
        }
        if (pid == 0) {
            pat.packet(k, at, unitStart, this::onPat);
        } else if (pid == pmtPid) {
            pmt.packet(k, at, unitStart, this::onPmt);
        } else {
            Pes p = pes[pid];
            if (p != null) {
                p.packet(k, at, unitStart, cc, discontinuity);
            }
        }
    }

    private void onPat(byte[] s, int length) {
        if (s[0] != 0x00) {
            return; // not a program_association_section
        }
        // programs from byte 8 to the CRC: program_number (16), reserved (3), PID (13)
        for (int i = 8; i + 4 <= length - 4; i += 4) {
            int program = ((s[i] & 0xFF) << 8) | (s[i + 1] & 0xFF);
            int pid = ((s[i + 2] & 0x1F) << 8) | (s[i + 3] & 0xFF);
            if (program != 0) { // program 0 names the network PID
                if (pid != pmtPid) {
                    pmtPid = pid;
                    pmt.reset();
                    pmtBytes = null;
                }
                return;
            }
        }
    }

    private void onPmt(byte[] s, int length) {
        if (s[0] != 0x02) {
            return; // not a TS_program_map_section
        }
        byte[] bytes = Arrays.copyOf(s, length);
        if (Arrays.equals(bytes, pmtBytes)) {
            return; // the same table, repeated
        }
        int programInfoLength = ((s[10] & 0x0F) << 8) | (s[11] & 0xFF);
        int i = 12 + programInfoLength;
        List<TsStream> streams = new ArrayList<>();
        while (i + 5 <= length - 4) {
            int type = s[i] & 0xFF;
            int pid = ((s[i + 1] & 0x1F) << 8) | (s[i + 2] & 0xFF);
            int infoLength = ((s[i + 3] & 0x0F) << 8) | (s[i + 4] & 0xFF);
            if (i + 5 + infoLength > length - 4) {
                badSections++;
                return;
            }
            streams.add(new TsStream(pid, type, registration(s, i + 5, infoLength)));
            i += 5 + infoLength;
        }
        pmtBytes = bytes;
        List<TsStream> before = new ArrayList<>();
        for (Pes p : active) {
            before.add(p.stream);
        }
        for (java.util.Iterator<Pes> it = active.iterator(); it.hasNext(); ) {
            Pes p = it.next();
            if (!streams.contains(p.stream)) { // gone or changed: its PES in progress ends
                p.end(false);
                pes[p.stream.pid()] = null;
                it.remove();
            }
        }
        for (TsStream st : streams) {
            if (st.pid() != 0 && st.pid() != pmtPid && st.pid() < 0x1FFF && pes[st.pid()] == null) {
                Pes p = new Pes(st);
                pes[st.pid()] = p;
                active.add(p);
            }
        }
        List<TsStream> after = new ArrayList<>();
        for (Pes p : active) {
            after.add(p.stream);
        }
        if (after.equals(before)) {
            return; // a new version that changed nothing the listener sees
        }
        listener.program(List.copyOf(after));
    }

    /** The format_identifier of the first registration descriptor (tag 5) in a descriptor loop, or null. */
    private static String registration(byte[] s, int from, int length) {
        int end = from + length;
        for (int i = from; i + 2 <= end; ) {
            int tag = s[i] & 0xFF;
            int len = s[i + 1] & 0xFF;
            if (tag == 0x05 && len >= 4 && i + 6 <= end) {
                char[] c = new char[4];
                for (int j = 0; j < 4; j++) {
                    int v = s[i + 2 + j] & 0xFF;
                    c[j] = v >= 0x20 && v < 0x7F ? (char) v : '?';
                }
                return new String(c);
            }
            i += 2 + len;
        }
        return null;
    }

    /** The PES state of one elementary stream: header parsing, then streamed payload. */
    private final class Pes {
        private static final int IDLE = 0;
        private static final int HEADER = 1;
        private static final int PAYLOAD = 2;
        private static final int SKIP = 3;

        final TsStream stream;
        private final byte[] header = new byte[9 + 255];
        private int headerFill;
        private int state = IDLE;
        private int lastCc = -1;
        private long payloadLeft; // bytes of a bounded PES still expected; -1 when unbounded

        Pes(TsStream stream) {
            this.stream = stream;
        }

        void packet(byte[] k, int at, boolean unitStart, int cc, boolean discontinuity) {
            if (lastCc >= 0 && !discontinuity) {
                if (cc == lastCc) {
                    return; // a duplicate packet: sent twice on purpose, its payload once
                }
                if (cc != ((lastCc + 1) & 0x0F)) {
                    continuityErrors++;
                    damage();
                }
            }
            lastCc = cc;
            if (unitStart) {
                if (state == PAYLOAD) {
                    end(payloadLeft <= 0);
                }
                state = HEADER;
                headerFill = 0;
            }
            if (state == HEADER) {
                at = header(k, at);
            }
            if (state == PAYLOAD && at < PACKET_SIZE) {
                int n = PACKET_SIZE - at;
                if (payloadLeft >= 0 && n > payloadLeft) {
                    n = (int) payloadLeft;
                }
                if (n > 0) {
                    listener.pesData(stream, ByteBuffer.wrap(k, at, n));
                }
                if (payloadLeft >= 0) {
                    payloadLeft -= n;
                    if (payloadLeft == 0) {
                        end(true);
                    }
                }
            }
        }

        /** Parses header bytes from {@code at}; returns where the payload starts (or the packet end). */
        private int header(byte[] k, int at) {
            while (at < PACKET_SIZE) {
                int target = headerFill < 9 ? 9 : 9 + (header[8] & 0xFF);
                int n = Math.min(target - headerFill, PACKET_SIZE - at);
                System.arraycopy(k, at, header, headerFill, n);
                headerFill += n;
                at += n;
                if (headerFill == 9 && target == 9) {
                    if (header[0] != 0 || header[1] != 0 || header[2] != 1) {
                        damage(); // no packet_start_code_prefix
                        return PACKET_SIZE;
                    }
                    int id = header[3] & 0xFF;
                    if (id == 0xBC || id == 0xBE || id == 0xBF || id == 0xF0 || id == 0xF1 || id == 0xF2 || id == 0xF8 || id == 0xFF) {
                        // no optional PES header: program stream map, padding, private 2, ECM, EMM, DSMCC, H.222.1 E, directory
                        state = SKIP;
                        return PACKET_SIZE;
                    }
                    if (header[8] == 0) {
                        return finishHeader(at);
                    }
                } else if (headerFill == target) {
                    return finishHeader(at);
                }
            }
            return at;
        }

        private int finishHeader(int at) {
            int flags = (header[7] & 0xC0) >>> 6;
            long pts = NO_TIMESTAMP;
            long dts = NO_TIMESTAMP;
            int headerLength = header[8] & 0xFF;
            if ((flags & 0x02) != 0 && headerLength >= 5) {
                pts = timestamp(header, 9);
                if (flags == 0x03 && headerLength >= 10) {
                    dts = timestamp(header, 14);
                }
            }
            int packetLength = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
            payloadLeft = packetLength == 0 ? -1 : packetLength - 3 - headerLength;
            if (packetLength != 0 && payloadLeft < 0) {
                damage();
                return PACKET_SIZE;
            }
            state = PAYLOAD;
            listener.pesStart(stream, pts, dts);
            if (payloadLeft == 0) {
                end(true);
            }
            return at;
        }

        void damage() {
            if (state == PAYLOAD) {
                end(false);
            } else if (state == HEADER) {
                damagedPes++;
            }
            state = IDLE;
        }

        void end(boolean intact) {
            if (state != PAYLOAD) {
                state = IDLE;
                return;
            }
            state = IDLE;
            if (!intact) {
                damagedPes++;
            }
            listener.pesEnd(stream, intact);
        }
    }

    /** A 33-bit PTS or DTS from its 5-byte field (ISO/IEC 13818-1, 2.4.3.7). */
    static long timestamp(byte[] b, int at) {
        return ((long) (b[at] & 0x0E) << 29) | ((long) (b[at + 1] & 0xFF) << 22) | ((long) (b[at + 2] & 0xFE) << 14)
                | ((long) (b[at + 3] & 0xFF) << 7) | ((b[at + 4] & 0xFE) >>> 1);
    }
}
