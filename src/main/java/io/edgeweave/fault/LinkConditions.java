package io.edgeweave.fault;

/**
 * The state of one link for one message: its baseline from the scenario with the active faults applied.
 *
 * @param bitsPerSecond transmission rate
 * @param loss probability that the message is dropped
 * @param duplicate probability that the message is delivered twice
 * @param reorder probability that the message is held back so that later ones overtake it
 * @param extraDelayMs fixed delay added by delay faults
 * @param extraJitterMs upper bound of a uniform delay added by delay faults
 * @param partitioned whether the link carries nothing at all
 */
public record LinkConditions(
    double bitsPerSecond,
    double loss,
    double duplicate,
    double reorder,
    double extraDelayMs,
    double extraJitterMs,
    boolean partitioned) {}
