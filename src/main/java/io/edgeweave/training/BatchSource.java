package io.edgeweave.training;

import org.nd4j.linalg.api.ndarray.INDArray;

/** The local training data of a data-owning node: the batch of each step, as a pure function of the step. */
public interface BatchSource {
  Batch batch(int step);

  record Batch(INDArray features, int[] labels) {}
}
