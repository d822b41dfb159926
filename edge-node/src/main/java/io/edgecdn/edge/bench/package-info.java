/** The HTTP-FLV load tool behind {@code edge-node bench}: many non-blocking viewers, TTFF and delivery gaps. */
package io.edgecdn.edge.bench;
