/**
 * The built-in demo origin: a synthetic live stream encoded by JavaCV's FFmpeg, served as an SRT
 * listener.
 *
 * <p>May import: {@code io.edgecdn.pull.ffmpeg}.
 */
package io.edgecdn.edge.demo;
