package io.edgecdn.media.amf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Amf0Test {
    @Test
    void encodeDecode_commandMessage_roundTrips() {
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("app", "live");
        cmd.put("fpad", false);
        cmd.put("capabilities", 15.0);
        byte[] b = Amf0.encode("connect", 1, cmd, null, List.of(1.0, "x"));
        List<Object> v = Amf0.decodeAll(b, 0, b.length);
        assertThat(v).hasSize(5);
        assertThat(v.get(0)).isEqualTo("connect");
        assertThat(v.get(1)).isEqualTo(1.0);
        assertThat(v.get(2)).isEqualTo(cmd);
        assertThat(v.get(3)).isNull();
        assertThat(v.get(4)).isEqualTo(List.of(1.0, "x"));
    }

    @Test
    void encode_ecmaArray_markerCountAndEnd() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("width", 1280);
        byte[] b = Amf0.encode("onMetaData", new Amf0.EcmaArray(props));
        // 0x02 len "onMetaData", 0x08 count=1, key "width", number, 00 00 09
        assertThat(b[13]).isEqualTo((byte) 0x08);
        assertThat(Arrays.copyOfRange(b, 14, 18)).containsExactly(0, 0, 0, 1);
        assertThat(Arrays.copyOfRange(b, b.length - 3, b.length)).containsExactly(0, 0, 9);
        List<Object> v = Amf0.decodeAll(b, 0, b.length);
        assertThat(v.get(1)).isEqualTo(Map.of("width", 1280.0));
    }

    @Test
    void decode_longStringAndDate() {
        String big = "a".repeat(70_000);
        byte[] b = Amf0.encode(big);
        assertThat(b[0]).isEqualTo((byte) 0x0C);
        assertThat(Amf0.decodeAll(b, 0, b.length)).containsExactly(big);
        byte[] date = {0x0B, 0x40, 0x59, 0, 0, 0, 0, 0, 0, 0, 0}; // 100.0 ms, tz 0
        assertThat(Amf0.decodeAll(date, 0, date.length)).containsExactly(100.0);
    }

    @Test
    void decode_ecmaArrayWithoutEndMarkerAtEndOfData_accepted() {
        byte[] b = {0x08, 0, 0, 0, 1, 0, 1, 'w', 0x01, 1, 0, 0};
        assertThat(Amf0.decodeAll(b, 0, b.length)).containsExactly(Map.of("w", true));
    }

    @Test
    void decode_truncatedString_malformedNamesOffset() {
        byte[] b = {0x02, 0x10, 0x00, 'a', 'b'};
        assertThatThrownBy(() -> Amf0.decodeAll(b, 0, b.length)).isInstanceOf(MalformedAmfException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void decode_hugeDeclaredArray_refusedWithoutAllocating() {
        byte[] b = {0x0A, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x05};
        assertThatThrownBy(() -> Amf0.decodeAll(b, 0, b.length)).isInstanceOf(MalformedAmfException.class)
                .hasMessageContaining("strict array");
    }

    @Test
    void decode_deepNesting_refused() {
        List<Byte> bytes = new ArrayList<>();
        for (int i = 0; i < Amf0.MAX_DEPTH + 1; i++) {
            bytes.addAll(List.of((byte) 0x03, (byte) 0, (byte) 1, (byte) 'k'));
        }
        bytes.add((byte) 0x05);
        byte[] b = new byte[bytes.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = bytes.get(i);
        }
        assertThatThrownBy(() -> Amf0.decodeAll(b, 0, b.length)).isInstanceOf(MalformedAmfException.class)
                .hasMessageContaining("nesting");
    }

    @Test
    void decode_unsupportedMarker_refused() {
        byte[] b = {0x07, 0, 1};
        assertThatThrownBy(() -> Amf0.decodeAll(b, 0, b.length)).isInstanceOf(MalformedAmfException.class)
                .hasMessageContaining("0x7");
    }

    @Test
    void encode_unsupportedType_refused() {
        assertThatThrownBy(() -> Amf0.encode(new Object())).isInstanceOf(IllegalArgumentException.class);
    }
}
