/**
 * Pulling {@code rtmp://} and {@code rtmps://} upstreams with our own RTMP client
 * ({@link io.edgecdn.pull.rtmp.RtmpPuller}): RTMP messages are FLV tag bodies, so tags are relayed
 * as they arrive, with no demuxer and no native library.
 *
 * <p>May import: {@code io.edgecdn.media..}, {@code io.edgecdn.pull}.
 */
package io.edgecdn.pull.rtmp;
