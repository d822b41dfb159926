package io.edgecdn.pull;

import io.edgecdn.media.time.TimestampNormalizer;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What one pull attempt needs besides its URL.
 *
 * @param sink where tags go
 * @param stopRequested polled by the puller (and FFmpeg's interrupt callback); true ends the attempt
 * @param connectTimeout longest wait for the connection and the stream header
 * @param readTimeout longest silence once connected before the attempt ends as {@code READ_TIMEOUT}
 * @param streamKey the stream key, for logs
 */
public record PullContext(TagSink sink, BooleanSupplier stopRequested, Duration connectTimeout,
                          Duration readTimeout, String streamKey) {
    /** The clock period (ms) of an upstream's timestamps: MPEG-TS over SRT, FLV (32-bit ms) otherwise. */
    public static long wrapPeriodMs(UpstreamEndpoint e) {
        return e.scheme().equals("srt") ? TimestampNormalizer.MPEG_TS_WRAP_MS : TimestampNormalizer.FLV_WRAP_MS;
    }
}
