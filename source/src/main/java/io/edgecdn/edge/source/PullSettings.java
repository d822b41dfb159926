package io.edgecdn.edge.source;

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
}
