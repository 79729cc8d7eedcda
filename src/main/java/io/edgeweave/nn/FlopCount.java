package io.edgeweave.nn;

import io.edgeweave.scenario.ModelSpec;

/**
 * Floating-point operations of a range of dense layers, the basis of virtual compute time. Per sample and
 * layer of {@code in × out} weights: forward 2·in·out (multiply-add), backward 4·in·out (error and weight
 * gradient); the update costs {@link #UPDATE_FLOPS_PER_PARAMETER} per parameter whatever the batch.
 */
public record FlopCount(long forwardPerSample, long backwardPerSample, long parameters) {
  /** A fixed charge per parameter for an optimiser step (Adam's moment updates dominate). */
  public static final long UPDATE_FLOPS_PER_PARAMETER = 10;

  public static FlopCount of(ModelSpec spec, int fromLayer, int toLayer) {
    long forward = 0;
    long parameters = 0;
    for (int j = fromLayer; j < toLayer; j++) {
      forward += 2L * Networks.inputWidth(spec, j) * Networks.outputWidth(spec, j);
      parameters += Networks.parameterCount(spec, j);
    }
    return new FlopCount(forward, 2 * forward, parameters);
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
