package io.edgeweave.serving.actors;

import io.edgeweave.metrics.ChecksummedFiles;
import io.edgeweave.runtime.LinkStats;
import io.edgeweave.serving.Orchestration;
import io.edgeweave.serving.Preparation;
import io.edgeweave.serving.ServingReport.DeploymentRecord;
import io.edgeweave.serving.ServingReport.RequestRecord;
import io.edgeweave.serving.ServingWorker;
import io.edgeweave.training.CheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A JMSNAS run between two requests, taken while nothing is in flight: what the orchestrator knows and has
 * recorded, each node's state (its weights are the trained model's, kept once in {@link #PREPARED}) and each
 * link's memory and counters. A run resumed from it serves request {@link #request} next and computes what the
 * run that was never stopped computes.
 *
 * @param request the next request to serve (every one before it is answered and recorded)
 * @param servingStartMs virtual time the first deployment came into force
 * @param crashed node → the crash it is down for
 * @param struck node → the faults that struck it already
 * @param changes topology changes seen, not yet planned for
 * @param nodes every node up → its state
 * @param links every link up → its memory and counters
 */
public record ServingCheckpoint(
    int request,
    double servingStartMs,
    Orchestration.State orchestration,
    Map<String, Integer> incarnations,
    Map<String, Crash> crashed,
    Map<String, Set<Integer>> struck,
    Crash lastKill,
    Set<String> linksDown,
    Map<String, LinkStats> probedStats,
    List<String> changes,
    double changeFaultMs,
    double changeDecidedMs,
    List<DeploymentRecord> deployments,
    List<RequestRecord> records,
    Map<String, Double> computeMs,
    Map<String, Double> commMs,
    long hopRetries,
    Map<String, ServingWorker.State> nodes,
    Map<String, ServingLink.Snapshotted> links) {

  /** The file of the search's and the training's result, written once they are done. */
  public static final String PREPARED = "prepared.ckpt";

  /** A crash: the fault that struck (index in the scenario's faults) and when. */
  public record Crash(int fault, double timeMs) {}

  /** The serving checkpoints of a run, {@code request-NNNNNN.ckpt}, numbered by the next request. */
  public static CheckpointStore<ServingCheckpoint> store(Path checkpoints) {
    return new CheckpointStore<>(checkpoints, "request", ServingCheckpoint.class, ServingCheckpoint::request);
  }

  /**
   * Where a run resumed from {@code checkpoints} carries on: the saved preparation and the newest readable serving
   * checkpoint; null (after a warning) if the preparation was not saved or cannot be read: the run starts over.
   */
  public static Orchestrator.Resume resume(Path checkpoints, Consumer<String> warn) {
    Path file = checkpoints.resolve(PREPARED);
    if (!Files.exists(file)) {
      warn.accept("no trained model saved in " + checkpoints + ": the run starts over (measured accuracies are cached)");
      return null;
    }
    Preparation.Result prepared;
    try {
      prepared = ChecksummedFiles.read(file, Preparation.Result.class);
    } catch (IOException e) {
      warn.accept(file + ": not readable (" + e.getMessage().lines().findFirst().orElse("") + "): the run starts over");
      return null;
    }
    CheckpointStore.Latest<ServingCheckpoint> latest = store(checkpoints).latest();
    latest.warnings().forEach(warn);
    return new Orchestrator.Resume(prepared, latest.checkpoint().orElse(null));
  }
}
