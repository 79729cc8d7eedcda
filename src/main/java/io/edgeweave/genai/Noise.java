package io.edgeweave.genai;

import io.edgeweave.tensor.NdArrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Standard Gaussian noise drawn in Java from a seeded stream: ND4J's own generators keep state per thread,
 * and actors run on whichever thread their dispatcher gives them.
 */
public final class Noise {
  private Noise() {}

  /** {@code rows × cols} standard Gaussian values, row-major. */
  public static float[] gaussian(int rows, int cols, SplittableRandom random) {
    float[] values = new float[rows * cols];
    for (int i = 0; i < values.length; i++) values[i] = (float) random.nextGaussian();
    return values;
  }

  /** The same as a float32 matrix. */
  public static INDArray matrix(int rows, int cols, SplittableRandom random) {
    return NdArrays.fromFloats(gaussian(rows, cols, random), rows, cols);
  }
}
