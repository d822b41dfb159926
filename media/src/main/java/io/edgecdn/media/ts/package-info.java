/**
 * MPEG-2 transport stream writing (ISO/IEC 13818-1) for HLS segments (RFC 8216): PAT/PMT, PES
 * packetisation with PTS/DTS, PCR and continuity counters, in {@link io.edgecdn.media.ts.TsMuxer}.
 */
package io.edgecdn.media.ts;
