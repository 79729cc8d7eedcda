package io.edgeweave.genai;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A multilayer perceptron whose weights and biases are views into one flat parameter vector: dense layers
 * {@code widths[0] → widths[1] → ... → widths[L]}, ReLU between them and an identity output. The backward
 * pass is written by hand (checked against finite differences in {@code MlpGradientTest}) and writes its
 * parameter gradient into a flat vector of the same layout. Works in the data type of its parameters.
 * Not thread-safe: one owner at a time.
 */
final class Mlp {
  private final int[] widths;
  private final INDArray[] weights;
  private final INDArray[] biases;
  private final INDArray[] weightGrads;
  private final INDArray[] biasGrads;

  /** The values a forward pass keeps for its backward pass: the input of each layer and its pre-activation. */
  record Pass(INDArray[] inputs, INDArray[] preActivations, INDArray output) {}

  /**
   * @param params flat parameter vector of {@link #parameterCount(int[])} values (viewed, not copied)
   * @param grads flat gradient vector of the same length (viewed, not copied)
   */
  Mlp(int[] widths, INDArray params, INDArray grads) {
    this.widths = widths.clone();
    int layers = widths.length - 1;
    weights = new INDArray[layers];
    biases = new INDArray[layers];
    weightGrads = new INDArray[layers];
    biasGrads = new INDArray[layers];
    long at = 0;
    for (int j = 0; j < layers; j++) {
      int in = widths[j];
      int out = widths[j + 1];
      weights[j] = view(params, at, in, out);
      weightGrads[j] = view(grads, at, in, out);
      at += (long) in * out;
      biases[j] = view(params, at, 1, out);
      biasGrads[j] = view(grads, at, 1, out);
      at += out;
    }
    if (at != params.length() || at != grads.length()) {
      throw new IllegalArgumentException("an MLP of widths " + java.util.Arrays.toString(widths) + " has " + at
          + " parameters, got " + params.length() + " values and " + grads.length() + " gradients");
    }
  }

  /** A {@code rows × cols} c-order view of {@code flat} from {@code offset}. */
  static INDArray view(INDArray flat, long offset, int rows, int cols) {
    return flat.get(NDArrayIndex.interval(offset, offset + (long) rows * cols)).reshape('c', rows, cols);
  }

  static long parameterCount(int[] widths) {
    long n = 0;
    for (int j = 0; j + 1 < widths.length; j++) n += (long) widths[j] * widths[j + 1] + widths[j + 1];
    return n;
  }

  /** Multiply-add FLOPs of one forward pass of one sample: 2·in·out per layer. */
  static long forwardFlops(int[] widths) {
    long n = 0;
    for (int j = 0; j + 1 < widths.length; j++) n += 2L * widths[j] * widths[j + 1];
    return n;
  }

  /**
   * Initial parameters: weights uniform in ±sqrt(6 / (in + out)) (Glorot), biases zero, drawn from
   * {@code random} in layer order.
   */
  static void initialise(int[] widths, float[] flat, int offset, SplittableRandom random) {
    int at = offset;
    for (int j = 0; j + 1 < widths.length; j++) {
      int in = widths[j];
      int out = widths[j + 1];
      double limit = Math.sqrt(6.0 / (in + out));
      for (int k = 0; k < in * out; k++) flat[at++] = (float) ((2 * random.nextDouble() - 1) * limit);
      at += out;
    }
  }

  int inputs() {
    return widths[0];
  }

  int outputs() {
    return widths[widths.length - 1];
  }

  Pass forward(INDArray x) {
    int layers = weights.length;
    INDArray[] inputs = new INDArray[layers];
    INDArray[] pre = new INDArray[layers];
    INDArray a = x;
    for (int j = 0; j < layers; j++) {
      inputs[j] = a;
      pre[j] = a.mmul(weights[j]).addiRowVector(biases[j]);
      a = j + 1 < layers ? Transforms.relu(pre[j], true) : pre[j];
    }
    return new Pass(inputs, pre, a);
  }

  /** Output only, for generation. */
  INDArray apply(INDArray x) {
    return forward(x).output();
  }

  /**
   * Adds the parameter gradient of {@code dOutput} (dL/d output) into the gradient vector and returns dL/d input.
   */
  INDArray backward(Pass pass, INDArray dOutput) {
    INDArray d = dOutput;
    for (int j = weights.length - 1; j >= 0; j--) {
      if (j + 1 < weights.length) d = d.mul(pass.preActivations()[j].gt(0).castTo(d.dataType()));
      weightGrads[j].addi(pass.inputs()[j].transpose().mmul(d));
      biasGrads[j].addi(d.sum(true, 0));
      d = d.mmul(weights[j].transpose());
    }
    return d;
  }
}
