package io.edgeweave.scenario;

/**
 * One machine of the topology.
 *
 * @param flopsPerSecond compute rate used to turn counted FLOPs into virtual time
 * @param memoryBytes memory available for model partitions
 */
public record NodeSpec(String id, NodeRole role, double flopsPerSecond, long memoryBytes) {}
