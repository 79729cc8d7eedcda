package io.edgeweave.runtime;

/**
 * The device fleet of a collaborative run: about to be created ({@code ready} false), then with every device
 * answering.
 *
 * @param elapsedMs wall time since creation began (0 before)
 */
public record FleetStatus(int devices, boolean ready, double elapsedMs) {}
