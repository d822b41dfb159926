package io.edgecdn.edge.webrtc.stun;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * One STUN message (RFC 8489, formerly RFC 5389), as ICE uses it (RFC 8445): a 20-byte header
 * (type, length, the magic cookie {@code 0x2112A442}, a 96-bit transaction ID) and TLV attributes
 * padded to 4 bytes. Parsing checks the framing and keeps the bytes, so that {@link
 * #hasValidIntegrity(byte[])} (HMAC-SHA1, section 14.5) and {@link #hasValidFingerprint()} (CRC-32
 * XOR {@code 0x5354554E}, section 14.7) are computed on what was received. {@link Builder} writes
 * messages. Attribute values are read without copying the datagram again.
 */
public final class StunMessage {
    /** The magic cookie, bytes 4-7 of every message. */
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** Header bytes. */
    public static final int HEADER_BYTES = 20;

    /** Binding request (method 1, class request). */
    public static final int BINDING_REQUEST = 0x0001;
    /** Binding indication (the keepalive some agents send). */
    public static final int BINDING_INDICATION = 0x0011;
    /** Binding success response. */
    public static final int BINDING_SUCCESS = 0x0101;
    /** Binding error response. */
    public static final int BINDING_ERROR = 0x0111;

    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    /** ICE (RFC 8445 section 16.1): the candidate pair priority. */
    public static final int PRIORITY = 0x0024;
    /** ICE: the controlling agent nominates this pair. */
    public static final int USE_CANDIDATE = 0x0025;
    public static final int SOFTWARE = 0x8022;
    public static final int FINGERPRINT = 0x8028;
    public static final int ICE_CONTROLLED = 0x8029;
    public static final int ICE_CONTROLLING = 0x802A;

    private static final int FINGERPRINT_XOR = 0x5354554E;
    /** Most attributes read from one message; more is not ICE and is refused. */
    static final int MAX_ATTRIBUTES = 32;

    private final byte[] data;
    private final int type;
    private final int[] attrType;
    private final int[] attrOffset; // of the value, in data
    private final int[] attrLength;
    private final int attrCount;

    private StunMessage(byte[] data, int type, int[] attrType, int[] attrOffset, int[] attrLength, int attrCount) {
        this.data = data;
        this.type = type;
        this.attrType = attrType;
        this.attrOffset = attrOffset;
        this.attrLength = attrLength;
        this.attrCount = attrCount;
    }

    /**
     * Whether a datagram looks like STUN: at least a header, the two top bits 0 and the magic
     * cookie (RFC 7983 demultiplexing puts first bytes 0-3 on STUN, 20-63 on DTLS, 128-191 on RTP/RTCP).
     */
    public static boolean looksLikeStun(byte[] b, int off, int len) {
        return len >= HEADER_BYTES && (b[off] & 0xC0) == 0 && readInt(b, off + 4) == MAGIC_COOKIE;
    }

    /**
     * Parses a datagram; the bytes are copied.
     *
     * @throws StunException when the header, the length, an attribute's length or the order of
     *     MESSAGE-INTEGRITY and FINGERPRINT (the only ones that may follow it) is wrong
     */
    public static StunMessage parse(byte[] b, int off, int len) throws StunException {
        if (len < HEADER_BYTES) {
            throw new StunException("shorter than a STUN header (" + len + " of 20 bytes)");
        }
        if ((b[off] & 0xC0) != 0) {
            throw new StunException("the two top bits of the type are not 0");
        }
        if (readInt(b, off + 4) != MAGIC_COOKIE) {
            throw new StunException("no magic cookie (an RFC 3489 client?)");
        }
        int length = readShort(b, off + 2);
        if (length != len - HEADER_BYTES || (length & 3) != 0) {
            throw new StunException("message length " + length + " does not match the " + len + "-byte datagram");
        }
        byte[] data = Arrays.copyOfRange(b, off, off + len);
        int[] types = new int[MAX_ATTRIBUTES];
        int[] offsets = new int[MAX_ATTRIBUTES];
        int[] lengths = new int[MAX_ATTRIBUTES];
        int n = 0;
        int p = HEADER_BYTES;
        boolean integritySeen = false;
        boolean fingerprintSeen = false;
        while (p < len) {
            if (len - p < 4) {
                throw new StunException("truncated attribute header at byte " + p);
            }
            int t = readShort(data, p);
            int l = readShort(data, p + 2);
            int padded = (l + 3) & ~3;
            if (padded > len - p - 4) {
                throw new StunException(String.format("attribute 0x%04x of %d bytes overruns the message at byte %d", t, l, p));
            }
            if (fingerprintSeen) {
                throw new StunException("an attribute follows FINGERPRINT");
            }
            if (integritySeen && t != FINGERPRINT) {
                throw new StunException(String.format("attribute 0x%04x follows MESSAGE-INTEGRITY", t));
            }
            if (t == MESSAGE_INTEGRITY) {
                if (l != 20) {
                    throw new StunException("MESSAGE-INTEGRITY is " + l + " bytes, not 20");
                }
                integritySeen = true;
            } else if (t == FINGERPRINT) {
                if (l != 4) {
                    throw new StunException("FINGERPRINT is " + l + " bytes, not 4");
                }
                fingerprintSeen = true;
            }
            if (n == MAX_ATTRIBUTES) {
                throw new StunException("more than " + MAX_ATTRIBUTES + " attributes");
            }
            types[n] = t;
            offsets[n] = p + 4;
            lengths[n] = l;
            n++;
            p += 4 + padded;
        }
        return new StunMessage(data, readShort(data, 0), types, offsets, lengths, n);
    }

