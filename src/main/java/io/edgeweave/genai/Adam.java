package io.edgeweave.genai;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam (Kingma and Ba, 2015) over one flat parameter vector, with bias correction: m ← β₁m + (1−β₁)g,
 * v ← β₂v + (1−β₂)g², p ← p − lr·m̂ / (√v̂ + ε). Its state is two vectors of the parameters' length.
 */
final class Adam {
  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;
  static final double EPSILON = 1e-8;

  private final INDArray params;
  private final INDArray grads;
  private final INDArray m;
  private final INDArray v;
  private final double learningRate;
  private int steps;

  Adam(INDArray params, INDArray grads, double learningRate) {
    this.params = params;
    this.grads = grads;
    this.m = params.ulike();
    this.v = params.ulike();
    m.assign(0);
    v.assign(0);
    this.learningRate = learningRate;
  }

  /** One update from the gradient currently in the gradient vector. */
  void step() {
    steps++;
    m.muli(BETA1).addi(grads.mul(1 - BETA1));
    v.muli(BETA2).addi(grads.mul(grads).muli(1 - BETA2));
    double correctedRate = learningRate * Math.sqrt(1 - Math.pow(BETA2, steps)) / (1 - Math.pow(BETA1, steps));
    params.subi(m.div(Transforms.sqrt(v, true).addi(EPSILON)).muli(correctedRate));
  }
}
