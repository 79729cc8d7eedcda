package io.edgeweave.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.nn.Nd4jSetup;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CvaeTest {
  static final VaeShape SMALL = new VaeShape(6, 3, List.of(5, 4), 2);

  @BeforeAll
  static void threads() {
    Nd4jSetup.singleThreaded();
  }

  /** A double-precision model with random parameters and biases, for gradient checks. */
  static Cvae doubleModel(VaeShape shape, long seed) {
    return new Cvae(shape, Nd4j.createFromArray(Noise.gaussian(1, (int) shape.parameterCount(), new SplittableRandom(seed)))
        .reshape(shape.parameterCount()).castTo(DataType.DOUBLE).muli(0.5));
  }

  static INDArray pixels(int rows, int cols, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[rows * cols];
    for (int i = 0; i < values.length; i++) values[i] = random.nextDouble();
    return Nd4j.createFromArray(values).reshape(rows, cols);
  }

  static INDArray noise(int rows, int cols, long seed) {
    return Nd4j.createFromArray(Noise.gaussian(rows, cols, new SplittableRandom(seed))).reshape(rows, cols)
        .castTo(DataType.DOUBLE);
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    Cvae model = doubleModel(SMALL, 1);
    INDArray x = pixels(4, 6, 2);
    int[] classes = {0, 2, 1, 2};
    INDArray eps = noise(4, 2, 3);
    model.lossAndGradients(x, classes, eps);
    GradientCheck.check(model.params(), model.grads(), () -> model.lossAndGradients(x, classes, eps), 120, 4);
  }

  @Test
  void parametersAreLiveViews() {
    Cvae model = doubleModel(SMALL, 5);
    INDArray z = noise(2, 2, 6);
    INDArray before = model.generate(new int[] {0, 1}, z);
    model.params().addi(0.3);
    assertNotEquals(before, model.generate(new int[] {0, 1}, z));
    assertEquals(SMALL.parameterCount(), model.params().length());
  }

  @Test
  void trainingLowersTheLossOnAFixedBatch() {
    VaeShape shape = new VaeShape(6, 3, List.of(8), 2);
    Cvae model = Cvae.of(shape, Cvae.initialParameters(shape, 9));
    INDArray x = pixels(16, 6, 7).castTo(DataType.FLOAT);
    int[] classes = new int[16];
    for (int i = 0; i < 16; i++) classes[i] = i % 3;
    Optimiser adam = new Optimiser(model.trainable().get(0), 0.01);
    INDArray eps = Nd4j.zeros(DataType.FLOAT, 16, 2);
    double first = model.lossAndGradients(x, classes, eps);
    double last = first;
    for (int step = 0; step < 200; step++) {
      last = model.lossAndGradients(x, classes, eps);
      adam.step(step);
    }
    assertTrue(last < first - 0.1, "loss " + first + " → " + last);
  }
}
