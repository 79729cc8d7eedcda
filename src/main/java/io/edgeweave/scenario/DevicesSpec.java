package io.edgeweave.scenario;

import java.time.Duration;

/**
 * A fleet of edge devices described as a population, not one by one: each device's compute rate and link
 * rates are drawn from the distributions with the scenario seed.
 *
 * @param uplink device → cloud rate, bit/s
 * @param downlink cloud → device rate, bit/s
 * @param loss probability that one transmission of a model or update is lost (the link resends it)
 * @param duplicate probability that a transmission arrives twice
 * @param dropout probability that a selected device goes silent during a round (back in later rounds)
 * @param crash probability that a selected device's actor fails during a round (gone for the rest of the run)
 * @param samples training samples per device, drawn for each device (may repeat across devices); 0 = the
 *     training set is partitioned among the devices by {@code data.sharding}
 */
public record DevicesSpec(
    int count,
    Distribution flops,
    Distribution uplink,
    Distribution downlink,
    Duration propagation,
    Duration jitter,
    double loss,
    double duplicate,
    double dropout,
    double crash,
    int samples) {

  /** Whether anything can keep a selected device's update from arriving. */
  public boolean canFail() {
    return loss > 0 || dropout > 0 || crash > 0;
  }
}
