package io.edgeweave.fault;

import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.FaultSpec.FaultKind;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The faults of a split-training run's nodes, by training step: which process faults strike before a step
 * starts, and how much slower a node computes during a step. A pure function of the scenario, so every JVM
 * agrees. (Crash and join faults of serving runs: {@link NodeFaultSchedule}.)
 */
public final class TrainingNodeFaults {
  private final List<FaultSpec> faults;

  /** Link faults are ignored. */
  public TrainingNodeFaults(List<FaultSpec> faults) {
    this.faults = faults.stream().filter(f -> f.kind().target() == FaultSpec.Target.NODE).toList();
  }

  /** The node faults of one node, for the node itself (slow-node windows). */
  public TrainingNodeFaults of(String nodeId) {
    return new TrainingNodeFaults(faults.stream().filter(f -> f.onNode(nodeId)).toList());
  }

  public List<FaultSpec> faults() {
    return faults;
  }

  /** Indices (in {@link #faults()}) of the process faults that strike just before {@code step} starts. */
  public List<Integer> processFaultsAt(int step) {
    return IntStream.range(0, faults.size())
        .filter(i -> faults.get(i).kind().strikesProcess() && faults.get(i).atStep().orElse(0) == step)
        .boxed()
        .toList();
  }

  /** How many times slower than its rate {@code nodeId} computes in {@code step}: the largest active factor, or 1. */
  public double slowdown(String nodeId, int step) {
    return faults.stream()
        .filter(f -> f.kind() == FaultKind.SLOW_NODE && f.onNode(nodeId))
        .filter(f -> step >= f.atStep().orElse(0) && (f.untilStep().isEmpty() || step < f.untilStep().getAsInt()))
        .mapToDouble(FaultSpec::factor)
        .max()
        .orElse(1);
  }
}
