package io.edgeweave.nn;

import io.edgeweave.scenario.LayerDef;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NetworkPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Floating-point operations of a partition, the basis of virtual compute time. Forward: each layer's
 * {@link LayerDef#forwardFlops()} per sample (2·in·out for a dense layer of {@code in × out} weights);
 * backward twice the forward (error and weight gradient); the update costs
 * {@link #UPDATE_FLOPS_PER_PARAMETER} per parameter whatever the batch.
 */
public record FlopCount(long forwardPerSample, long backwardPerSample, long parameters) {
  /** A fixed charge per parameter for an optimiser step (Adam's moment updates dominate). */
  public static final long UPDATE_FLOPS_PER_PARAMETER = 10;

  /** The FLOPs of partition {@code index} of a plan. */
  public static FlopCount of(NetworkPlan plan, int index) {
    long forward = plan.partition(index).stream().mapToLong(LayerDef::forwardFlops).sum();
    return new FlopCount(forward, 2 * forward, plan.parameters(index));
  }

  /** The FLOPs of model layers {@code [fromLayer, toLayer)} (no over-the-air cuts). */
  public static FlopCount of(ModelSpec spec, int fromLayer, int toLayer) {
    List<Integer> cuts = new ArrayList<>();
    if (fromLayer > 0) cuts.add(fromLayer);
    if (toLayer < spec.layerCount()) cuts.add(toLayer);
    return of(NetworkPlan.of(spec, cuts, List.of()), fromLayer > 0 ? 1 : 0);
  }

  public long forward(int batchSize) {
    return forwardPerSample * batchSize;
  }

  public long backward(int batchSize) {
    return backwardPerSample * batchSize;
  }

  public long update() {
    return UPDATE_FLOPS_PER_PARAMETER * parameters;
  }
}
