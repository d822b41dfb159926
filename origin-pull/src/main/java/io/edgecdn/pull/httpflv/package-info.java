/**
 * Pulling HTTP-FLV from a parent edge with the JDK HTTP client and our own incremental
 * {@link io.edgecdn.media.flv.FlvReader}: no FFmpeg probing, so a child edge is open as soon as
 * the parent's first bytes (header, sequence headers, cached GOP) arrive.
 *
 * <p>May import: {@code io.edgecdn.media..}, {@code io.edgecdn.pull}.
 */
package io.edgecdn.pull.httpflv;
