package io.edgecdn.tests;

import io.edgecdn.testsupport.Ports;
import io.edgecdn.testsupport.Processes;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * nginx with Debian's libnginx-mod-rtmp as an RTMP origin on 127.0.0.1:port, with its own config,
 * pid and logs under a test directory (application {@code live}, {@code wait_key on}).
 */
final class NginxRtmp {
    static final String MODULE = "/usr/lib/nginx/modules/ngx_rtmp_module.so";

    private NginxRtmp() {
    }

    /** RTMP port and the HTTP port of the {@code /stat} page. */
    record Listening(int rtmp, int stat) {
    }

    /** Starts nginx and waits until its RTMP port accepts connections. */
    static int start(Processes processes, Path dir) throws Exception {
        return startWithStat(processes, dir).rtmp();
    }

    /**
     * Subscribers (players, not the publisher) of a stream of application {@code live}, from
     * nginx-rtmp's {@code rtmp_stat} XML: how many times the stream is pulled from this origin.
     */
    static int subscribers(int statPort, String stream) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + statPort + "/stat")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        String xml = r.body();
        int at = xml.indexOf("<stream>\n<name>" + stream + "</name>");
        if (at < 0) {
            at = xml.indexOf("<name>" + stream + "</name>");
        }
        if (at < 0) {
            return 0;
        }
        int end = xml.indexOf("</stream>", at);
        String block = xml.substring(at, end);
        int players = 0;
        for (String client : block.split("<client>")) {
            if (client.contains("</client>") && !client.substring(0, client.indexOf("</client>")).contains("<publishing/>")) {
                players++;
            }
        }
        return players;
    }

    /** Starts nginx with an HTTP {@code /stat} page too, and waits until its RTMP port accepts connections. */
    static Listening startWithStat(Processes processes, Path dir) throws Exception {
        return startWithStat(processes, dir, true);
    }

    /**
     * As {@link #startWithStat(Processes, Path)}; {@code waitVideo} false serves audio-only streams
     * (nginx-rtmp's {@code wait_video on} holds audio back until a first video frame was sent).
     */
    static Listening startWithStat(Processes processes, Path dir, boolean waitVideo) throws Exception {
        Processes.requireTool("nginx", "nginx libnginx-mod-rtmp");
        if (!Files.exists(Path.of(MODULE))) {
            throw new AssertionError(MODULE + " is missing: run bin/test (it installs it) or apt-get install -y libnginx-mod-rtmp");
        }
        int port = Ports.tcp();
        int stat = Ports.tcp();
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                load_module %s;
                daemon off;
                master_process off;
                worker_processes 1;
                pid %s;
                error_log %s warn;
                events { worker_connections 256; }
                rtmp {
                    server {
                        listen 127.0.0.1:%d;
                        chunk_size 4096;
                        application live {
                            live on;
                            wait_key on;
                            wait_video %s;
                        }
                    }
                }
                http {
                    access_log off;
                    client_body_temp_path %s;
                    proxy_temp_path %s;
                    fastcgi_temp_path %s;
                    uwsgi_temp_path %s;
                    scgi_temp_path %s;
                    server {
                        listen 127.0.0.1:%d;
                        location /stat { rtmp_stat all; }
                    }
                }
                """.formatted(MODULE, dir.resolve("nginx.pid"), dir.resolve("nginx-error.log"), port, waitVideo ? "on" : "off",
                dir, dir, dir, dir, dir, stat));
        processes.start(dir.resolve("nginx.out"), "nginx", "-e", dir.resolve("nginx-error.log").toString(),
                "-p", dir.toString(), "-c", conf.toString());
        long until = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < until) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new Listening(port, stat);
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("nginx did not listen on " + port + ": " + Files.readString(dir.resolve("nginx.out")));
    }
}
