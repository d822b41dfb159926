/**
 * The static assets of the viewer and admin ports ({@link io.edgecdn.edge.web.WebAssets}): the
 * player page, the dashboard and the vendored mpegts.js and hls.js, read once from the jar.
 *
 * <p>May import: nothing of ours.
 */
@NullMarked
package io.edgecdn.edge.web;

import org.jspecify.annotations.NullMarked;
