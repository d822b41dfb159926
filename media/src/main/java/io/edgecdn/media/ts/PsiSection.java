package io.edgecdn.media.ts;

/**
 * Assembles the PSI sections of one PID across transport packets (ISO/IEC 13818-1, 2.4.4:
 * pointer_field, section_length), checks each section's CRC_32 and hands over the sections that
 * are in force (current_next_indicator 1). A section longer than {@value #MAX_SECTION} bytes, too
 * short to hold a table, or with a wrong CRC is dropped and counted. Not thread-safe.
 */
final class PsiSection {
    /** Largest PSI section accepted, bytes: section_length is at most 1021 for PAT and PMT, plus 3. */
    static final int MAX_SECTION = 1024;
    private static final int PACKET_SIZE = TsDemuxer.PACKET_SIZE;

    private final byte[] buf = new byte[MAX_SECTION];
    private long badSections;
    private int fill = -1; // -1: waiting for a unit start

    /** Receives a complete, CRC-checked section; {@code s} is reused after the call. */
    interface Handler {
        void section(byte[] s, int length);
    }

    void reset() {
        fill = -1;
    }

    void packet(byte[] k, int at, boolean unitStart, Handler handler) {
        int end = PACKET_SIZE;
        if (unitStart) {
            int pointer = k[at] & 0xFF;
            at++;
            if (fill >= 0) { // the bytes before the new section finish the previous one
                append(k, at, Math.min(at + pointer, end), handler);
            }
            at += pointer;
            fill = 0;
        }
        if (fill < 0) {
            return;
        }
        while (at < end && fill >= 0) {
            if (fill == 0 && (k[at] & 0xFF) == 0xFF) {
                fill = -1; // stuffing after the last section of the packet
                return;
            }
            at = append(k, at, end, handler);
        }
    }

    /** Appends bytes of the current section; hands it over when complete. Returns where it stopped. */
    private int append(byte[] k, int from, int to, Handler handler) {
        int need = fill < 3 ? 3 - fill : total() - fill;
        int n = Math.min(need, to - from);
        if (n <= 0) {
            return to;
        }
        System.arraycopy(k, from, buf, fill, n);
        fill += n;
        if (fill == 3 && total() > MAX_SECTION || fill == 3 && total() < 3 + 9) {
            badSections++;
            fill = -1;
            return to;
        }
        if (fill >= 3 && fill == total()) {
            int length = total();
            fill = 0;
            int crc = Crc32Mpeg.of(buf, 0, length - 4);
            int stored = ((buf[length - 4] & 0xFF) << 24) | ((buf[length - 3] & 0xFF) << 16)
                    | ((buf[length - 2] & 0xFF) << 8) | (buf[length - 1] & 0xFF);
            if (crc != stored) {
                badSections++;
            } else if ((buf[5] & 0x01) != 0) { // current_next_indicator: only tables in force
                handler.section(buf, length);
            }
        }
        return from + n;
    }

    private int total() {
        return 3 + (((buf[1] & 0x0F) << 8) | (buf[2] & 0xFF));
    }

    /** Sections dropped so far: CRC mismatch, or a section_length out of range. */
    long badSections() {
        return badSections;
    }
}
