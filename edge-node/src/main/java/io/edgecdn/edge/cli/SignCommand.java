package io.edgecdn.edge.cli;

import io.edgecdn.ops.config.ConfigValues;
import io.edgecdn.edge.source.StreamKey;
import io.edgecdn.ops.UrlSigning;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edge-node sign}: prints a signed viewer URL (for tests, support, or a portal without its
 * own signer). The key is the one of the stream's {@code signing.rules} entry.
 */
@Command(name = "sign", mixinStandardHelpOptions = true, description = "Print a signed viewer URL.")
public final class SignCommand implements Callable<Integer> {
    @Option(names = "--key", required = true, paramLabel = "KEY", description = "the signing key (signing.rules[].key)")
    String key;

    @Option(names = "--stream", required = true, paramLabel = "APP/STREAM", description = "the stream, e.g. live/cam1")
    String stream;

    @Option(names = "--ttl", defaultValue = "1h", paramLabel = "DURATION", description = "validity from now (default 1h)")
    String ttl;

    @Option(names = "--scheme", defaultValue = "txsecret", paramLabel = "SCHEME", description = "txsecret (Tencent Cloud's, default) or hmac")
    String scheme;

    @Option(names = "--base-url", defaultValue = "http://127.0.0.1:8080", paramLabel = "URL", description = "the edge (default http://127.0.0.1:8080)")
    String baseUrl;

    @Option(names = "--format", defaultValue = "flv", paramLabel = "FORMAT", description = "flv (HTTP-FLV, default) or m3u8 (HLS)")
    String format;

    @Override
    public Integer call() {
        StreamKey k;
        Duration validity;
        UrlSigning.Scheme sc;
        try {
            k = StreamKey.parse(stream);
            validity = ConfigValues.parseDuration(ttl);
            sc = switch (scheme.toLowerCase()) {
                case "txsecret" -> UrlSigning.Scheme.TXSECRET;
                case "hmac" -> UrlSigning.Scheme.HMAC;
                default -> throw new IllegalArgumentException("--scheme must be txsecret or hmac, got '" + scheme + "'");
            };
            if (!format.equals("flv") && !format.equals("m3u8")) {
                throw new IllegalArgumentException("--format must be flv or m3u8, got '" + format + "'");
            }
            if (validity.isZero() || validity.isNegative()) {
                throw new IllegalArgumentException("--ttl must be above 0");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("edge-node sign: " + e.getMessage());
            return 2;
        }
        StringBuilder url = new StringBuilder(baseUrl.replaceAll("/+$", "")).append('/').append(k.app()).append('/')
                .append(k.stream()).append('.').append(format);
        char sep = '?';
        for (Map.Entry<String, String> p : UrlSigning.sign(sc, key, k.app(), k.stream(), Instant.now().plus(validity)).entrySet()) {
            url.append(sep).append(p.getKey()).append('=').append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        System.out.println(url);
        return 0;
    }
}
