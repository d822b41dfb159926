/**
 * The HTTP-FLV load tool behind {@code edge-node bench}: many non-blocking viewers, TTFF and
 * delivery gaps.
 *
 * <p>May import: {@code io.edgecdn.media.flv}.
 */
package io.edgecdn.edge.bench;
