package io.edgecdn.edge.router;

/**
 * The viewer port ({@code http} in the config).
 *
 * @param bind address to listen on
 * @param port TCP port, 0 = any free port
 * @param ioThreads Undertow I/O threads, 0 = one per core
 */
public record HttpSettings(String bind, int port, int ioThreads) {
}
