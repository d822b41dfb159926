/**
 * Renditions as live sources: {@link io.edgecdn.edge.transcode.TranscodeService} resolves
 * {@code app/stream_480p} to an internal upstream, runs one
 * {@link io.edgecdn.transcoder.TranscodeSession} per base stream for all its renditions, and feeds
 * each rendition's live source through an ordinary pull.
 */
package io.edgecdn.edge.transcode;
