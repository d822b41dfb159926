package io.edgecdn.edge.source;

import io.edgecdn.ops.config.ConfigException;
import io.edgecdn.ops.config.ConfigSection;
import java.time.Duration;

/**
 * How the stream manager pulls: timeouts, reconnect backoff and idle grace ({@code pull} in the
 * config).
 *
 * @param connectTimeout longest wait for an upstream to connect and for a viewer's stream to start
 * @param readTimeout longest upstream silence before reconnecting
 * @param idleGrace how long a stream stays pulled after its last viewer left
 * @param backoffInitial first reconnect delay
 * @param backoffMax largest reconnect delay
 */
public record PullSettings(Duration connectTimeout, Duration readTimeout, Duration idleGrace,
                           Duration backoffInitial, Duration backoffMax) {

    /**
     * Reads a {@code pull} section: {@code connect-timeout}, {@code read-timeout}, {@code
     * idle-grace}, {@code backoff-initial}, {@code backoff-max}; absent keys keep {@code d}'s values.
     *
     * @throws ConfigException naming the bad key (a zero timeout, a backoff-max below backoff-initial)
     */
    public static PullSettings read(ConfigSection pull, PullSettings d) {
        PullSettings p = new PullSettings(pull.duration("connect-timeout", d.connectTimeout()),
                pull.duration("read-timeout", d.readTimeout()), pull.duration("idle-grace", d.idleGrace()),
                pull.duration("backoff-initial", d.backoffInitial()), pull.duration("backoff-max", d.backoffMax()));
        pull.done();
        if (p.connectTimeout().isZero() || p.readTimeout().isZero() || p.backoffInitial().isZero()) {
            throw pull.error(pull.key("connect-timeout") + ", " + pull.key("read-timeout") + " and "
                    + pull.key("backoff-initial") + " must be above 0");
        }
        if (p.backoffMax().compareTo(p.backoffInitial()) < 0) {
            throw pull.error(pull.key("backoff-max") + " must not be below " + pull.key("backoff-initial"));
        }
        return p;
    }
}
