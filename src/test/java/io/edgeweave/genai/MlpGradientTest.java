package io.edgeweave.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The hand-written backward pass of {@link Mlp} against central finite differences, in double precision. */
class MlpGradientTest {
  private static final int[] WIDTHS = {5, 7, 6, 3};

  private static INDArray random(int rows, int cols, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] values = new double[rows][cols];
    for (double[] row : values) for (int j = 0; j < cols; j++) row[j] = random.nextGaussian();
    return Nd4j.createFromArray(values);
  }

  /** Glorot weights and biases moved off zero, so that every parameter matters. */
  private static INDArray parameters() {
    float[] init = new float[(int) Mlp.parameterCount(WIDTHS)];
    Mlp.initialise(WIDTHS, init, 0, new SplittableRandom(1));
    return Nd4j.createFromArray(init).castTo(DataType.DOUBLE).addi(random(1, init.length, 2).reshape(init.length).muli(0.1));
  }

  @Test
  void parameterGradientMatchesFiniteDifferences() {
    INDArray params = parameters();
    INDArray grads = params.ulike().assign(0);
    Mlp mlp = new Mlp(WIDTHS, params, grads);
    INDArray x = random(4, 5, 3);
    INDArray dOutput = random(4, 3, 4);
    mlp.backward(mlp.forward(x), dOutput);
    // loss = Σ output ⊙ dOutput, whose gradient with respect to the output is dOutput
    GradientCheck.check(params, grads, () -> mlp.apply(x).mul(dOutput).sumNumber().doubleValue(), 40, 5);
  }

  @Test
  void inputGradientMatchesFiniteDifferences() {
    INDArray params = parameters();
    Mlp mlp = new Mlp(WIDTHS, params, params.ulike().assign(0));
    INDArray x = random(4, 5, 6);
    INDArray dOutput = random(4, 3, 7);
    INDArray dInput = mlp.backward(mlp.forward(x), dOutput);
    double h = 1e-6;
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 5; j++) {
        double original = x.getDouble(i, j);
        x.putScalar(i, j, original + h);
        double plus = mlp.apply(x).mul(dOutput).sumNumber().doubleValue();
        x.putScalar(i, j, original - h);
        double minus = mlp.apply(x).mul(dOutput).sumNumber().doubleValue();
        x.putScalar(i, j, original);
        assertEquals((plus - minus) / (2 * h), dInput.getDouble(i, j), 1e-6, "input (" + i + ", " + j + ")");
      }
    }
  }

  @Test
  void backwardAddsToTheGradientVector() {
    INDArray params = parameters();
    INDArray grads = params.ulike().assign(0);
    Mlp mlp = new Mlp(WIDTHS, params, grads);
    INDArray x = random(3, 5, 8);
    INDArray dOutput = random(3, 3, 9);
    mlp.backward(mlp.forward(x), dOutput);
    INDArray once = grads.dup();
    mlp.backward(mlp.forward(x), dOutput);
    assertEquals(0, grads.sub(once.mul(2)).norm2Number().doubleValue(), 1e-12);
  }
}
