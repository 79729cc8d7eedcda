package io.edgeweave.nn.fast;

/**
 * Adam as DL4J/ND4J computes it (float32, its bias correction folded into the step size, ε outside the
 * root): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − α·√(1−β₂ᵗ)/(1−β₁ᵗ) · m / (√v + ε) with t the
 * update's number from 1, so that the same gradients give DL4J's trajectory.
 */
final class AdamUpdater {
  static final float BETA1 = 0.9f;
  static final float BETA2 = 0.999f;
  static final float EPSILON = 1e-8f;

  private final float learningRate;
  final float[] m;
  final float[] v;

  AdamUpdater(int parameters, double learningRate) {
    this.learningRate = (float) learningRate;
    this.m = new float[parameters];
    this.v = new float[parameters];
  }

  /** Update number {@code iteration} (from 0) of {@code values} from {@code gradient}. */
  void update(float[] values, float[] gradient, int iteration) {
    float beta1t = (float) Math.pow(BETA1, iteration + 1);
    float beta2t = (float) Math.pow(BETA2, iteration + 1);
    float step = learningRate * (float) Math.sqrt(1f - beta2t) / (1f - beta1t);
    if (Float.isNaN(step) || Float.isInfinite(step) || step == 0f) step = EPSILON;
    for (int i = 0; i < values.length; i++) {
      float g = gradient[i];
      float mi = BETA1 * m[i] + g * (1f - BETA1);
      float vi = BETA2 * v[i] + g * g * (1f - BETA2);
      m[i] = mi;
      v[i] = vi;
      values[i] -= mi * step / ((float) Math.sqrt(vi) + EPSILON);
    }
  }
}
