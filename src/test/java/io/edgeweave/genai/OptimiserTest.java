package io.edgeweave.genai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OptimiserTest {
  /** ND4J's updater, as wired here, follows the paper's bias-corrected Adam step by step (in double precision). */
  @Test
  void stepsFollowTheTextbookAdamWithBiasCorrection() {
    double lr = 0.01;
    double[] start = {0.5, -1.0, 2.0, 0.0, 3.0, -0.25};
    INDArray params = Nd4j.createFromArray(start).reshape('c', 2, 3).castTo(DataType.DOUBLE);
    INDArray grads = params.ulike();
    Optimiser optimiser = new Optimiser(new ElboModel.ParamGroup(params, grads), lr);

    double[] p = start.clone();
    double[] m = new double[p.length];
    double[] v = new double[p.length];
    for (int t = 0; t < 5; t++) {
      // gradient of sum(p^3 / 3 + p): p^2 + 1, never zero, different in every coordinate
      double[] g = new double[p.length];
      for (int i = 0; i < p.length; i++) g[i] = p[i] * p[i] + 1;
      grads.assign(Nd4j.createFromArray(g).reshape('c', 2, 3));
      optimiser.step(t);
      for (int i = 0; i < p.length; i++) {
        m[i] = Optimiser.BETA1 * m[i] + (1 - Optimiser.BETA1) * g[i];
        v[i] = Optimiser.BETA2 * v[i] + (1 - Optimiser.BETA2) * g[i] * g[i];
        double rate = lr * Math.sqrt(1 - Math.pow(Optimiser.BETA2, t + 1)) / (1 - Math.pow(Optimiser.BETA1, t + 1));
        p[i] -= rate * m[i] / (Math.sqrt(v[i]) + Optimiser.EPSILON);
      }
      assertArrayEquals(p, params.ravel().toDoubleVector(), 1e-9, "after step " + (t + 1));
    }
  }
}
