package io.edgecdn.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnexBTest {
    @Test
    void split_mixedStartCodes_returnsNalUnitsWithoutTrailingZeros() {
        byte[] b = HexFormat.of().parseHex("00000001" + "0910" // AUD
                + "00000001" + "6742c01e" // SPS (4-byte start code)
                + "000001" + "68ce3c80" // PPS (3-byte start code)
                + "000001" + "6588840000"); // IDR slice with trailing zeros
        List<ByteBuffer> nals = AnnexB.split(ByteBuffer.wrap(b));
        assertThat(nals).hasSize(4);
        assertThat(nals).extracting(AnnexB::h264Type).containsExactly(9, 7, 8, 5);
        assertThat(AnnexB.bytes(nals.get(3))).isEqualTo(HexFormat.of().parseHex("658884"));
        ByteBuffer out = ByteBuffer.allocate(AnnexB.lengthPrefixedSize(nals.subList(3, 4)));
        AnnexB.writeLengthPrefixed(nals.subList(3, 4), out);
        assertThat(out.array()).isEqualTo(HexFormat.of().parseHex("00000003658884"));
    }
}
