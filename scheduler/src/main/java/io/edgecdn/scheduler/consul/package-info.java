/**
 * Consul through consul-api: the node's registration with its TTL check and load in the service
 * meta ({@link io.edgecdn.scheduler.consul.NodeRegistration}), blocking-query watches of the
 * healthy nodes of a tier ({@link io.edgecdn.scheduler.consul.ServiceWatch}), the agent's address
 * and names ({@link io.edgecdn.scheduler.consul.ConsulSettings}).
 *
 * <p>May import: {@code io.edgecdn.scheduler}.
 */
package io.edgecdn.scheduler.consul;
