/**
 * HTTP-FLV delivery on Undertow: {@code GET /{app}/{stream}.flv} answers the FLV header, metadata,
 * sequence headers and cached GOP, then live tags. Each viewer has a bounded
 * {@link io.edgecdn.edge.flv.ViewerQueue}; writes are non-blocking gathering writes of the shared
 * tag buffers on the viewer's I/O thread.
 *
 * <p>May import: {@code io.edgecdn.ops.config} (to read its config section), {@code io.edgecdn.ops.http}, {@code
 * io.edgecdn.edge.source}, {@code io.edgecdn.media..}, {@code io.edgecdn.ops}, {@code io.edgecdn.pull}.
 */
@NullMarked
package io.edgecdn.edge.flv;

import org.jspecify.annotations.NullMarked;
