package io.edgecdn.pull;

import java.net.URI;

/**
 * One candidate URL of an upstream (an origin or a parent edge), already expanded for a stream:
 * {@code srt://host:port?mode=caller&streamid=...}, {@code rtmp://host/app/stream} or
 * {@code http://host:port/app/stream.flv}.
 *
 * @param uri the URL; its scheme selects the puller
 */
public record UpstreamEndpoint(URI uri) {
    /** The scheme of the node's own renditions: {@code transcode://app/stream?rendition=480p}. */
    public static final String TRANSCODE_SCHEME = "transcode";

    /** Parses a URL, checking that its scheme is one a puller handles. */
    public static UpstreamEndpoint of(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("srt") || scheme.equals("rtmp") || scheme.equals("rtmps")
                || scheme.equals("http") || scheme.equals("https") || scheme.equals(TRANSCODE_SCHEME))) {
            throw new IllegalArgumentException("upstream URL " + url + " has scheme " + scheme
                    + "; supported: srt, rtmp, rtmps, http, https");
        }
        return new UpstreamEndpoint(uri);
    }

    public String scheme() {
        return uri.getScheme();
    }

    /** The URL with any passphrase or user info removed, for logs and the admin API. */
    public String redacted() {
        String s = uri.toString();
        return s.replaceAll("(?i)(passphrase|pbkeylen|txSecret|sig)=[^&]*", "$1=***").replaceAll("//[^/@]+@", "//***@");
    }

    @Override
    public String toString() {
        return redacted();
    }
}
