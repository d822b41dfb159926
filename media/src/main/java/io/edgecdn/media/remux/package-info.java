/**
 * Remuxing demuxed or encoded packets (Annex-B or length-prefixed H.264/H.265, ADTS or raw AAC)
 * into FLV tags: {@link io.edgecdn.media.remux.PacketRemuxer}, used by the upstream pullers and by
 * the transcoder's encoders.
 *
 * <p>May import: {@code io.edgecdn.media.codec}, {@code io.edgecdn.media.flv}, {@code
 * io.edgecdn.media.time}, {@code io.edgecdn.media.ts}.
 */
package io.edgecdn.media.remux;
