/**
 * MPEG-2 transport streams (ISO/IEC 13818-1). Writing, for HLS segments (RFC 8216): PAT/PMT, PES
 * packetisation with PTS/DTS, PCR and continuity counters ({@link io.edgecdn.media.ts.TsMuxer},
 * {@link io.edgecdn.media.ts.FlvToTs}). Reading, for SRT upstreams: {@link
 * io.edgecdn.media.ts.TsDemuxer}
 * (sync, PAT/PMT, streamed PES with timestamps, continuity checks), then per elementary stream
 * {@link io.edgecdn.media.ts.AdtsFramer} (AAC frames, ISO/IEC 13818-7) and
 * {@link io.edgecdn.media.ts.AccessUnitFramer} (H.264/H.265 access units). No I/O.
 *
 * <p>May import: {@code io.edgecdn.media.codec}, {@code io.edgecdn.media.flv}.
 */
package io.edgecdn.media.ts;
