/**
 * Adaptive-bitrate transcoding (issue 4, not built yet): decode each source once, scale per
 * rendition, encode with libx264 with IDR frames forced on the source's keyframes, and publish each
 * rendition as a live source of its own.
 */
package io.edgecdn.transcoder;
