/**
 * The SRT upstream: {@link io.edgecdn.pull.srt.SrtPuller} reads MPEG-TS over FFmpeg's libsrt
 * protocol (through {@code avio}) and turns it into FLV tags with the media module's own MPEG-TS
 * demuxer ({@link io.edgecdn.media.remux.TsRemuxer}).
 *
 * <p>May import: {@code io.edgecdn.media..}, {@code io.edgecdn.pull} and {@code io.edgecdn.pull.ffmpeg}
 * (the FFmpeg runtime and error text).
 */
package io.edgecdn.pull.srt;
