package io.edgecdn.pull;

import io.edgecdn.media.time.TimestampNormalizer;

/**
 * Pulls one stream from one upstream URL, once: connects, delivers tags to the sink until the
 * upstream ends, fails, goes silent or a stop is requested, and reports why it ended. Retrying is
 * the {@link PullSupervisor}'s job. Runs on the caller's thread and blocks until the end.
 */
public interface UpstreamPuller {
    /**
     * @param upstream the URL to pull
     * @param context sink, stop flag and timeouts
     * @param normalizer the stream's timestamp normalizer, shared across attempts so time stays continuous
     * @return why the attempt ended; never throws for upstream problems
     */
    PullOutcome pull(UpstreamEndpoint upstream, PullContext context, TimestampNormalizer normalizer);
}
