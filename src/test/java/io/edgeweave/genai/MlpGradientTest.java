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

  /**
   * A network with Glorot weights and biases moved off zero (so every parameter matters), an input batch, and
   * the loss Σ output ⊙ dOutput, whose gradient with respect to the output is {@code dOutput}.
   */
  private record Case(INDArray params, INDArray grads, Mlp mlp, INDArray x, INDArray dOutput) {
    static Case of(int rows, long seed) {
      float[] init = new float[(int) Mlp.parameterCount(WIDTHS)];
      Mlp.initialise(WIDTHS, init, 0, new SplittableRandom(seed));
      INDArray params = Nd4j.createFromArray(init).castTo(DataType.DOUBLE)
          .addi(random(1, init.length, seed + 1).reshape(init.length).muli(0.1));
      INDArray grads = params.ulike().assign(0);
      return new Case(params, grads, new Mlp(WIDTHS, params, grads), random(rows, WIDTHS[0], seed + 2),
          random(rows, WIDTHS[WIDTHS.length - 1], seed + 3));
    }

    double loss() {
      return mlp.apply(x).mul(dOutput).sumNumber().doubleValue();
    }

    INDArray backward() {
      return mlp.backward(mlp.forward(x), dOutput);
    }
  }

  private static INDArray random(int rows, int cols, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] values = new double[rows][cols];
    for (double[] row : values) for (int j = 0; j < cols; j++) row[j] = random.nextGaussian();
    return Nd4j.createFromArray(values);
  }

  @Test
  void parameterGradientMatchesFiniteDifferences() {
    Case c = Case.of(4, 1);
    c.backward();
    GradientCheck.check(c.params(), c.grads(), c::loss, 40, 5);
  }

  @Test
  void inputGradientMatchesFiniteDifferences() {
    Case c = Case.of(4, 11);
    INDArray dInput = c.backward();
    double h = 1e-6;
    for (int i = 0; i < c.x().rows(); i++) {
      for (int j = 0; j < c.x().columns(); j++) {
        double original = c.x().getDouble(i, j);
        c.x().putScalar(i, j, original + h);
        double plus = c.loss();
        c.x().putScalar(i, j, original - h);
        double minus = c.loss();
        c.x().putScalar(i, j, original);
        assertEquals((plus - minus) / (2 * h), dInput.getDouble(i, j), 1e-6, "input (" + i + ", " + j + ")");
      }
    }
  }

  @Test
  void backwardAddsToTheGradientVector() {
    Case c = Case.of(3, 21);
    c.backward();
    INDArray once = c.grads().dup();
    c.backward();
    assertEquals(0, c.grads().sub(once.mul(2)).norm2Number().doubleValue(), 1e-12);
  }
}
