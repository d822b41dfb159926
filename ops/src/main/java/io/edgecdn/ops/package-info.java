/**
 * Operations (issue 6, not built yet): admin HTTP API, Prometheus metrics, signed viewer URLs and
 * the dashboard.
 */
package io.edgecdn.ops;
