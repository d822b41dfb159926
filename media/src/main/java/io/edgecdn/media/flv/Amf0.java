package io.edgecdn.media.flv;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The AMF0 subset needed for {@code onMetaData} (Adobe AMF0 spec; FLV spec v10.1 E.5): a string
 * "onMetaData" followed by an ECMA array of numbers, booleans and strings.
 */
final class Amf0 {
    private Amf0() {
    }

    static byte[] onMetaData(Map<String, Object> props) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + props.size() * 24);
        out.write(0x02); // string marker
        writeUtf8(out, "onMetaData");
        out.write(0x08); // ECMA array marker
        writeU32(out, props.size());
        for (Map.Entry<String, Object> e : props.entrySet()) {
            writeUtf8(out, e.getKey());
            Object v = e.getValue();
            if (v instanceof Number n) {
                out.write(0x00);
                long bits = Double.doubleToLongBits(n.doubleValue());
                for (int i = 7; i >= 0; i--) {
                    out.write((int) (bits >>> (8 * i)));
                }
            } else if (v instanceof Boolean b) {
                out.write(0x01);
                out.write(b ? 1 : 0);
            } else {
                out.write(0x02);
                writeUtf8(out, String.valueOf(v));
            }
        }
        out.write(0);
        out.write(0);
        out.write(0x09); // object end
        return out.toByteArray();
    }

    private static void writeUtf8(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
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
}
