/**
 * Consul registration and uplink scheduling (issue 5, not built yet): TTL health check with load
 * in the service metadata, discovery of the tier above, rendezvous-hash upstream choice, viewer
 * redirects and drain.
 */
package io.edgecdn.scheduler;
