package io.edgeweave.serving;

import io.edgeweave.serving.ServingReport.DeploymentRecord;

/**
 * The wall-clock figures of a re-plan, from the fault to the first answer: the failure detector's time from a JVM's
 * halt to its node's loss being seen (kill-jvm faults only), then the plan's decision, its planning and its
 * installation; the ledger keeps the first answer's. Times are {@link System#nanoTime()} readings handed in, so the
 * figures can be checked with any clock.
 */
public final class ReplanClock {
  /** Detection of a lost JVM seen since the last plan, for the next one (null: none). */
  private Double detectionMs;
  private Double planDetectionMs;
  private String trigger;
  private double faultMs;
  private long decidedNanos;
  private long plannedNanos;
  private long installedNanos;

  /** A lost node was seen {@code ms} (wall) after its JVM was halted. */
  public void detected(double ms) {
    detectionMs = ms;
  }

  /** A plan for {@code why} (which happened at virtual time {@code faultMs}) was decided at {@code nanos}. */
  public void decided(String why, double faultMs, long nanos) {
    trigger = why;
    this.faultMs = faultMs;
    decidedNanos = nanos;
  }

  /** The plan was made at {@code nanos}: it takes the detection seen before it. */
  public void planned(long nanos) {
    plannedNanos = nanos;
    planDetectionMs = detectionMs;
    detectionMs = null;
  }

  /**
   * Every node of the plan was installed at {@code nanos}: its record, before any answer.
   *
   * @param request the request it serves first
   * @param placement the placement as text
   */
  public DeploymentRecord installed(long nanos, Orchestration.Deployment d, int request, double readyMs, String placement) {
    installedNanos = nanos;
    return new DeploymentRecord(d.epoch(), trigger, request, faultMs, d.startMs(), readyMs, placement, d.predictedMs(),
        d.bytesMoved(), d.messagesMoved(), planDetectionMs, (plannedNanos - decidedNanos) / 1e6,
        (installedNanos - plannedNanos) / 1e6, null, 0, null, null, null);
  }

  /** Wall milliseconds from the last decision to {@code nanos}. */
  public double sinceDecisionMs(long nanos) {
    return (nanos - decidedNanos) / 1e6;
  }
}
