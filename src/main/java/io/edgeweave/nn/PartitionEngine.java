package io.edgeweave.nn;

import io.edgeweave.tensor.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What computes a {@link Partition}: DL4J's layers ({@link Dl4jEngine}) or {@code nn.fast}
 * ({@link FastEngine}). Activations and errors cross it in DL4J's shapes (NCHW feature maps), parameters and
 * optimiser state in DL4J's flat order, so that both engines exchange the same messages and checkpoints.
 */
interface PartitionEngine {
  /** Training-mode forward pass; keeps what the backward pass needs. */
  INDArray forward(INDArray batch);

  /**
   * What the backward pass of the last forward pass needs, for {@link #restoreForward} after other forward passes
   * (it stays valid until that backward pass or the update).
   */
  Object forwardState();

  /** Makes a forward pass's {@link #forwardState} the one the next backward pass starts from. */
  void restoreForward(Object state);

  /**
   * Forward and backward pass of the last partition from one-hot labels; keeps the gradient. Without
   * {@code inputError} the error at the input may be left out (null), where the engine can skip computing it.
   */
  Partition.LossAndError trainFromLabels(INDArray batch, INDArray oneHotLabels, boolean inputError);

  /**
   * Backward pass of the last forward pass from the error at the output: dL/dInput (or, without {@code inputError},
   * possibly null); keeps the gradient.
   */
  INDArray backward(INDArray outputError, boolean inputError);

  /** The kept gradient, of the batch's summed loss as DL4J keeps it, in DL4J's flat order. */
  float[] gradient();

  /** Keeps the pending gradient, of micro-batch {@code micro}, for the step's sum; the next pass may overwrite it. */
  void keepGradient(int micro);

  /**
   * Makes the sum of the kept gradients (in micro-batch order, of the summed loss of {@code samples} in all) the
   * pending one, and forgets them.
   */
  void useKeptGradients(int samples);

  /** Applies the kept gradient as update number {@code iteration} (from 0). */
  void update(int iteration);

  /** Inference-mode output. */
  INDArray output(INDArray batch);

  /** The parameters as one flat vector, in DL4J's order. */
  INDArray parameters();

  /** The optimiser's state in DL4J's layout (empty when it keeps none). */
  Tensor optimiserState();

  /** Sets parameters and optimiser state (as {@link #optimiserState} gives it) after update number {@code iteration}. */
  void restore(Tensor parameters, Tensor optimiser, int iteration);
}
