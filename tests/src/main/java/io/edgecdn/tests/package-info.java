/**
 * End-to-end tests (in {@code src/test}): real ffmpeg/ffprobe, nginx-rtmp and several edge nodes
 * on 127.0.0.1 with free ports. This main source set is intentionally empty.
 *
 * <p>May import: nothing of ours.
 */
package io.edgecdn.tests;
