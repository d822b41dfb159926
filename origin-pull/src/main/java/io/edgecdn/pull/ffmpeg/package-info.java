/**
 * What pulling through FFmpeg (JavaCV's bundled libavformat) needs: one-time initialisation,
 * interrupt-callback timeouts and error texts, used by the SRT puller for libsrt through
 * {@code avio}. RTMP and HTTP-FLV pulls load no native library.
 *
 * <p>May import: nothing of ours.
 */
package io.edgecdn.pull.ffmpeg;
