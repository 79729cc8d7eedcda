package io.edgeweave.training;

import io.edgeweave.tensor.Tensor;

/**
 * A batch of test samples on its way through the partitions in inference mode, to measure test accuracy
 * through the same links (and channels) that training uses. Outside virtual time and free of packet faults:
 * evaluation measures the model, it is not part of the workload.
 *
 * @param round which evaluation this batch belongs to
 * @param step the training step after which the evaluation runs (sets the channel's coherence block)
 * @param timeMs the virtual time of the evaluation (for fault windows)
 */
public record Inference(int round, int batch, int step, double timeMs, Tensor values, int[] labels) {
  /** Test samples per inference batch. */
  public static final int BATCH = 1000;

  /** The batches a test set of {@code samples} is evaluated in. */
  public static int batches(int samples) {
    return (samples + BATCH - 1) / BATCH;
  }

  public Inference withValues(Tensor newValues) {
    return new Inference(round, batch, step, timeMs, newValues, labels);
  }
}
