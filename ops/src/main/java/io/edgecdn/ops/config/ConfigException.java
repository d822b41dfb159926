package io.edgecdn.ops.config;

/** A bad configuration value: the message names the key (e.g. {@code gop-cache.max-bytes}) and what is wrong. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
