package io.edgeweave.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Micro-batch gradients summed in micro-batch order whatever order they come in. */
class MicroBatchSumTest {
  private static final int LENGTH = 257;

  @Test
  void anyArrivalOrderGivesTheInOrderSumBitForBit() {
    float[][] gradients = gradients(new Random(1), 5);
    float[] expected = new float[LENGTH];
    for (float[] g : gradients) {
      for (int i = 0; i < LENGTH; i++) expected[i] += g[i] * 3f;
    }
    MicroBatchSum sum = new MicroBatchSum(LENGTH);
    for (List<Integer> order : List.of(List.of(0, 1, 2, 3, 4), List.of(4, 3, 2, 1, 0), List.of(2, 0, 4, 1, 3))) {
      for (int micro : order) sum.add(micro, source(gradients[micro], 3f));
      assertArrayEquals(expected, sum.total(), "order " + order);
      sum.clear();
    }
  }

  @Test
  void aMicroBatchAddedTwiceInAStepIsRefused() {
    MicroBatchSum sum = new MicroBatchSum(LENGTH);
    float[] g = gradients(new Random(2), 1)[0];
    sum.add(1, source(g, 1f));
    assertThrows(IllegalStateException.class, () -> sum.add(1, source(g, 1f)));
    assertThrows(IllegalStateException.class, () -> new MicroBatchSum(LENGTH).total());
  }

  private static MicroBatchSum.Source source(float[] gradient, float scale) {
    return (target, overwrite) -> {
      for (int i = 0; i < LENGTH; i++) target[i] = (overwrite ? 0 : target[i]) + gradient[i] * scale;
    };
  }

  private static float[][] gradients(Random random, int n) {
    float[][] g = new float[n][LENGTH];
    for (float[] row : g) {
      for (int i = 0; i < LENGTH; i++) row[i] = (float) random.nextGaussian() * (1 + random.nextInt(1000));
    }
    return g;
  }
}
