package io.edgecdn.edge.upstream;

/**
 * One signing rule: the streams it covers and their shared secret.
 *
 * @param pattern stream key pattern (app/stream with * wildcards)
 * @param scheme {@code txsecret} (Tencent Cloud's) or {@code hmac}
 * @param key the shared secret
 */
public record SigningRule(String pattern, io.edgecdn.ops.UrlSigning.Scheme scheme, String key) {
    @Override
    public String toString() {
        return "SigningRule[" + pattern + ", " + scheme + ", key=***]";
    }
}
