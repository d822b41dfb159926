package io.edgecdn.tests;

import io.edgecdn.testsupport.Processes;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Headless Debian Chromium playing a page of {@code tests/browser} (hls.js from npm), driven by
 * {@code tests/browser/play.mjs} (playwright-core). The page and the player library are served by a
 * small HTTP server on 127.0.0.1; the stream comes from the edge (cross-origin, which its CORS
 * headers allow). Missing Chromium, Node.js or the npm packages fail the test with what to install.
 */
final class BrowserPlayer implements AutoCloseable {
    private static final Path DIR = Path.of("browser").toAbsolutePath();
    private final HttpServer server;

    BrowserPlayer(Map<String, Path> files) throws IOException {
        Processes.requireTool("chromium", "chromium");
        Processes.requireTool("node", "nodejs");
        if (!Files.isDirectory(DIR.resolve("node_modules/playwright-core"))) {
            throw new AssertionError("tests/browser/node_modules is missing: run bin/test (it runs npm ci in tests/browser)");
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        for (Map.Entry<String, Path> f : files.entrySet()) {
            Path file = DIR.resolve(f.getValue());
            String type = f.getKey().endsWith(".html") ? "text/html" : "application/javascript";
            server.createContext("/" + f.getKey(), exchange -> {
                byte[] body = Files.readAllBytes(file);
                exchange.getResponseHeaders().add("Content-Type", type);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
        }
        server.start();
    }

    /** A page URL on the local server. */
    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + pathAndQuery;
    }

    /** Plays the page until its video has played {@code seconds}, at most {@code limitSeconds}; saves a screenshot. */
    Processes.Result play(String pageUrl, Path screenshot, int seconds, int limitSeconds) throws Exception {
        return Processes.run(limitSeconds + 45, "node", DIR.resolve("play.mjs").toString(), pageUrl, screenshot.toString(),
                String.valueOf(seconds), String.valueOf(limitSeconds));
    }

    /** Runs another driver script of {@code tests/browser} with its arguments (bounded). */
    Processes.Result run(String script, int limitSeconds, String... args) throws Exception {
        String[] cmd = new String[args.length + 2];
        cmd[0] = "node";
        cmd[1] = DIR.resolve(script).toString();
        System.arraycopy(args, 0, cmd, 2, args.length);
        return Processes.run(limitSeconds, cmd);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
