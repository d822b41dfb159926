/**
 * FLV tags and the FLV container, after the Adobe Flash Video File Format Specification v10.1
 * (annex E) and its Enhanced RTMP extension (veovera, v1/v2) for HEVC: the tag model
 * {@link io.edgecdn.media.flv.FlvTag}, the incremental reader
 * {@link io.edgecdn.media.flv.FlvReader} and the writer {@link io.edgecdn.media.flv.FlvWriter}.
 *
 * <p>May import: {@code io.edgecdn.media.amf}, {@code io.edgecdn.media.codec}.
 */
package io.edgecdn.media.flv;
