package io.edgeweave.serving;

import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.plan.Architectures;
import io.edgeweave.serving.ServingReport.DeploymentRecord;
import io.edgeweave.serving.ServingReport.RequestRecord;
import io.edgeweave.training.StepAccounting;
import io.edgeweave.training.StepResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What a JMSNAS run has deployed and served so far, and the figures of its report: the requests answered (with
 * their correct answers counted against the labels), the deployments, each node's compute and each link's
 * transfer time, the resends. The orchestrator feeds it; its content is also what a serving checkpoint keeps.
 */
public final class ServingLedger {
  private final List<DeploymentRecord> deployments = new ArrayList<>();
  private final List<RequestRecord> records = new ArrayList<>();
  private final Map<String, Double> computeMs = new LinkedHashMap<>();
  private final Map<String, Double> commMs = new LinkedHashMap<>();
  private long hopRetries;

  /** An empty ledger over the scenario's nodes and links, in the scenario's order. */
  public ServingLedger(Collection<String> nodes, Collection<String> links) {
    nodes.forEach(id -> computeMs.put(id, 0.0));
    links.forEach(id -> commMs.put(id, 0.0));
  }

  /** Carries on from a checkpoint's records. */
  public void restore(List<DeploymentRecord> deployments, List<RequestRecord> records, Map<String, Double> computeMs,
      Map<String, Double> commMs, long hopRetries) {
    this.deployments.addAll(deployments);
    this.records.addAll(records);
    this.computeMs.putAll(computeMs);
    this.commMs.putAll(commMs);
    this.hopRetries = hopRetries;
  }

  /** A deployment came into force. */
  public void deployed(DeploymentRecord deployment) {
    deployments.add(deployment);
  }

