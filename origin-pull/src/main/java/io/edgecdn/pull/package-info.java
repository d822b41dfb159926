/**
 * Upstream pulling: one {@link io.edgecdn.pull.UpstreamPuller} attempt per connection (SRT in
 * {@link io.edgecdn.pull.srt}: libsrt transport, our MPEG-TS demuxer; RTMP with our own client in
 * {@link io.edgecdn.pull.rtmp}; HTTP-FLV with our own reader in {@link io.edgecdn.pull.httpflv}),
 * and the {@link io.edgecdn.pull.PullSupervisor} that owns
 * retries, capped exponential backoff and failover across an upstream's candidate URLs.
 *
 * <p>May import: {@code io.edgecdn.media..}; never a protocol package below it.
 */
package io.edgecdn.pull;
