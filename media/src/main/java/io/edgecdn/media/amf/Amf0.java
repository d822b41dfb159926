package io.edgecdn.media.amf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes and decodes AMF0 values (Adobe AMF0 specification, section 2).
 *
 * <p>Java shapes: Number (0x00) is a {@link Double} (any {@link Number} encodes), Boolean (0x01)
 * a {@link Boolean}, String and Long String (0x02, 0x0C) a {@link String}, Object (0x03) a
 * {@code Map<String, Object>} in wire order, null (0x05) and undefined (0x06) {@code null}, ECMA
 * array (0x08) an {@link EcmaArray} when encoding and a {@code Map} when decoding, Strict Array
 * (0x0A) a {@code List}, Date (0x0B) its milliseconds as a {@link Double}. References, XML
 * documents, typed objects and AVM+ values are refused.
 *
 * <p>Decoding is bounded for hostile input: nesting depth at most {@value #MAX_DEPTH}, at most
 * {@value #MAX_ENTRIES} entries per object or array, and every length is checked against the bytes
 * that are really there, so a declared size never allocates more than the input holds.
 */
public final class Amf0 {
    /** Deepest nesting of objects and arrays accepted when decoding. */
    public static final int MAX_DEPTH = 16;
    /** Most entries accepted in one object, ECMA array or strict array. */
    public static final int MAX_ENTRIES = 4096;

    private Amf0() {
    }

    /** An ECMA array (0x08): an associative array written with a count, as in {@code onMetaData}. */
    public record EcmaArray(Map<String, ?> entries) {
    }

    /**
     * Encodes values one after the other, as in an RTMP command message (name, transaction id,
     * command object, arguments) or a script data tag.
     *
     * @throws IllegalArgumentException for a value of an unsupported type or a key over 65,535 bytes
     */
    public static byte[] encode(Object... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        for (Object v : values) {
            write(out, v);
        }
        return out.toByteArray();
    }

    /**
     * Decodes every value in {@code bytes[offset, offset + length)}.
     *
     * @throws MalformedAmfException when the bytes are not a sequence of complete AMF0 values
     */
    public static List<Object> decodeAll(byte[] bytes, int offset, int length) {
        Reader r = new Reader(bytes, offset, offset + length);
        List<Object> values = new ArrayList<>();
        while (r.pos < r.end) {
            values.add(r.value(0));
            if (values.size() > MAX_ENTRIES) {
                throw new MalformedAmfException(r.pos - offset, "more than " + MAX_ENTRIES + " values");
            }
        }
        return values;
    }

    private static void write(ByteArrayOutputStream out, Object v) {
        if (v == null) {
            out.write(0x05);
        } else if (v instanceof Number n) {
            out.write(0x00);
            long bits = Double.doubleToLongBits(n.doubleValue());
            for (int i = 7; i >= 0; i--) {
                out.write((int) (bits >>> (8 * i)));
            }
        } else if (v instanceof Boolean b) {
            out.write(0x01);
            out.write(b ? 1 : 0);
        } else if (v instanceof CharSequence s) {
            byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
            if (b.length > 0xFFFF) {
                out.write(0x0C);
                writeU32(out, b.length);
                out.writeBytes(b);
            } else {
                out.write(0x02);
                writeKey(out, b);
            }
        } else if (v instanceof EcmaArray a) {
            out.write(0x08);
            writeU32(out, a.entries().size());
            writeEntries(out, a.entries());
        } else if (v instanceof Map<?, ?> m) {
            out.write(0x03);
            writeEntries(out, m);
        } else if (v instanceof List<?> l) {
            out.write(0x0A);
            writeU32(out, l.size());
            for (Object e : l) {
                write(out, e);
            }
        } else {
            throw new IllegalArgumentException("no AMF0 encoding for " + v.getClass().getName());
        }
    }

    private static void writeEntries(ByteArrayOutputStream out, Map<?, ?> m) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            writeKey(out, String.valueOf(e.getKey()).getBytes(StandardCharsets.UTF_8));
            write(out, e.getValue());
        }
        out.write(0);
        out.write(0);
        out.write(0x09); // object end
    }

    private static void writeKey(ByteArrayOutputStream out, byte[] b) {
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("AMF0 key or string of " + b.length + " bytes: at most 65535");
        }
        out.write(b.length >>> 8);
        out.write(b.length);
        out.writeBytes(b);
    }

    private static void writeU32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    /** A cursor over the input, bounds-checked at every read. */
    private static final class Reader {
        final byte[] b;
        final int start;
        final int end;
        int pos;

        Reader(byte[] b, int start, int end) {
            if (start < 0 || end > b.length || start > end) {
                throw new IndexOutOfBoundsException("range [" + start + ", " + end + ") of " + b.length + " bytes");
            }
            this.b = b;
            this.start = start;
            this.end = end;
            this.pos = start;
        }

        Object value(int depth) {
            int at = pos;
            int marker = u8();
            return switch (marker) {
                case 0x00 -> Double.longBitsToDouble(u64());
                case 0x01 -> u8() != 0;
                case 0x02 -> string(u16());
                case 0x03 -> entries(depth, at, -1);
                case 0x05, 0x06 -> null;
                case 0x08 -> entries(depth, at, (int) Math.min(u32(), Integer.MAX_VALUE));
                case 0x0A -> strictArray(depth, at);
                case 0x0B -> {
                    double ms = Double.longBitsToDouble(u64());
                    need(2);
                    pos += 2; // time zone, reserved
                    yield ms;
                }
                case 0x0C -> string((int) Math.min(u32(), Integer.MAX_VALUE));
                case 0x0D -> null; // unsupported: a placeholder, no data
                default -> throw fail(at, "unsupported AMF0 type marker 0x" + Integer.toHexString(marker));
            };
        }

        /** An object (count -1) or ECMA array (count as declared, not trusted): keys until object end. */
        private Map<String, Object> entries(int depth, int at, int declared) {
            if (depth >= MAX_DEPTH) {
                throw fail(at, "nesting deeper than " + MAX_DEPTH);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            while (true) {
                int len = u16();
                if (len == 0 && pos < end && (b[pos] & 0xFF) == 0x09) {
                    pos++;
                    return m;
                }
                if (len == 0 && pos >= end && declared >= 0) {
                    return m; // some writers end an ECMA array without the end marker at the end of the data
                }
                String key = string(len);
                m.put(key, value(depth + 1));
                if (m.size() > MAX_ENTRIES) {
                    throw fail(at, "more than " + MAX_ENTRIES + " entries");
                }
            }
        }

        private List<Object> strictArray(int depth, int at) {
            if (depth >= MAX_DEPTH) {
                throw fail(at, "nesting deeper than " + MAX_DEPTH);
            }
            long n = u32();
            if (n > MAX_ENTRIES || n > end - pos) {
                throw fail(at, "strict array of " + n + " values");
            }
            List<Object> l = new ArrayList<>((int) n);
            for (int i = 0; i < n; i++) {
                l.add(value(depth + 1));
            }
            return Collections.unmodifiableList(l);
        }

        private String string(int len) {
            need(len);
            String s = new String(b, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }

        private int u8() {
            need(1);
            return b[pos++] & 0xFF;
        }

        private int u16() {
            need(2);
            int v = (b[pos] & 0xFF) << 8 | b[pos + 1] & 0xFF;
            pos += 2;
            return v;
        }

        private long u32() {
            need(4);
            long v = (long) (b[pos] & 0xFF) << 24 | (b[pos + 1] & 0xFF) << 16 | (b[pos + 2] & 0xFF) << 8 | b[pos + 3] & 0xFF;
            pos += 4;
            return v;
        }

        private long u64() {
            long hi = u32();
            long lo = u32();
            return hi << 32 | lo;
        }

        private void need(int n) {
            if (n < 0 || end - pos < n) {
                throw fail(pos, "truncated: " + n + " bytes needed, " + (end - pos) + " left");
            }
        }

        private MalformedAmfException fail(int at, String what) {
            return new MalformedAmfException(at - start, what);
        }
    }
}
