package io.edgecdn.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Bearer-token check of the admin API ({@code Authorization: Bearer TOKEN}, RFC 6750). The
 * comparison is constant-time: both sides are hashed with SHA-256 and compared with {@link
 * MessageDigest#isEqual}, so neither the token's content nor its length leaks through timing.
 */
public final class AdminAuth {
    /** Outcome of a check. */
    public enum Result {
        /** The token matches. */
        OK,
        /** No bearer token: 401. */
        MISSING,
        /** A bearer token that does not match: 403. */
        WRONG
    }

    private final byte[] tokenDigest;

    /**
     * @param token the token, at least 16 characters
     * @throws IllegalArgumentException for a token too short to resist guessing
     */
    public AdminAuth(String token) {
        if (token == null || token.strip().length() < 16) {
            throw new IllegalArgumentException("the admin token must be at least 16 characters (e.g. openssl rand -hex 24)");
        }
        this.tokenDigest = sha256(token.strip());
    }

    /** Checks an {@code Authorization} header value (null when absent). */
    public Result check(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Result.MISSING;
        }
        String presented = authorization.substring(7).strip();
        if (presented.isEmpty()) {
            return Result.MISSING;
        }
        return MessageDigest.isEqual(tokenDigest, sha256(presented)) ? Result.OK : Result.WRONG;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
