package io.edgeweave.serving.actors;

import io.edgeweave.metrics.ChecksummedFiles;
import io.edgeweave.runtime.LinkStats;
import io.edgeweave.serving.CrashBook;
import io.edgeweave.serving.CrashBook.Crash;
import io.edgeweave.serving.Orchestration;
import io.edgeweave.serving.Preparation;
import io.edgeweave.serving.ServingLedger;
import io.edgeweave.serving.ServingReport.DeploymentRecord;
import io.edgeweave.serving.ServingReport.RequestRecord;
import io.edgeweave.serving.ServingWorker;
import io.edgeweave.serving.TopologyChanges;
import io.edgeweave.training.CheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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

  /**
   * The checkpoint of a run before request {@code request}: the orchestrator's records and the states gathered.
   *
   * @param incarnations node → its starts counted
   * @param linksDown links whose JVM is gone
   * @param probedStats link → its counters as its last probe reported them
   */
  static ServingCheckpoint of(int request, double servingStartMs, Orchestration.State orchestration, Map<String, Integer> incarnations,
      CrashBook crashes, Set<String> linksDown, Map<String, LinkStats> probedStats, TopologyChanges changes, ServingLedger ledger,
      Gathering gathered) {
    return new ServingCheckpoint(request, servingStartMs, orchestration, Map.copyOf(incarnations), crashes.crashed(), crashes.struck(),
        crashes.lastKill(), Set.copyOf(linksDown), Map.copyOf(probedStats), changes.list(), changes.faultMs(), changes.decidedMs(),
        ledger.deployments(), ledger.records(), ledger.computeMs(), ledger.commMs(), ledger.hopRetries(), Map.copyOf(gathered.nodes),
        Map.copyOf(gathered.links));
  }

  /** The states of the nodes and links up, as each reports it (for a checkpoint, or once restored from one). */
  static final class Gathering {
    private final Map<String, ServingWorker.State> nodes = new HashMap<>();
    private final Map<String, ServingLink.Snapshotted> links = new HashMap<>();
    private int awaiting;

    /** @param awaiting the reports to wait for */
    Gathering(int awaiting) {
      this.awaiting = awaiting;
    }

    /** Node {@code node} reported; true if it was the last report awaited. */
    boolean node(String node, ServingWorker.State state) {
      nodes.put(node, state);
      return --awaiting == 0;
    }

    /** A link reported; true if it was the last report awaited. */
    boolean link(ServingLink.Snapshotted state) {
      links.put(state.linkId(), state);
      return --awaiting == 0;
    }
  }

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
