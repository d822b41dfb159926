package io.edgecdn.edge.router;

import io.edgecdn.ops.config.ConfigException;
import io.edgecdn.ops.config.ConfigSection;

/**
 * The viewer port ({@code http} in the config).
 *
 * @param bind address to listen on
 * @param port TCP port, 0 = any free port
 * @param ioThreads Undertow I/O threads, 0 = one per core
 */
public record HttpSettings(String bind, int port, int ioThreads) {

    /**
     * Reads an {@code http} section: {@code bind}, {@code port}, {@code io-threads}; absent keys keep {@code d}'s values.
     *
     * @throws ConfigException naming the bad key
     */
    public static HttpSettings read(ConfigSection http, HttpSettings d) {
        HttpSettings h = new HttpSettings(http.string("bind", d.bind()), http.intIn("port", d.port(), 0, 65535),
                http.intIn("io-threads", d.ioThreads(), 0, 256));
        http.done();
        return h;
    }
}
