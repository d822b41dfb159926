package io.edgecdn.edge.webrtc.dtls;

import org.bouncycastle.tls.CipherSuite;

/**
 * The shape check of a datagram that arrives for a DTLS association whose handshake is done,
 * before BouncyCastle sees it. UDP source addresses are trivially forged; BouncyCastle discards a
 * record whose authentication fails, but fails the whole association (and so the viewer's
 * session) on a record it cannot even decode. RFC 6347 4.1.2.7 asks for invalid records to be
 * discarded instead, so only what a browser can legitimately send after the handshake passes:
 *
 * <ul>
 *   <li>its last flight again when our ChangeCipherSpec and Finished were lost (RFC 6347 4.2.4):
 *       epoch-0 Certificate, ClientKeyExchange and CertificateVerify fragments, an epoch-0
 *       ChangeCipherSpec, an epoch-1 (encrypted) Finished;</li>
 *   <li>an epoch-1 alert (its close_notify when it closes the peer connection).</li>
 * </ul>
 *
 * Every record must be DTLS 1.2 ({@code 0xFEFD}), its length must fit the datagram, and the
 * records must fill it exactly (RFC 6347 4.1: several records may share a datagram); an
 * epoch-1 record must have the least length and block alignment the agreed cipher suite needs
 * (RFC 5288 3, RFC 7905 2, RFC 5246 6.2.3.2, RFC 7366 3), so that only authentication can fail on it.
 */
public final class DtlsRecords {
    /** The record header: type (1), version (2), epoch (2), sequence number (6), length (2), in bytes. */
    static final int HEADER = 13;
    /** The DTLS handshake message header (RFC 6347 4.2.2), in bytes. */
    static final int HANDSHAKE_HEADER = 12;
    /** AES-CBC's block, in bytes. */
    private static final int BLOCK = 16;

    private final String suite;
    private final int least;
    private final int blockAligned;

    /**
     * @param suite the cipher suite's IANA name
     * @param least the least length of an epoch-1 record's fragment, in bytes
     * @param blockAligned 0, or the MAC length in bytes after which a CBC fragment's length is
     *     checked (the fragment minus this is a multiple of 16); 1 when the whole fragment is
     */
    private DtlsRecords(String suite, int least, int blockAligned) {
        this.suite = suite;
        this.least = least;
        this.blockAligned = blockAligned;
    }

    /**
     * The check for an association on {@code cipherSuite} (an IANA number, as in
     * {@link org.bouncycastle.tls.CipherSuite}).
     *
     * @param encryptThenMac whether RFC 7366 encrypt-then-MAC was agreed (matters for CBC only)
     * @throws IllegalArgumentException for a suite {@link DtlsSrtpServer} does not offer
     */
    public static DtlsRecords forSuite(int cipherSuite, boolean encryptThenMac) {
        return switch (cipherSuite) {
            // explicit nonce (8) + tag (16)
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 -> new DtlsRecords("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 24, 0);
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 -> new DtlsRecords("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", 24, 0);
            // tag (16), the nonce is implicit
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 -> new DtlsRecords("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", 16, 0);
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 -> cbc("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", 32, encryptThenMac);
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA -> cbc("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", 20, encryptThenMac);
            default -> throw new IllegalArgumentException(String.format("cipher suite 0x%04X is not one we offer", cipherSuite));
        };
    }

    /** IV (16), then the encrypted content, MAC and padding (at least one block), or with RFC 7366 the MAC after them. */
    private static DtlsRecords cbc(String suite, int mac, boolean encryptThenMac) {
        return encryptThenMac ? new DtlsRecords(suite, 2 * BLOCK + mac, mac)
                : new DtlsRecords(suite, BLOCK + BLOCK * ((mac + 1 + BLOCK - 1) / BLOCK), 1);
    }

    /** The agreed cipher suite, by its IANA name ({@code TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}). */
    public String suite() {
        return suite;
    }

    /**
     * Whether the datagram {@code b[off, off + len)} is one a browser may send once the handshake
     * is done (see the class comment); false for anything else, which the caller drops.
     */
    public boolean admissibleAfterHandshake(byte[] b, int off, int len) {
        int p = off;
        int end = off + len;
        if (len < HEADER) {
            return false;
        }
        while (p < end) {
            if (end - p < HEADER) {
                return false;
            }
            int type = b[p] & 0xFF;
            int version = u16(b, p + 1);
            int epoch = u16(b, p + 3);
            int length = u16(b, p + 11);
            int body = p + HEADER;
            if (version != 0xFEFD || length > end - body) {
                return false;
            }
            boolean ok = switch (epoch) {
                case 0 -> type == 20 ? length == 1 && b[body] == 1 : type == 22 && clientFlightFragment(b, body, length);
                case 1 -> (type == 21 || type == 22) && protectedLengthFits(length);
                default -> false;
            };
            if (!ok) {
                return false;
            }
            p = body + length;
        }
        return true;
    }

    private boolean protectedLengthFits(int length) {
        if (length < least) {
            return false;
        }
        return switch (blockAligned) {
            case 0 -> true;
            case 1 -> length % BLOCK == 0;
            default -> (length - blockAligned) % BLOCK == 0;
        };
    }

    /** An epoch-0 handshake record: one whole fragment of a Certificate (11), CertificateVerify (15) or ClientKeyExchange (16). */
    private static boolean clientFlightFragment(byte[] b, int p, int length) {
        if (length < HANDSHAKE_HEADER) {
            return false;
        }
        int msgType = b[p] & 0xFF;
        int msgLength = u24(b, p + 1);
        int fragmentOffset = u24(b, p + 6);
        int fragmentLength = u24(b, p + 9);
        return (msgType == 11 || msgType == 15 || msgType == 16)
                && fragmentLength == length - HANDSHAKE_HEADER
                && fragmentOffset + fragmentLength <= msgLength;
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xFF) << 8 | b[p + 1] & 0xFF;
    }

    private static int u24(byte[] b, int p) {
        return (b[p] & 0xFF) << 16 | u16(b, p + 1);
    }
}