  /**
   * A request was answered on the deployment in force.
   *
   * @param labels the true classes of the request's samples
   * @param classes width of the answer's rows
   * @param wallMsSinceDecision wall time since the deployment was decided: kept as its time to serving when this
   *     is the first answer it gives
   */
  public void answered(Answer answer, int attempts, double arrivalMs, int[] labels, int classes, double wallMsSinceDecision) {
    float[] p = answer.values().toFloats();
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + best]) best = c;
      if (best == labels[i]) correct++;
    }
    StepRecord step = StepAccounting.record(new StepResult(answer.request(), Double.NaN, arrivalMs, answer.timeMs(), answer.trace()),
        List.copyOf(computeMs.keySet()), List.copyOf(commMs.keySet()), 0, OptionalDouble.empty());
    step.computeMsByNode().forEach((k, v) -> computeMs.merge(k, v, Double::sum));
    step.commMsByLink().forEach((k, v) -> commMs.merge(k, v, Double::sum));
    hopRetries += step.retries();
    records.add(new RequestRecord(answer.request(), answer.epoch(), attempts, arrivalMs, answer.timeMs(),
        answer.timeMs() - arrivalMs, correct, labels.length));
    DeploymentRecord last = deployments.get(deployments.size() - 1);
    if (last.toServingWallMs() == null) deployments.set(deployments.size() - 1, withToServing(last, wallMsSinceDecision));
  }

  public int requestsAnswered() {
    return records.size();
  }

  public int samples() {
    return records.stream().mapToInt(RequestRecord::samples).sum();
  }

  /** Share of the served samples classified right; 0 before any answer. */
  public double servedAccuracy() {
    int samples = samples();
    return samples == 0 ? 0 : (double) records.stream().mapToInt(RequestRecord::correct).sum() / samples;
  }

  /** Resends on the hops plus the requests served again. */
  public long retries() {
    return hopRetries + records.stream().mapToInt(r -> r.attempts() - 1).sum();
  }

  /** Virtual time of the last answer; 0 before any. */
  public double lastAnswerMs() {
    return records.isEmpty() ? 0 : records.get(records.size() - 1).answeredMs();
  }

  public List<DeploymentRecord> deployments() {
    return List.copyOf(deployments);
  }

  public List<RequestRecord> records() {
    return List.copyOf(records);
  }

  /** Compute time of each node, in the scenario's order. */
  public Map<String, Double> computeMs() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(computeMs));
  }

  /** Transfer time of each link, in the scenario's order. */
  public Map<String, Double> commMs() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(commMs));
  }

  public long hopRetries() {
    return hopRetries;
  }

  /**
   * The run's serving report.
   *
   * @param prepared the search's and the training's result; null if the run ended before it
   * @param wire the encodings on the links
   * @param requests the requests the run was to serve
   * @param probeRounds the probe rounds requests waited for, and how many of them were asked ahead
   */
  public ServingReport report(Preparation.Result prepared, String wire, int requests, int probeRounds, int askedAhead) {
    double[] latencies = records.stream().mapToDouble(RequestRecord::latencyMs).sorted().toArray();
    return new ServingReport(
        prepared == null ? null : Architectures.name(prepared.model()),
        wire,
        prepared == null ? 0 : prepared.searchSeconds(),
        prepared == null ? 0 : prepared.trainSeconds(),
        prepared == null ? List.of() : prepared.validationAccuracy(),
        prepared == null ? List.of() : prepared.confirmationAccuracy(),
        prepared == null ? Double.NaN : prepared.testAccuracy(),
        requests,
        records.size(),
        servedAccuracy(),
        Arrays.stream(latencies).average().orElse(Double.NaN),
        percentile(latencies, 0.5),
        percentile(latencies, 0.95),
        probeRounds,
        askedAhead,
        deploymentsWithLatencies(),
        List.copyOf(records));
  }

  /**
   * How a serving run ended, besides what the ledger holds.
   *
   * @param status how it ended if it did not complete
   * @param failure why it did not complete, or null
   * @param wallMs wall time since the orchestrator started
   * @param servingWallMs wall time since the first deployment came into force (0: it never did)
   * @param placement node id → JVM, as hosted at the start (empty: never hosted)
   * @param linkBytes bytes the links sent, summed
   * @param takeover how a standby director took the run over; null if none did
   */
  public record Ending(
      RunStatus status, String failure, double wallMs, double servingWallMs, Instant startedAt, Map<String, String> placement,
      long linkBytes, long messagesDropped, long messagesDuplicated, RunSummary.Takeover takeover) {}

  /** The run summary of {@code scenario}'s serving of {@code requests} requests. */
  public RunSummary summary(String scenario, long seed, int requests, Ending end) {
    int samples = samples();
    return new RunSummary(
        scenario,
        seed,
        end.failure() == null ? RunStatus.COMPLETED : end.status(),
        end.failure(),
        samples == 0 ? null : servedAccuracy(),
        requests,
        requestsAnswered(),
        RunSummary.samplesPerSecond(samples, end.servingWallMs()),
        lastAnswerMs(),
        end.wallMs(),
        end.linkBytes(),
        end.messagesDropped(),
        end.messagesDuplicated(),
        retries(),
        computeMs(),
        commMs(),
        end.startedAt(),
        end.placement(),
        RunSummary.Recovery.NONE,
        0,
        null,
        0,
        end.takeover());
  }

  /**
   * Why a run its user stopped did not complete, and where it resumes from.
   *
   * @param newestCheckpoint the request the newest serving checkpoint serves next (0: none)
   * @param prepared the search's and the training's result is saved
   */
  public String stopped(String cause, int newestCheckpoint, boolean prepared) {
    String resumable = newestCheckpoint > 0 ? "checkpoint before request " + newestCheckpoint
        : prepared ? "the trained model is saved" : "the search's accuracies are cached";
    return "stopped by " + cause + " after " + requestsAnswered() + " answered requests (" + resumable + ")";
  }

  /** Each deployment with the latency of the requests before it and of those it served. */
  List<DeploymentRecord> deploymentsWithLatencies() {
    List<DeploymentRecord> result = new ArrayList<>();
    for (DeploymentRecord d : deployments) {
      List<RequestRecord> before = records.stream().filter(r -> r.request() < d.request()).toList();
      List<RequestRecord> served = records.stream().filter(r -> r.epoch() == d.epoch()).toList();
      result.add(new DeploymentRecord(d.epoch(), d.trigger(), d.request(), d.faultMs(), d.decidedMs(), d.readyMs(), d.placement(),
          d.predictedMs(), d.bytesMoved(), d.transfers(), d.detectionWallMs(), d.planningWallMs(), d.installWallMs(), d.toServingWallMs(),
          served.size(), meanOfLast(before), meanOfLast(served),
          served.stream().mapToDouble(RequestRecord::latencyMs).boxed().max(Double::compare).orElse(null)));
    }
    return result;
  }

  private static DeploymentRecord withToServing(DeploymentRecord r, double ms) {
    return new DeploymentRecord(r.epoch(), r.trigger(), r.request(), r.faultMs(), r.decidedMs(), r.readyMs(), r.placement(),
        r.predictedMs(), r.bytesMoved(), r.transfers(), r.detectionWallMs(), r.planningWallMs(), r.installWallMs(), ms, 0, null, null, null);
  }

  private static Double meanOfLast(List<RequestRecord> records) {
    return records.stream().skip(Math.max(0, records.size() - ServingReport.LATENCY_WINDOW)).mapToDouble(RequestRecord::latencyMs)
        .boxed().reduce(Double::sum).map(sum -> sum / Math.min(records.size(), ServingReport.LATENCY_WINDOW)).orElse(null);
  }

  /** The nearest-rank percentile of sorted values; NaN for none. */
  static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) return Double.NaN;
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }
}
