package io.edgeweave.data;

import io.edgeweave.tensor.NdArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Class labels as one-hot rows. */
public final class OneHot {
  private OneHot() {}

  /** A float32 matrix {@code [labels.length, classes]} with a 1 at each sample's class. */
  public static INDArray encode(int[] labels, int classes) {
    float[] values = new float[labels.length * classes];
    for (int i = 0; i < labels.length; i++) values[i * classes + labels[i]] = 1f;
    return NdArrays.fromFloats(values, labels.length, classes);
  }
}
