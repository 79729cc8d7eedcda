package io.edgeweave.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PowerNormalizationTest {
  private static final PowerNormalization TWO_WATTS = new PowerNormalization(2);

  private static INDArray input(int rank) {
    Nd4j.getRandom().setSeed(rank);
    return (rank == 2 ? Nd4j.rand(DataType.DOUBLE, 3, 5) : Nd4j.rand(DataType.DOUBLE, 2, 4, 3, 3)).subi(0.5);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4})
  void everySampleCarriesThePowerPerChannelUseOnAverage(int rank) {
    INDArray z = input(rank);
    INDArray x = TWO_WATTS.getActivation(z.dup(), true);
    int uses = rank == 2 ? 1 : 9; // a 3×3 feature map: one channel use per position
    INDArray energy = x.mul(x).reshape(x.size(0), x.length() / x.size(0)).sum(1);
    for (double e : energy.toDoubleVector()) assertEquals(2.0 * uses, e, 1e-10);
    if (rank == 4) { // positions keep their relative strength
      INDArray ratio = x.div(z);
      assertEquals(ratio.getDouble(0, 0, 0, 0), ratio.getDouble(0, 3, 2, 1), 1e-10);
    }
  }

  /** The analytic gradient against central differences of L = Σ w·x, for a sample matrix and a feature map. */
  @ParameterizedTest
  @ValueSource(ints = {2, 4})
  void backpropMatchesFiniteDifferences(int rank) {
    INDArray z = input(rank);
    INDArray w = Nd4j.rand(DataType.DOUBLE, z.shape()).subi(0.5);
    INDArray analytic = TWO_WATTS.backprop(z.dup(), w.dup()).getFirst();
    double h = 1e-6;
    INDArray flat = z.reshape(z.length());
    for (int i = 0; i < z.length(); i++) {
      INDArray plus = flat.dup();
      plus.putScalar(i, flat.getDouble(i) + h);
      INDArray minus = flat.dup();
      minus.putScalar(i, flat.getDouble(i) - h);
      double numeric = (loss(plus.reshape(z.shape()), w) - loss(minus.reshape(z.shape()), w)) / (2 * h);
      assertEquals(numeric, analytic.reshape(z.length()).getDouble(i), 1e-7, "element " + i);
    }
  }

  private static double loss(INDArray z, INDArray w) {
    return TWO_WATTS.getActivation(z.dup(), true).mul(w).sumNumber().doubleValue();
  }
}