    /** The message type: method and class, e.g. {@link #BINDING_REQUEST}. */
    public int type() {
        return type;
    }

    /** A copy of the 12-byte transaction ID. */
    public byte[] transactionId() {
        return Arrays.copyOfRange(data, 8, HEADER_BYTES);
    }

    /** Whether the message carries an attribute of this type. */
    public boolean has(int attribute) {
        return index(attribute) >= 0;
    }

    /** A copy of the first value of an attribute, or null when absent. */
    public byte @Nullable [] attribute(int attribute) {
        int i = index(attribute);
        return i < 0 ? null : Arrays.copyOfRange(data, attrOffset[i], attrOffset[i] + attrLength[i]);
    }

    /** USERNAME as UTF-8 (ICE: {@code <receiver's ufrag>:<sender's ufrag>}), or null. */
    public @Nullable String username() {
        int i = index(USERNAME);
        return i < 0 ? null : new String(data, attrOffset[i], attrLength[i], StandardCharsets.UTF_8);
    }

    /** The attribute types in order, for logs and tests. */
    public List<Integer> attributeTypes() {
        List<Integer> out = new ArrayList<>(attrCount);
        for (int i = 0; i < attrCount; i++) {
            out.add(attrType[i]);
        }
        return out;
    }

    /**
     * Whether MESSAGE-INTEGRITY is present and is the HMAC-SHA1, keyed with {@code key}, of the
     * message up to it with the length field counting up to its end (RFC 8489 section 14.5). ICE
     * uses short-term credentials: the key is the receiver's ice-pwd in UTF-8.
     */
    public boolean hasValidIntegrity(byte[] key) {
        int i = index(MESSAGE_INTEGRITY);
        if (i < 0) {
            return false;
        }
        int miStart = attrOffset[i] - 4;
        byte[] expected = hmacSha1(key, data, miStart, miStart - HEADER_BYTES + 24);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(data, attrOffset[i], attrOffset[i] + 20));
    }

    /** Whether FINGERPRINT is present and matches (CRC-32 of the message before it, XOR 0x5354554E). */
    public boolean hasValidFingerprint() {
        int i = index(FINGERPRINT);
        if (i < 0) {
            return false;
        }
        int fpStart = attrOffset[i] - 4;
        return readInt(data, attrOffset[i]) == crc(data, fpStart, fpStart - HEADER_BYTES + 8);
    }

    private int index(int attribute) {
        for (int i = 0; i < attrCount; i++) {
            if (attrType[i] == attribute) {
                return i;
            }
        }
        return -1;
    }

    /** HMAC-SHA1 of {@code data[0, end)} with the length field set to {@code length}. */
    private static byte[] hmacSha1(byte[] key, byte[] data, int end, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA1"));
            mac.update(data, 0, 2);
            mac.update((byte) (length >> 8));
            mac.update((byte) length);
            mac.update(data, 4, end - 4);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    private static int crc(byte[] data, int end, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, 0, 2);
        crc.update(length >> 8);
        crc.update(length);
        crc.update(data, 4, end - 4);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }

    static int readShort(byte[] b, int p) {
        return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
    }

    static int readInt(byte[] b, int p) {
        return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
    }

    /**
     * The address of an XOR-MAPPED-ADDRESS value (RFC 8489 section 14.2), or null when absent.
     *
     * @throws StunException when the value is malformed
     */
    public @Nullable InetSocketAddress xorMappedAddress() throws StunException {
        int i = index(XOR_MAPPED_ADDRESS);
        if (i < 0) {
            return null;
        }
        int p = attrOffset[i];
        int family = data[p + 1] & 0xFF;
        int port = readShort(data, p + 2) ^ (MAGIC_COOKIE >>> 16);
        int n = family == 1 ? 4 : family == 2 ? 16 : -1;
        if (n < 0 || attrLength[i] != 4 + n) {
            throw new StunException("XOR-MAPPED-ADDRESS has family " + family + " and " + attrLength[i] + " bytes");
        }
        byte[] a = new byte[n];
        for (int k = 0; k < n; k++) {
            a[k] = (byte) (data[p + 4 + k] ^ data[4 + k]); // the cookie, then the transaction ID
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(a), port);
        } catch (UnknownHostException e) {
            throw new StunException("XOR-MAPPED-ADDRESS: " + e.getMessage());
        }
    }

    /** Writes a STUN message: the attributes in the order added, then MESSAGE-INTEGRITY and FINGERPRINT when asked. */
    public static final class Builder {
        private final byte[] header = new byte[HEADER_BYTES];
        private byte[] body = new byte[128];
        private int length;

        /**
         * @param type the message type, e.g. {@link #BINDING_SUCCESS}
         * @param transactionId 12 bytes (a response repeats the request's)
         */
        public Builder(int type, byte[] transactionId) {
            if (transactionId.length != 12) {
                throw new IllegalArgumentException("a transaction ID is 12 bytes, not " + transactionId.length);
            }
            header[0] = (byte) (type >> 8);
            header[1] = (byte) type;
            header[4] = 0x21;
            header[5] = 0x12;
            header[6] = (byte) 0xA4;
            header[7] = 0x42;
            System.arraycopy(transactionId, 0, header, 8, 12);
        }

        /** Adds an attribute; its value is padded to 4 bytes with zeros. */
        public Builder attribute(int type, byte[] value) {
            int padded = (value.length + 3) & ~3;
            ensure(4 + padded);
            body[length] = (byte) (type >> 8);
            body[length + 1] = (byte) type;
            body[length + 2] = (byte) (value.length >> 8);
            body[length + 3] = (byte) value.length;
            System.arraycopy(value, 0, body, length + 4, value.length);
            Arrays.fill(body, length + 4 + value.length, length + 4 + padded, (byte) 0);
            length += 4 + padded;
            return this;
        }

        /** XOR-MAPPED-ADDRESS of {@code address} (IPv4 or IPv6). */
        public Builder xorMappedAddress(InetSocketAddress address) {
            byte[] a = address.getAddress().getAddress();
            byte[] v = new byte[4 + a.length];
            v[1] = (byte) (address.getAddress() instanceof Inet4Address ? 1 : 2);
            int port = address.getPort() ^ (MAGIC_COOKIE >>> 16);
            v[2] = (byte) (port >> 8);
            v[3] = (byte) port;
            for (int k = 0; k < a.length; k++) {
                v[4 + k] = (byte) (a[k] ^ header[4 + k]);
            }
            return attribute(XOR_MAPPED_ADDRESS, v);
        }

        /** ERROR-CODE (RFC 8489 section 14.8), e.g. 400 Bad Request, 401 Unauthorized, 487 Role Conflict. */
        public Builder errorCode(int code, String reason) {
            byte[] r = reason.getBytes(StandardCharsets.UTF_8);
            byte[] v = new byte[4 + r.length];
            v[2] = (byte) (code / 100);
            v[3] = (byte) (code % 100);
            System.arraycopy(r, 0, v, 4, r.length);
            return attribute(ERROR_CODE, v);
        }

        /**
         * The message bytes.
         *
         * @param integrityKey MESSAGE-INTEGRITY's HMAC key (ICE: the sender's ice-pwd), or null for none
         * @param fingerprint whether to end with FINGERPRINT
         */
        public byte[] build(byte @Nullable [] integrityKey, boolean fingerprint) {
            int total = HEADER_BYTES + length + (integrityKey != null ? 24 : 0) + (fingerprint ? 8 : 0);
            byte[] out = new byte[total];
            System.arraycopy(header, 0, out, 0, HEADER_BYTES);
            System.arraycopy(body, 0, out, HEADER_BYTES, length);
            int p = HEADER_BYTES + length;
            if (integrityKey != null) {
                byte[] mac = hmacSha1(integrityKey, out, p, p - HEADER_BYTES + 24);
                out[p] = 0;
                out[p + 1] = (byte) MESSAGE_INTEGRITY;
                out[p + 3] = 20;
                System.arraycopy(mac, 0, out, p + 4, 20);
                p += 24;
            }
            if (fingerprint) {
                int crc = crc(out, p, p - HEADER_BYTES + 8);
                out[p] = (byte) (FINGERPRINT >> 8);
                out[p + 1] = (byte) FINGERPRINT;
                out[p + 3] = 4;
                out[p + 4] = (byte) (crc >> 24);
                out[p + 5] = (byte) (crc >> 16);
                out[p + 6] = (byte) (crc >> 8);
                out[p + 7] = (byte) crc;
                p += 8;
            }
            out[2] = (byte) ((p - HEADER_BYTES) >> 8);
            out[3] = (byte) (p - HEADER_BYTES);
            return out;
        }

        private void ensure(int more) {
            if (length + more > body.length) {
                body = Arrays.copyOf(body, Math.max(body.length * 2, length + more));
            }
        }
    }
}
