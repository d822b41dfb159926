/**
 * Renditions as live sources: {@link io.edgecdn.edge.transcode.TranscodeService} resolves
 * {@code app/stream_480p} to an internal upstream, runs one
 * {@link io.edgecdn.transcoder.TranscodeSession} per base stream for all its renditions, and feeds
 * each rendition's live source through an ordinary pull. It knows no delivery protocol: HLS's
 * multivariant playlist reads the ladder through an interface of its own.
 *
 * <p>May import: {@code io.edgecdn.ops.config} (to read its config section), {@code
 * io.edgecdn.edge.source}, {@code io.edgecdn.media..}, {@code io.edgecdn.pull}, {@code
 * io.edgecdn.transcoder}.
 */
package io.edgecdn.edge.transcode;
