/**
 * Adaptive-bitrate transcoding: a {@link io.edgecdn.transcoder.TranscodeSession} decodes a source
 * once, scales once per {@link io.edgecdn.transcoder.Rendition} and encodes each with libx264,
 * forcing an IDR exactly on the source's keyframes so every rendition's GOPs line up with the
 * source's in presentation time (players switch renditions at GOP boundaries). Depends on media
 * only.
 *
 * <p>May import: {@code io.edgecdn.media..}.
 */
package io.edgecdn.transcoder;
