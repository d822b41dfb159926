package io.edgecdn.media.ts;

import java.util.Arrays;

/**
 * Writes an MPEG-2 transport stream (ISO/IEC 13818-1) of one program with at most one video
 * stream (H.264 stream_type 0x1B or H.265 0x24, PID 0x100) and one AAC stream in ADTS (0x0F,
 * PID 0x101), as HLS segments carry (RFC 8216 section 3.2).
 *
 * <p>Each {@link #writePsi} writes a PAT and a PMT; each access unit becomes one PES packet split
 * into 188-byte TS packets, the first with payload_unit_start_indicator and, for video keyframes,
 * random_access_indicator. The PCR rides on the video PID (the audio PID for audio-only programs)
 * in the first packet of every PES, equal to the DTS. Timestamps are 90 kHz, written modulo 2^33.
 * Continuity counters run on across calls, so consecutive segments of one muxer form one
 * continuous stream. Not thread-safe.
 */
public final class TsMuxer {
    /** TS packet size in bytes. */
    public static final int PACKET_SIZE = 188;
    /** PID of the PMT. */
    public static final int PMT_PID = 0x1000;
    /** PID of the video elementary stream. */
    public static final int VIDEO_PID = 0x100;
    /** PID of the audio elementary stream. */
    public static final int AUDIO_PID = 0x101;
    /** stream_type of H.264 (ITU-T H.222.0 table 2-34). */
    public static final int STREAM_TYPE_H264 = 0x1B;
    /** stream_type of H.265. */
    public static final int STREAM_TYPE_H265 = 0x24;
    /** stream_type of AAC with ADTS transport. */
    public static final int STREAM_TYPE_AAC = 0x0F;

    private final int videoStreamType;
    private final boolean hasAudio;
    private final int[] continuity = new int[0x2000];

    /**
     * @param videoStreamType {@link #STREAM_TYPE_H264}, {@link #STREAM_TYPE_H265}, or 0 for no video
     * @param hasAudio whether an AAC stream is present
     * @throws IllegalArgumentException with neither stream, or an unknown stream type
     */
    public TsMuxer(int videoStreamType, boolean hasAudio) {
        if (videoStreamType != 0 && videoStreamType != STREAM_TYPE_H264 && videoStreamType != STREAM_TYPE_H265) {
            throw new IllegalArgumentException("video stream_type must be 0x1B (H.264) or 0x24 (H.265), got " + videoStreamType);
        }
        if (videoStreamType == 0 && !hasAudio) {
            throw new IllegalArgumentException("a program needs a video or an audio stream");
        }
        this.videoStreamType = videoStreamType;
        this.hasAudio = hasAudio;
    }

    private int pcrPid() {
        return videoStreamType != 0 ? VIDEO_PID : AUDIO_PID;
    }

    /** Writes a PAT and a PMT (two TS packets). */
    public void writePsi(ByteSink out) {
        // PAT: program 1 -> PMT PID
        byte[] pat = section(0x00, 0x0001, new byte[] {0x00, 0x01, (byte) (0xE0 | (PMT_PID >>> 8)), (byte) PMT_PID});
        writeSection(out, 0x0000, pat);
        ByteSink body = new ByteSink(32);
        body.write(new byte[] {(byte) (0xE0 | (pcrPid() >>> 8)), (byte) pcrPid(), (byte) 0xF0, 0x00}); // PCR_PID, program_info_length 0
        if (videoStreamType != 0) {
            elementary(body, videoStreamType, VIDEO_PID);
        }
        if (hasAudio) {
            elementary(body, STREAM_TYPE_AAC, AUDIO_PID);
        }
        writeSection(out, PMT_PID, section(0x02, 0x0001, body.toByteArray()));
    }

    private static void elementary(ByteSink body, int type, int pid) {
        body.write(new byte[] {(byte) type, (byte) (0xE0 | (pid >>> 8)), (byte) pid, (byte) 0xF0, 0x00}); // ES_info_length 0
    }

    /** A PSI section: table_id, syntax header, body, CRC-32 (ISO/IEC 13818-1 2.4.4). */
    private static byte[] section(int tableId, int idExtension, byte[] body) {
        int sectionLength = 5 + body.length + 4;
        byte[] s = new byte[3 + sectionLength];
        s[0] = (byte) tableId;
        s[1] = (byte) (0xB0 | (sectionLength >>> 8)); // section_syntax_indicator, '0', reserved
        s[2] = (byte) sectionLength;
        s[3] = (byte) (idExtension >>> 8);
        s[4] = (byte) idExtension;
        s[5] = (byte) 0xC1; // reserved, version 0, current_next_indicator 1
        s[6] = 0; // section_number
        s[7] = 0; // last_section_number
        System.arraycopy(body, 0, s, 8, body.length);
        int crc = Crc32Mpeg.of(s, 0, s.length - 4);
        s[s.length - 4] = (byte) (crc >>> 24);
        s[s.length - 3] = (byte) (crc >>> 16);
        s[s.length - 2] = (byte) (crc >>> 8);
        s[s.length - 1] = (byte) crc;
        return s;
    }

    private void writeSection(ByteSink out, int pid, byte[] section) {
        int at = out.reserve(PACKET_SIZE);
        byte[] packet = out.array();
        Arrays.fill(packet, at, at + PACKET_SIZE, (byte) 0xFF);
        header(packet, at, pid, true);
        packet[at + 3] = (byte) (0x10 | nextCounter(pid)); // payload only
        packet[at + 4] = 0; // pointer_field
        System.arraycopy(section, 0, packet, at + 5, section.length);
    }

