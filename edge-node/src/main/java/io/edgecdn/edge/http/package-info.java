/**
 * The viewer-facing HTTP server (Undertow): routing, JSON error bodies and CORS headers shared by
 * the delivery handlers.
 */
package io.edgecdn.edge.http;
