package io.edgeweave.genai;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Compares hand-written gradients with central finite differences, in double precision. */
final class GradientCheck {
  private GradientCheck() {}

  /**
   * Checks {@code count} random coordinates of {@code params}: the analytic gradient in {@code grads}
   * (computed before the call) against (L(p + h) − L(p − h)) / 2h.
   */
  static void check(INDArray params, INDArray grads, DoubleSupplier loss, int count, long seed) {
    INDArray analytic = grads.dup();
    SplittableRandom random = new SplittableRandom(seed);
    double h = 1e-6;
    double worst = 0;
    for (int k = 0; k < count; k++) {
      long i = random.nextLong(params.length());
      double original = params.getDouble(i);
      params.putScalar(i, original + h);
      double plus = loss.getAsDouble();
      params.putScalar(i, original - h);
      double minus = loss.getAsDouble();
      params.putScalar(i, original);
      double numeric = (plus - minus) / (2 * h);
      double exact = analytic.getDouble(i);
      double error = Math.abs(numeric - exact) / Math.max(1e-4, Math.abs(numeric) + Math.abs(exact));
      worst = Math.max(worst, error);
      assertTrue(error < 1e-5, "coordinate " + i + ": analytic " + exact + ", numeric " + numeric);
    }
    assertTrue(worst >= 0);
  }
}