    /**
     * Writes one video access unit.
     *
     * @param dts90k decode timestamp, 90 kHz
     * @param pts90k presentation timestamp, 90 kHz
     * @param keyframe whether it is a random access point (IDR / IRAP)
     * @param annexB the access unit in Annex-B form (with AUD and, at keyframes, parameter sets)
     */
    public void writeVideo(ByteSink out, long dts90k, long pts90k, boolean keyframe, byte[] annexB, int length) {
        if (videoStreamType == 0) {
            throw new IllegalStateException("this muxer has no video stream");
        }
        writePes(out, VIDEO_PID, 0xE0, dts90k, pts90k, keyframe, annexB, length, true);
    }

    /**
     * Writes AAC audio: one or more ADTS frames.
     *
     * @param pts90k presentation timestamp of the first frame, 90 kHz
     */
    public void writeAudio(ByteSink out, long pts90k, byte[] adts, int length) {
        if (!hasAudio) {
            throw new IllegalStateException("this muxer has no audio stream");
        }
        writePes(out, AUDIO_PID, 0xC0, pts90k, pts90k, videoStreamType == 0, adts, length, false);
    }

    private void writePes(ByteSink out, int pid, int streamId, long dts, long pts, boolean randomAccess,
                          byte[] data, int length, boolean video) {
        boolean withDts = dts != pts;
        int headerDataLength = withDts ? 10 : 5;
        byte[] pes = new byte[9 + headerDataLength];
        pes[0] = 0;
        pes[1] = 0;
        pes[2] = 1;
        pes[3] = (byte) streamId;
        int pesPacketLength = 3 + headerDataLength + length;
        if (pesPacketLength > 0xFFFF || video) {
            pesPacketLength = 0; // unbounded: allowed for video in TS (13818-1 2.4.3.7)
        }
        pes[4] = (byte) (pesPacketLength >>> 8);
        pes[5] = (byte) pesPacketLength;
        pes[6] = (byte) 0x80; // '10', not scrambled, no priority, data_alignment 0
        pes[7] = (byte) (withDts ? 0xC0 : 0x80); // PTS_DTS_flags
        pes[8] = (byte) headerDataLength;
        timestamp(pes, 9, withDts ? 0x3 : 0x2, pts);
        if (withDts) {
            timestamp(pes, 14, 0x1, dts);
        }
        boolean first = true;
        int headerLeft = pes.length;
        int dataPos = 0;
        int total = pes.length + length;
        int written = 0;
        while (written < total) {
            int at = out.reserve(PACKET_SIZE);
            byte[] packet = out.array();
            boolean pcr = first && pid == pcrPid();
            boolean ra = first && randomAccess;
            int afLength = (pcr || ra) ? (pcr ? 7 : 1) + 1 : 0; // adaptation_field_length byte + content
            int room = PACKET_SIZE - 4 - afLength;
            int remaining = total - written;
            int stuffing = 0;
            if (remaining < room) {
                stuffing = room - remaining;
                if (afLength == 0) {
                    afLength = 1; // at least the adaptation_field_length byte
                    stuffing -= 1;
                    if (stuffing > 0) {
                        afLength += 1; // plus the flags byte
                        stuffing -= 1;
                    }
                }
                afLength += stuffing;
                room = PACKET_SIZE - 4 - afLength;
            }
            header(packet, at, pid, first);
            packet[at + 3] = (byte) ((afLength > 0 ? 0x30 : 0x10) | nextCounter(pid));
            int p = at + 4;
            if (afLength > 0) {
                packet[p++] = (byte) (afLength - 1);
                if (afLength > 1) {
                    packet[p++] = (byte) ((ra ? 0x40 : 0) | (pcr ? 0x10 : 0));
                    if (pcr) {
                        long base = dts & 0x1_FFFF_FFFFL;
                        packet[p++] = (byte) (base >>> 25);
                        packet[p++] = (byte) (base >>> 17);
                        packet[p++] = (byte) (base >>> 9);
                        packet[p++] = (byte) (base >>> 1);
                        packet[p++] = (byte) (((base & 1) << 7) | 0x7E); // reserved, PCR extension 0
                        packet[p++] = 0;
                    }
                }
                int afEnd = at + 4 + afLength;
                Arrays.fill(packet, p, afEnd, (byte) 0xFF); // stuffing bytes
                p = afEnd;
            }
            int n = Math.min(room, remaining);
            int fromHeader = Math.min(headerLeft, n);
            if (fromHeader > 0) {
                System.arraycopy(pes, pes.length - headerLeft, packet, p, fromHeader);
                headerLeft -= fromHeader;
                p += fromHeader;
            }
            int fromData = n - fromHeader;
            System.arraycopy(data, dataPos, packet, p, fromData);
            dataPos += fromData;
            written += n;
            first = false;
        }
    }

    private static void header(byte[] packet, int at, int pid, boolean unitStart) {
        packet[at] = 0x47;
        packet[at + 1] = (byte) ((unitStart ? 0x40 : 0) | (pid >>> 8));
        packet[at + 2] = (byte) pid;
    }

    private int nextCounter(int pid) {
        int c = continuity[pid];
        continuity[pid] = (c + 1) & 0x0F;
        return c;
    }

    /** A 33-bit PTS or DTS in the 5-byte PES form with its 4-bit prefix and marker bits. */
    private static void timestamp(byte[] b, int off, int prefix, long ts90k) {
        long t = ts90k & 0x1_FFFF_FFFFL;
        b[off] = (byte) ((prefix << 4) | (int) ((t >>> 29) & 0x0E) | 1);
        b[off + 1] = (byte) (t >>> 22);
        b[off + 2] = (byte) (((t >>> 14) & 0xFE) | 1);
        b[off + 3] = (byte) (t >>> 7);
        b[off + 4] = (byte) (((t << 1) & 0xFE) | 1);
    }
}
