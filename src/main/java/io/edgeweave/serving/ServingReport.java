package io.edgeweave.serving;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What a JMSNAS run did after its search: the model it trained, every deployment (the first, and each re-plan)
 * and every request, written as {@code serving.json} and {@code requests.csv}.
 *
 * @param wire how inputs and activations crossed the links
 * @param validationAccuracy of the trained model after each epoch (the split the search selected on)
 * @param confirmationAccuracy of the trained model after each epoch (the split that confirmed the target)
 * @param testAccuracy of the trained model on the whole test set, which no decision saw
 * @param servedAccuracy share of the served samples classified right, through the deployed partitions and the
 *     encodings on their links
 * @param probeRounds the probe rounds the requests served in this process waited for (a round before each request)
 * @param probeRoundsAskedAhead of them, those asked while the request before was served (ADR 36)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ServingReport(
    String architecture,
    String wire,
    double searchSeconds,
    double trainSeconds,
    List<Double> validationAccuracy,
    List<Double> confirmationAccuracy,
    double testAccuracy,
    int requests,
    int served,
    double servedAccuracy,
    double meanLatencyMs,
    double p50LatencyMs,
    double p95LatencyMs,
    int probeRounds,
    int probeRoundsAskedAhead,
    List<DeploymentRecord> deployments,
    List<RequestRecord> requestRecords) {

  /** Requests whose mean latency describes a deployment before and after a change. */
  public static final int LATENCY_WINDOW = 50;

  /**
   * One deployment: why, when, where, what moved, and how long it took.
   *
   * @param trigger what made the orchestrator plan ("start", "edge-1 crashed", "link device-edge1 at 2 Mbps" ...)
   * @param request the first request it serves
   * @param faultMs virtual time of the fault (the crash, or the probe that saw the change)
   * @param decidedMs virtual time the orchestrator decided: after failure detection for a crash
   * @param readyMs virtual time every node of the path had its weights
   * @param predictedMs the latency model's prediction for one request on this placement
   * @param detectionWallMs wall time from the halt of a JVM a kill-jvm fault struck to the orchestrator seeing its
   *     node gone (the cluster's failure detection); null unless such a loss made it plan
   * @param planningWallMs wall time to plan (the DP and the migration)
   * @param installWallMs wall time from the plan to the last node installed
   * @param toServingWallMs wall time from the decision to the first request answered on the new deployment
   * @param latencyBeforeMs mean latency of the last {@link #LATENCY_WINDOW} requests answered before it; null for the first
   * @param served requests it answered
   * @param latencyAfterMs mean latency of the last {@link #LATENCY_WINDOW} requests it answered: its steady state once any
   *     backlog has drained
   * @param worstLatencyMs the longest latency of a request it answered (a request lost in a crash, or one
   *     that waited for the re-plan)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record DeploymentRecord(
      int epoch,
      String trigger,
      int request,
      double faultMs,
      double decidedMs,
      double readyMs,
      String placement,
      double predictedMs,
      long bytesMoved,
      int transfers,
      Double detectionWallMs,
      double planningWallMs,
      double installWallMs,
      Double toServingWallMs,
      int served,
      Double latencyBeforeMs,
      Double latencyAfterMs,
      Double worstLatencyMs) {}

  /**
   * One request as the source saw it.
   *
   * @param attempts how often it was started (more than 1: a crash lost it in flight)
   * @param latencyMs from its arrival to its answer at the source, waiting included
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"request", "epoch", "attempts", "arrival_ms", "answered_ms", "latency_ms", "correct", "samples"})
  public record RequestRecord(int request, int epoch, int attempts, double arrivalMs, double answeredMs, double latencyMs, int correct, int samples) {}
}
