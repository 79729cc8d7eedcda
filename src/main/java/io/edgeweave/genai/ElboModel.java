package io.edgeweave.genai;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A generator trained by maximising the evidence lower bound on labelled images, one batch at a time. */
interface ElboModel extends Generator {
  /** A flat parameter vector and the flat gradient vector of the same layout. */
  record ParamGroup(INDArray params, INDArray grads) {}

  /**
   * Forward and backward pass on one batch whose classes all lie in one {@link #group}: sets the gradient
   * of every parameter (not accumulated across calls) and returns the mean loss.
   *
   * @param noise standard Gaussian, {@code batch × noiseWidth()}: the reparameterisation's ε
   */
  double lossAndGradients(INDArray x, int[] classes, INDArray noise);

  /** The parameter groups an optimiser updates. */
  List<ParamGroup> trainable();

  /** The batch group of a class: a batch never mixes groups. */
  int group(int cls);

  /** FLOPs of one training sample of {@code cls}, forward and backward. */
  long trainFlops(int cls);
}
