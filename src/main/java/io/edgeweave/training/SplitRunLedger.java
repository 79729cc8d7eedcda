package io.edgeweave.training;

import io.edgeweave.channel.LinkState;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.scenario.Scenario;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a split-training run has committed and survived: the records of its steps, its checkpoints, and its
 * recoveries from lost nodes (steps lost with a JVM, steps computed again), and the run summary made of them. The
 * director decides when; this keeps the books.
 */
public final class SplitRunLedger {
  /** Recoveries in a row without a step committed in between, after which the run gives up. */
  public static final int MAX_RECOVERIES_WITHOUT_PROGRESS = 3;

  private final List<StepRecord> records = new ArrayList<>();
  private RunCheckpoint lastCheckpoint;
  private int checkpointsSaved;
  private int recoveries;
  private int recoveriesWithoutProgress;
  private final List<Integer> resumedFromSteps = new ArrayList<>();
  private int stepsRedone;
  private int stepsLost;
  private double recoveryWallMs;

  public void commit(StepRecord record) {
    records.add(record);
    recoveriesWithoutProgress = 0;
  }

  /** Steps committed, which is also the next step to run. */
  public int committed() {
    return records.size();
  }

  /** How many committed steps carry a test accuracy. */
  public int evaluations() {
    return (int) records.stream().filter(r -> r.testAccuracy().isPresent()).count();
  }

  /** A cut after {@code step} of the committed records, with the partitions' and links' states. */
  public RunCheckpoint checkpoint(Scenario scenario, int step, List<SplitWorker.State> partitions,
      Map<String, LinkState> links) {
    return new RunCheckpoint(scenario.name(), scenario.seed(), step, partitions, links, records);
  }

  public void checkpointSaved(RunCheckpoint checkpoint) {
    lastCheckpoint = checkpoint;
    checkpointsSaved++;
  }

  /** The newest checkpoint on disk, or null. */
  public RunCheckpoint lastCheckpoint() {
    return lastCheckpoint;
  }

  /** A node or link was lost: false once that happened too often without a step committed in between. */
  public boolean recoveryStarted() {
    if (++recoveriesWithoutProgress > MAX_RECOVERIES_WITHOUT_PROGRESS) return false;
    recoveries++;
    return true;
  }

  /**
   * The run goes on from {@code from} (null: from the start): the steps committed after it are forgotten and
   * counted as redone if they were behind a checkpoint on disk, as lost otherwise.
   *
   * @return the step to run next
   */
  public int resumeFrom(RunCheckpoint from) {
    int resumeStep = from == null ? 0 : from.step() + 1;
    int durable = lastCheckpoint == null ? resumeStep : lastCheckpoint.step() + 1;
    stepsLost += Math.max(0, durable - resumeStep);
    stepsRedone += Math.max(0, records.size() - durable);
    resumedFromSteps.add(resumeStep);
    records.clear();
    if (from != null) records.addAll(from.records());
    if (lastCheckpoint == null) lastCheckpoint = from;
    return resumeStep;
  }

  /** A recovery took {@code wallMs} from the last progress before the loss to training again. */
  public void recovered(double wallMs) {
    recoveryWallMs += wallMs;
  }

  /** What the links carried, summed over them. */
  public record LinkTotals(long bytesSent, long messagesDropped, long messagesDuplicated, double channelUses) {}

  /**
   * How the run ended.
   *
   * @param failure why it did not complete, or null
   * @param faultsInjected process faults struck and slow-node windows opened
   * @param lastEvaluation the batches of the last test evaluation, or null
   */
  public record Ending(
      RunStatus status, String failure, double wallTimeMs, Instant startedAt, Map<String, String> placement,
      LinkTotals links, int faultsInjected, TestBatches lastEvaluation) {}

  /** The run summary of {@code scenario}'s split training of {@code steps} steps of {@code batchSize} samples. */
  public RunSummary summary(Scenario scenario, int steps, int batchSize, Ending end) {
    Map<String, Double> computeMs = new LinkedHashMap<>();
    Map<String, Double> commMs = new LinkedHashMap<>();
    scenario.nodes().keySet().forEach(id -> computeMs.put(id, 0.0));
    scenario.links().keySet().forEach(id -> commMs.put(id, 0.0));
    double trainingWallMs = 0;
    long retries = 0;
    Double testAccuracy = null;
    for (StepRecord r : records) {
      r.computeMsByNode().forEach((k, v) -> computeMs.merge(k, v, Double::sum));
      r.commMsByLink().forEach((k, v) -> commMs.merge(k, v, Double::sum));
      trainingWallMs += r.wallTimeMs();
      retries += r.retries();
      if (r.testAccuracy().isPresent()) testAccuracy = r.testAccuracy().getAsDouble();
    }
    boolean completed = end.failure() == null;
    RunSummary.Recovery recovery = new RunSummary.Recovery(
        end.faultsInjected(), checkpointsSaved, lastCheckpoint == null ? null : lastCheckpoint.step(), recoveries,
        resumedFromSteps, stepsRedone, stepsLost, recoveryWallMs);
    return new RunSummary(
        scenario.name(),
        scenario.seed(),
        completed ? RunStatus.COMPLETED : end.status(),
        end.failure(),
        completed ? testAccuracy : null,
        steps,
        records.size(),
        RunSummary.samplesPerSecond((long) records.size() * batchSize, trainingWallMs),
        records.isEmpty() ? 0 : records.get(records.size() - 1).virtualTimeMs(),
        end.wallTimeMs(),
        end.links().bytesSent(),
        end.links().messagesDropped(),
        end.links().messagesDuplicated(),
        retries,
        computeMs,
        commMs,
        end.startedAt(),
        end.placement(),
        recovery,
        end.links().channelUses(),
        completed && end.lastEvaluation() != null ? end.lastEvaluation().accuracySd() : null,
        end.lastEvaluation() == null ? 0 : end.lastEvaluation().batches(), null);
  }
}
