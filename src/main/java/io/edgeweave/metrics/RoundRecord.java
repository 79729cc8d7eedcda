package io.edgeweave.metrics;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one round of a collaborative run measured. Every selected device is accounted for exactly once:
 * {@code selected = arrived + stragglers + droppedOut + crashed + unreachable + unanswered}.
 *
 * @param arrived devices whose update arrived by the deadline and was aggregated
 * @param stragglers devices whose update arrived after the deadline
 * @param droppedOut devices that went silent during the round
 * @param crashed devices whose actor failed during the round
 * @param unreachable devices whose link lost the model or the update on every attempt
 * @param unanswered devices not heard of before the wall-clock safety net closed the round
 * @param duplicatesIgnored second copies of an update, not aggregated again
 * @param trainLoss last local-step loss of the aggregated devices, weighted by samples (NaN if none)
 * @param startMs virtual time the round started
 * @param endMs virtual time the round ended, aggregation included
 * @param aggregationMs virtual time the cloud spent aggregating
 * @param meanDownlinkMs mean virtual time the model took to reach an aggregated device
 * @param meanComputeMs mean virtual local-training time of an aggregated device
 * @param meanUplinkMs mean virtual time an aggregated update took to reach the cloud
 * @param linkBytes bytes put on the devices' links, every attempt counted
 * @param transmissionsLost transmissions lost on the links (each resent, up to the retry limit)
 * @param transmissionsDuplicated transmissions delivered twice
 * @param trainingSamples samples trained by the aggregated devices
 * @param wallTimeMs real time of the round
 * @param trainingWallMs real time spent in local training during the round, summed over threads
 * @param trainingCpuMs CPU time spent in local training during the round, summed over threads
 * @param heapUsedBytes heap in use when the round closed (without a collection)
 */
public record RoundRecord(
    int round,
    int selected,
    int arrived,
    int stragglers,
    int droppedOut,
    int crashed,
    int unreachable,
    int unanswered,
    int duplicatesIgnored,
    double trainLoss,
    double startMs,
    double endMs,
    double aggregationMs,
    double meanDownlinkMs,
    double meanComputeMs,
    double meanUplinkMs,
    long linkBytes,
    int transmissionsLost,
    int transmissionsDuplicated,
    long trainingSamples,
    double wallTimeMs,
    double trainingWallMs,
    double trainingCpuMs,
    long heapUsedBytes,
    OptionalDouble testAccuracy) {

  public RoundRecord {
    Objects.requireNonNull(testAccuracy, "testAccuracy");
    if (arrived + stragglers + droppedOut + crashed + unreachable + unanswered != selected) {
      throw new IllegalArgumentException("round " + round + ": " + selected + " selected devices but "
          + arrived + " arrived, " + stragglers + " stragglers, " + droppedOut + " dropped out, " + crashed
          + " crashed, " + unreachable + " unreachable, " + unanswered + " unanswered");
    }
  }

  /** The round's own virtual duration. */
  public double roundVirtualMs() {
    return endMs - startMs;
  }
}
