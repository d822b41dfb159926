/**
 * The RTMP wire protocol (Adobe RTMP Specification 1.0): the handshake, the chunk stream
 * ({@link io.edgecdn.media.rtmp.ChunkReader}, {@link io.edgecdn.media.rtmp.ChunkWriter}) and the
 * messages it carries ({@link io.edgecdn.media.rtmp.RtmpMessage}). Blocking, over an
 * {@link io.edgecdn.media.rtmp.RtmpInput} and an {@link java.io.OutputStream}: sockets, timeouts
 * and
 * sessions belong to the puller (and later the server) that use it.
 *
 * <p>May import: {@code io.edgecdn.media.amf}.
 */
package io.edgecdn.media.rtmp;
