package io.edgecdn.edge.source;

/**
 * Bounds of one stream's GOP cache. When a video GOP outgrows any bound, the cache is emptied and
 * stays empty until the next keyframe (new viewers then wait for it): a stream that never sends an
 * IDR cannot grow memory. An audio-only stream keeps a sliding window instead, so a new listener
 * starts at once.
 *
 * @param enabled false: nothing is cached, every viewer waits for the next keyframe
 * @param maxFrames most tags (audio and video) held, e.g. 2500
 * @param maxBytes most payload bytes held, e.g. 16 MiB
 * @param maxDurationMs longest span (ms) between the first and last cached tag
 * @param audioOnlyWindowMs span (ms) of audio kept for an audio-only stream
 */
public record GopCacheLimits(boolean enabled, int maxFrames, long maxBytes, long maxDurationMs, long audioOnlyWindowMs) {
    /** The defaults: 2500 frames, 16 MiB, 15 s, and 1 s of audio for audio-only streams. */
    public static final GopCacheLimits DEFAULTS = new GopCacheLimits(true, 2500, 16L << 20, 15_000, 1_000);

    public GopCacheLimits {
        if (maxFrames < 1 || maxBytes < 1 || maxDurationMs < 1 || audioOnlyWindowMs < 0) {
            throw new IllegalArgumentException("GOP cache limits must be positive: " + maxFrames + " frames, "
                    + maxBytes + " bytes, " + maxDurationMs + " ms, audio window " + audioOnlyWindowMs + " ms");
        }
    }
}
