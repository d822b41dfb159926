/**
 * Pulling through FFmpeg's demuxers (JavaCV's bundled libavformat, packet mode, no decoding): SRT
 * (caller mode, MPEG-TS payload) and RTMP. Packets are remuxed to FLV tags by
 * {@link io.edgecdn.pull.PacketRemuxer}.
 */
package io.edgecdn.pull.ffmpeg;
