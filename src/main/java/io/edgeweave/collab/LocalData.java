package io.edgeweave.collab;

import io.edgeweave.data.Dataset;
import java.util.function.IntFunction;

/**
 * A device's training data in one round: the shared training set, and which of its samples each local step
 * trains on (indices, so that a trainer can copy them into arrays it reuses).
 */
public record LocalData(Dataset train, IntFunction<int[]> batches) {
  /** The sample indices of local step {@code step}. */
  public int[] batch(int step) {
    return batches.apply(step);
  }
}
