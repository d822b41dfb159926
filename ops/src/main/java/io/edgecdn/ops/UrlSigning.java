package io.edgecdn.ops;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed viewer URLs, two schemes:
 * <ul>
 *   <li>{@link Scheme#TXSECRET}, the hotlink-protection scheme of Tencent Cloud live streaming:
 *       {@code ?txSecret=MD5(KEY + StreamName + txTime)&txTime=<expiry, Unix seconds in hex>};
 *       {@code StreamName} is the stream name without the app; the hex is compared as sent
 *       (Tencent's example: key {@code e12c46f2612d5106e2034781ab261ca3}, stream {@code test},
 *       txTime {@code 5C271099} give {@code f85a2ab363fe4deaffef9754d79da6fe});</li>
 *   <li>{@link Scheme#HMAC}: {@code ?expires=<Unix seconds, decimal>&sig=<hex HMAC-SHA256(KEY,
 *       "app/stream:" + expires)>} (RFC 2104 with SHA-256), which also binds the app.</li>
 * </ul>
 * A URL is accepted until its expiry plus the allowed clock skew. Signatures are compared in
 * constant time. Failures say only which check failed (missing, malformed, expired, mismatch),
 * never what was expected.
 */
public final class UrlSigning {
    /** The two schemes. */
    public enum Scheme { TXSECRET, HMAC }

    /** A verification outcome: {@code ok}, or the reason for refusing. */
    public record Result(boolean ok, String reason) {
        static final Result OK = new Result(true, null);

        static Result refused(String reason) {
            return new Result(false, reason);
        }
    }

    private UrlSigning() {
    }

    /** The query parameters that sign {@code app/stream} until {@code expiry}, in URL order. */
    public static Map<String, String> sign(Scheme scheme, String key, String app, String stream, Instant expiry) {
        Map<String, String> q = new LinkedHashMap<>();
        long t = expiry.getEpochSecond();
        if (scheme == Scheme.TXSECRET) {
            String txTime = Long.toHexString(t).toUpperCase();
            q.put("txSecret", md5Hex(key + stream + txTime));
            q.put("txTime", txTime);
        } else {
            q.put("expires", Long.toString(t));
            q.put("sig", hmacHex(key, app + "/" + stream + ":" + t));
        }
        return q;
    }

    /**
     * Checks a request's query parameters for {@code app/stream}.
     *
     * @param params the query (first value of each parameter)
     * @param now the server's time
     * @param skew how far past the expiry a URL is still accepted (clocks differ)
     */
    public static Result verify(Scheme scheme, String key, String app, String stream, Map<String, String> params,
                                Instant now, Duration skew) {
        String timeParam = scheme == Scheme.TXSECRET ? "txTime" : "expires";
        String sigParam = scheme == Scheme.TXSECRET ? "txSecret" : "sig";
        String time = params.get(timeParam);
        String sig = params.get(sigParam);
        if (time == null || sig == null || time.isEmpty() || sig.isEmpty()) {
            return Result.refused("missing signature: the URL needs " + sigParam + " and " + timeParam);
        }
        long expiry;
        try {
            expiry = scheme == Scheme.TXSECRET ? Long.parseUnsignedLong(time, 16) : Long.parseLong(time);
        } catch (NumberFormatException e) {
            return Result.refused("malformed " + timeParam);
        }
        if (time.length() > 16 || !sig.matches("[0-9a-fA-F]+")) {
            return Result.refused("malformed signature");
        }
        String expected = scheme == Scheme.TXSECRET ? md5Hex(key + stream + time) : hmacHex(key, app + "/" + stream + ":" + time);
        boolean match = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                sig.toLowerCase().getBytes(StandardCharsets.US_ASCII));
        if (!match) {
            return Result.refused("signature mismatch");
        }
        if (now.getEpochSecond() > expiry + skew.toSeconds()) {
            return Result.refused("signature expired");
        }
        return Result.OK;
    }

    static String md5Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 missing from the JDK", e);
        }
    }

    static String hmacHex(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }
}
