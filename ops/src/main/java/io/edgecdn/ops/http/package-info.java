/**
 * What every viewer-facing delivery handler shares: JSON error bodies and CORS headers ({@link
 * io.edgecdn.ops.http.HttpResponses}) and the attachments the router puts on a request ({@link
 * io.edgecdn.ops.http.ViewerRequest}). Beyond Undertow and Jackson it needs only the error
 * vocabulary; the delivery packages (HTTP-FLV, HLS) import it, and it imports
 * none of them.
 *
 * <p>May import: {@code io.edgecdn.ops} (the error vocabulary, {@link io.edgecdn.ops.EdgeError}).
 */
package io.edgecdn.ops.http;
