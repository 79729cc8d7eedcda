package io.edgeweave.genai;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The trainable linear projections joining one expert (latent size z) to the shared latent space (size D):
 * the expert's posterior mean and log-variance into the shared space ({@code z → D} each), and a shared
 * latent point back into the expert's latent space ({@code D → z}). All in one flat vector.
 */
final class Adapter {
  private final INDArray params;
  private final INDArray grads;
  final Mlp meanIn;
  final Mlp logVarIn;
  final Mlp latentOut;

  Adapter(int expertLatent, int shared, INDArray params) {
    this.params = params.reshape(params.length());
    this.grads = Nd4j.zeros(params.dataType(), params.length());
    long a = Mlp.parameterCount(new int[] {expertLatent, shared});
    long b = 2 * a;
    long end = params.length();
    meanIn = new Mlp(new int[] {expertLatent, shared}, slice(this.params, 0, a), slice(grads, 0, a));
    logVarIn = new Mlp(new int[] {expertLatent, shared}, slice(this.params, a, b), slice(grads, a, b));
    latentOut = new Mlp(new int[] {shared, expertLatent}, slice(this.params, b, end), slice(grads, b, end));
  }

  static long parameterCount(int expertLatent, int shared) {
    return 2 * Mlp.parameterCount(new int[] {expertLatent, shared}) + Mlp.parameterCount(new int[] {shared, expertLatent});
  }

  /**
   * Projections that start as the identity on the first min(z, D) coordinates and zero elsewhere: the shared
   * prior N(0, I) then reaches the expert as its own prior, and the expert works as it did alone.
   */
  static float[] identity(int expertLatent, int shared) {
    float[] flat = new float[Math.toIntExact(parameterCount(expertLatent, shared))];
    int inBlock = expertLatent * shared + shared;
    int diagonal = Math.min(expertLatent, shared);
    for (int j = 0; j < diagonal; j++) {
      flat[j * shared + j] = 1;
      flat[inBlock + j * shared + j] = 1;
      flat[2 * inBlock + j * expertLatent + j] = 1;
    }
    return flat;
  }

  private static INDArray slice(INDArray flat, long from, long to) {
    return flat.get(NDArrayIndex.interval(from, to));
  }

  INDArray params() {
    return params;
  }

  INDArray grads() {
    return grads;
  }

  long forwardFlops() {
    return 3 * Mlp.forwardFlops(new int[] {meanIn.inputs(), meanIn.outputs()});
  }
}
