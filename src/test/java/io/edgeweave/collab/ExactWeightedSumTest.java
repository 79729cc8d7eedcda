package io.edgeweave.collab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactWeightedSumTest {
  private static final int SIZE = 64;

  private record Term(int weight, float[] values) {}

  /** Values over the whole float32 range: huge, tiny, subnormal, negative, zero. */
  private static List<Term> terms(long seed, int count) {
    Random random = new Random(seed);
    List<Term> terms = new ArrayList<>();
    for (int t = 0; t < count; t++) {
      float[] values = new float[SIZE];
      for (int i = 0; i < SIZE; i++) {
        values[i] = switch (random.nextInt(5)) {
          case 0 -> (float) random.nextGaussian();
          case 1 -> (float) (random.nextGaussian() * Math.pow(2, random.nextInt(250) - 125));
          case 2 -> Float.intBitsToFloat(random.nextInt(1 << 23)) * (random.nextBoolean() ? 1 : -1);
          case 3 -> random.nextBoolean() ? Float.MAX_VALUE : -Float.MAX_VALUE;
          default -> 0f;
        };
      }
      terms.add(new Term(1 + random.nextInt(5000), values));
    }
    return terms;
  }

  private static float[] mean(List<Term> terms, long additionsBeforeCarry) {
    ExactWeightedSum sum = new ExactWeightedSum(SIZE, additionsBeforeCarry);
    for (Term t : terms) sum.add(t.weight(), FloatBuffer.wrap(t.values()));
    return sum.divideBy(sum.totalWeight());
  }

  @Test
  void theSameBitsInAnyOrderAndWithCarriesAtAnyTime() {
    List<Term> terms = terms(1, 200);
    float[] inOrder = mean(terms, 1L << 29);
    for (long seed = 2; seed < 6; seed++) {
      List<Term> shuffled = new ArrayList<>(terms);
      Collections.shuffle(shuffled, new Random(seed));
      assertArrayEquals(inOrder, mean(shuffled, 1L << 29), "order " + seed);
      assertArrayEquals(inOrder, mean(shuffled, seed), "carries every " + seed + " additions");
    }
  }

  @Test
  void agreesWithAnExactDecimalSumToTheLastBitButOne() {
    List<Term> terms = terms(7, 50);
    float[] mean = mean(terms, 3);
    long total = terms.stream().mapToLong(Term::weight).sum();
    for (int i = 0; i < SIZE; i++) {
      BigDecimal exact = BigDecimal.ZERO;
      for (Term t : terms) exact = exact.add(new BigDecimal(t.values()[i]).multiply(BigDecimal.valueOf(t.weight())));
      float expected = (float) (exact.doubleValue() / total);
      assertTrue(Math.abs(mean[i] - expected) <= Math.ulp(expected), "element " + i + ": " + mean[i] + " against " + expected);
    }
  }

  @Test
  void nothingIsLostToCancellationOrUnderflow() {
    ExactWeightedSum sum = new ExactWeightedSum(2);
    sum.add(1, FloatBuffer.wrap(new float[] {1e30f, Float.MIN_VALUE}));
    sum.add(1, FloatBuffer.wrap(new float[] {1f, Float.MIN_VALUE}));
    sum.add(1, FloatBuffer.wrap(new float[] {-1e30f, Float.MIN_VALUE}));

    // in double, 1e30 + 1 - 1e30 is 0
    assertArrayEquals(new float[] {1f, 3 * Float.MIN_VALUE}, sum.divideBy(1));
  }

  @Test
  void infinitiesAndNaNsSumAsInDouble() {
    ExactWeightedSum sum = new ExactWeightedSum(3);
    sum.add(2, FloatBuffer.wrap(new float[] {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN}));
    sum.add(1, FloatBuffer.wrap(new float[] {5f, Float.NEGATIVE_INFINITY, 1f}));

    float[] mean = sum.divideBy(sum.totalWeight());
    assertEquals(Float.POSITIVE_INFINITY, mean[0]);
    assertTrue(Float.isNaN(mean[1]));
    assertTrue(Float.isNaN(mean[2]));
  }

  @Test
  void aVectorOfAnotherSizeOrANegativeWeightIsRefused() {
    ExactWeightedSum sum = new ExactWeightedSum(2);
    assertThrows(IllegalArgumentException.class, () -> sum.add(1, FloatBuffer.wrap(new float[3])));
    assertThrows(IllegalArgumentException.class, () -> sum.add(-1, FloatBuffer.wrap(new float[2])));
  }
}
