package io.edgeweave.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class FrechetDistanceTest {
  private static GaussianStats stats(double[] mean, double[][] covariance) {
    return new GaussianStats(mean, covariance, 100);
  }

  @Test
  void oneDimensionalGaussiansGiveTheClosedForm() {
    // (μ₁ − μ₂)² + (σ₁ − σ₂)²
    double d = FrechetDistance.between(stats(new double[] {1}, new double[][] {{4}}), stats(new double[] {3}, new double[][] {{9}}));
    assertEquals(4 + 1, d, 1e-9);
  }

  @Test
  void diagonalCovariancesAddUpPerDimension() {
    GaussianStats a = stats(new double[] {0, 0, 1}, new double[][] {{1, 0, 0}, {0, 4, 0}, {0, 0, 0.25}});
    GaussianStats b = stats(new double[] {1, 0, 1}, new double[][] {{9, 0, 0}, {0, 1, 0}, {0, 0, 0.25}});
    assertEquals(1 + (1 - 3) * (1 - 3) + (2 - 1) * (2 - 1), FrechetDistance.between(a, b), 1e-9);
    assertEquals(FrechetDistance.between(a, b), FrechetDistance.between(b, a), 1e-9);
  }

  @Test
  void nonCommutingCovariancesGiveTheTwoByTwoClosedForm() {
    // For 2×2 covariances, Tr((Σ₁Σ₂)^½) = √(Tr(Σ₁Σ₂) + 2√det(Σ₁Σ₂)), the square roots of the two eigenvalues summed.
    // Σ₁Σ₂ = [[6, 1], [3, 2]] ≠ Σ₂Σ₁ = [[6, 3], [1, 2]]; Tr = 8, det = 3 · 3 = 9.
    double[][] s1 = {{2, 1}, {1, 2}};
    double[][] s2 = {{3, 0}, {0, 1}};
    double expected = (1 * 1 + 2 * 2) + (4 + 4) - 2 * Math.sqrt(8 + 2 * Math.sqrt(9));
    GaussianStats a = stats(new double[] {0, 0}, s1);
    GaussianStats b = stats(new double[] {1, 2}, s2);
    assertEquals(expected, FrechetDistance.between(a, b), 1e-9);
    assertEquals(expected, FrechetDistance.between(b, a), 1e-9);
  }

  @Test
  void aSetHasDistanceZeroToItselfAndItGrowsWithAShift() {
    SplittableRandom random = new SplittableRandom(3);
    double[][] rows = new double[400][6];
    for (double[] row : rows) {
      for (int j = 0; j < row.length; j++) row[j] = random.nextGaussian() * (1 + j) + (j % 2 == 0 ? 0.5 * row[0] : 0);
    }
    GaussianStats a = GaussianStats.of(Nd4j.createFromArray(rows));
    assertEquals(0, FrechetDistance.between(a, a), 1e-9);
    double previous = 0;
    for (double shift : new double[] {0.1, 0.5, 1, 2}) {
      double[][] moved = new double[rows.length][];
      for (int i = 0; i < rows.length; i++) {
        moved[i] = rows[i].clone();
        for (int j = 0; j < 6; j++) moved[i][j] = moved[i][j] * (1 + shift) + shift;
      }
      double d = FrechetDistance.between(a, GaussianStats.of(Nd4j.createFromArray(moved)));
      assertEquals(true, d > previous, "shift " + shift + ": " + d + " after " + previous);
      previous = d;
    }
  }
}
