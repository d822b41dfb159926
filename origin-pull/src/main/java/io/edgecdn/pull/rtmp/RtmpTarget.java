package io.edgecdn.pull.rtmp;

import java.net.URI;

/**
 * What an {@code rtmp://host[:port]/app[/instance]/stream[?query]} URL names, split as FFmpeg's
 * RTMP client splits it: with two path segments the first is the application; with more, the
 * first two are (an application instance), and the rest is the stream name. The query string
 * stays on the stream name (where servers read tokens from).
 *
 * @param host the server's host name or address
 * @param port the TCP port (1935 for rtmp, 443 for rtmps when the URL has none)
 * @param tls whether the connection is TLS ({@code rtmps})
 * @param app the application, e.g. {@code live}
 * @param stream the stream name given to {@code play}, e.g. {@code cam1?token=abc}
 */
record RtmpTarget(String host, int port, boolean tls, String app, String stream) {
    /**
     * @throws IllegalArgumentException when the URL has no host, no application or no stream name
     */
    static RtmpTarget of(URI uri) {
        boolean tls = "rtmps".equalsIgnoreCase(uri.getScheme());
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("RTMP URL " + uri + " has no host");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 1935;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        int first = path.indexOf('/');
        if (first <= 0 || first == path.length() - 1) {
            throw new IllegalArgumentException("RTMP URL " + uri + " needs /app/stream in its path");
        }
        int split = first;
        int second = path.indexOf('/', first + 1);
        if (second > 0 && second < path.length() - 1) {
            split = second; // app/instance/stream
        }
        String stream = path.substring(split + 1);
        if (uri.getRawQuery() != null) {
            stream += "?" + uri.getRawQuery();
        }
        return new RtmpTarget(uri.getHost(), port, tls, path.substring(0, split), stream);
    }

    /** The tcUrl of the {@code connect} command: scheme, host, port and application. */
    String tcUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "rtmps" : "rtmp") + "://" + h + ":" + port + "/" + app;
    }
}
