package io.edgeweave.metrics;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one training step of a split-training run measured.
 *
 * @param step            step number
 * @param loss            training loss of the step
 * @param virtualTimeMs   cumulative virtual time at the end of the step
 * @param stepVirtualMs   the step's own virtual duration
 * @param computeMsByNode virtual compute time of the step per node, insertion ordered
 * @param commMsByLink    virtual communication time of the step per link, insertion ordered
 * @param linkBytes       bytes sent over all links during the step
 * @param retries         messages re-sent during the step
 * @param wallTimeMs      real time the step took
 * @param testAccuracy    test accuracy, present only on steps followed by an evaluation
 */
public record StepRecord(
    int step,
    double loss,
    double virtualTimeMs,
    double stepVirtualMs,
    Map<String, Double> computeMsByNode,
    Map<String, Double> commMsByLink,
    long linkBytes,
    int retries,
    double wallTimeMs,
    OptionalDouble testAccuracy) {

  public StepRecord {
    if (step < 0 || linkBytes < 0 || retries < 0) {
      throw new IllegalArgumentException(
          "step, linkBytes and retries must be >= 0: " + step + ", " + linkBytes + ", " + retries);
    }
    computeMsByNode = OrderedMaps.copy(computeMsByNode, "computeMsByNode");
    commMsByLink = OrderedMaps.copy(commMsByLink, "commMsByLink");
    Objects.requireNonNull(testAccuracy, "testAccuracy");
  }

  /** Compute time of the step summed over nodes. */
  public double totalComputeMs() {
    return OrderedMaps.sum(computeMsByNode);
  }

  /** Communication time of the step summed over links. */
  public double totalCommMs() {
    return OrderedMaps.sum(commMsByLink);
  }
}
