package io.edgecdn.edge.webrtc.dtls;

/**
 * The SRTP master keys and salts of one DTLS-SRTP association (RFC 5764 section 4.2), taken from
 * the TLS exporter with label {@code EXTRACTOR-dtls_srtp}: the client (browser) protects what it
 * sends with the client key, the server (node) with the server key.
 *
 * @param profile the negotiated SRTP protection profile ({@link #AES128_CM_HMAC_SHA1_80} or
 *     {@link #AEAD_AES_128_GCM})
 * @param clientKey client write master key (16 bytes)
 * @param clientSalt client write master salt (14 bytes for AES-CM, 12 for AES-GCM)
 * @param serverKey server write master key
 * @param serverSalt server write master salt
 */
public record SrtpKeys(int profile, byte[] clientKey, byte[] clientSalt, byte[] serverKey, byte[] serverSalt) {
    /** SRTP_AES128_CM_HMAC_SHA1_80 (RFC 5764 section 4.1.2). */
    public static final int AES128_CM_HMAC_SHA1_80 = 0x0001;
    /** SRTP_AEAD_AES_128_GCM (RFC 7714 section 14.2). */
    public static final int AEAD_AES_128_GCM = 0x0007;

    /** Bytes of the master key of a profile. */
    public static int keyLength(int profile) {
        return 16;
    }

    /** Bytes of the master salt of a profile. */
    public static int saltLength(int profile) {
        return profile == AEAD_AES_128_GCM ? 12 : 14;
    }

    /** Splits exported keying material: client key, server key, client salt, server salt. */
    static SrtpKeys split(int profile, byte[] material) {
        int k = keyLength(profile);
        int s = saltLength(profile);
        if (material.length != 2 * (k + s)) {
            throw new IllegalArgumentException("keying material of " + material.length + " bytes, expected " + 2 * (k + s));
        }
        byte[] ck = java.util.Arrays.copyOfRange(material, 0, k);
        byte[] sk = java.util.Arrays.copyOfRange(material, k, 2 * k);
        byte[] cs = java.util.Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] ss = java.util.Arrays.copyOfRange(material, 2 * k + s, 2 * (k + s));
        return new SrtpKeys(profile, ck, cs, sk, ss);
    }

    /** The profile's name as RFC 5764 and RFC 7714 write it. */
    public static String name(int profile) {
        return switch (profile) {
            case AES128_CM_HMAC_SHA1_80 -> "SRTP_AES128_CM_HMAC_SHA1_80";
            case AEAD_AES_128_GCM -> "SRTP_AEAD_AES_128_GCM";
            default -> String.format("profile 0x%04x", profile);
        };
    }

    @Override
    public String toString() {
        return "SrtpKeys[" + name(profile) + "]"; // never the keys
    }
}
