package io.edgecdn.tests;

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

    /** Starts nginx and waits until its RTMP port accepts connections. */
    static int start(Processes processes, Path dir) throws Exception {
        Processes.requireTool("nginx", "nginx libnginx-mod-rtmp");
        if (!Files.exists(Path.of(MODULE))) {
            throw new AssertionError(MODULE + " is missing: run bin/test (it installs it) or apt-get install -y libnginx-mod-rtmp");
        }
        int port = Ports.tcp();
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
                            wait_video on;
                        }
                    }
                }
                """.formatted(MODULE, dir.resolve("nginx.pid"), dir.resolve("nginx-error.log"), port));
        processes.start(dir.resolve("nginx.out"), "nginx", "-e", dir.resolve("nginx-error.log").toString(),
                "-p", dir.toString(), "-c", conf.toString());
        long until = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < until) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return port;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("nginx did not listen on " + port + ": " + Files.readString(dir.resolve("nginx.out")));
    }
}
