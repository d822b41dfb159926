package io.edgecdn.edge.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The node's web pages and the player libraries, from the jar ({@code io/edgecdn/edge/web/}): the
 * player page ({@code /play/{app}/{stream}} on the viewer port), the dashboard ({@code
 * /admin/dashboard} on the admin port), and mpegts.js and hls.js (vendored, see
 * {@code vendor/README.md}), so that nothing is fetched from the internet.
 */
public final class WebAssets {
    private WebAssets() {
    }

    /**
     * A file's bytes.
     *
     * @throws UncheckedIOException when the jar lacks it (a broken build)
     */
    public static byte[] bytes(String name) {
        try (InputStream in = WebAssets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing from the jar: io/edgecdn/edge/web/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Content-Type of a file by its extension. */
    public static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "application/javascript; charset=utf-8";
        }
        return "application/octet-stream";
    }
}
