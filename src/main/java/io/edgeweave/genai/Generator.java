package io.edgeweave.genai;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A class-conditional image generator. */
public interface Generator {
  /** Width of the noise each generated image starts from. */
  int noiseWidth();

  /** Classes it accepts, [0, classes). */
  int classes();

  /**
   * Images (pixel means in [0, 1], one row each) of the given classes, from standard Gaussian {@code noise}
   * ({@code classes.length × noiseWidth()}).
   */
  INDArray generate(int[] classes, INDArray noise);

  /** FLOPs to generate one image of {@code cls}. */
  long generateFlops(int cls);

  /** Parameters it holds. */
  long parameterCount();
}
