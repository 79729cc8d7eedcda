package io.edgeweave.genai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class FrechetBootstrapTest {
  /** n draws of N(μ, I). */
  private static double[][] gaussian(double[] mean, int n, SplittableRandom random) {
    double[][] x = new double[n][mean.length];
    for (double[] row : x) for (int j = 0; j < mean.length; j++) row[j] = mean[j] + random.nextGaussian();
    return x;
  }

  private static FrechetBootstrap.Reference standard(int d) {
    double[][] identity = new double[d][d];
    for (int i = 0; i < d; i++) identity[i][i] = 1;
    return new FrechetBootstrap.Reference(new GaussianStats(new double[d], identity, 1000));
  }

  @Test
  void theIntervalCoversTheKnownDistanceAtItsLevel() {
    // FD(N(μ, I), N(0, I)) = ‖μ‖² = 4; the estimate's sd is about 2‖μ‖/√n = 0.126 (the mean term dominates)
    double[] mu = {2, 0};
    SplittableRandom random = new SplittableRandom(1);
    int covered = 0;
    int trials = 40;
    for (int t = 0; t < trials; t++) {
      double[][][] features = {gaussian(mu, 1000, random)};
      FrechetBootstrap.Interval i = FrechetBootstrap.meanOverClasses(features, new FrechetBootstrap.Reference[] {standard(2)}, 200, 0.95, t);
      assertEquals(i.estimate(), (i.lower() + i.upper()) / 2, 1e-9);
      assertEquals(1.96 * i.sd(), i.halfWidth(), 1e-3 * i.sd());
      assertTrue(i.sd() > 0.09 && i.sd() < 0.17, "bootstrap sd " + i.sd());
      if (i.lower() <= 4 && 4 <= i.upper()) covered++;
    }
    assertTrue(covered >= 33, covered + " of " + trials + " 95% intervals covered the distance");
  }

  @Test
  void theIntervalNarrowsAsOneOverTheSquareRootOfTheImages() {
    SplittableRandom random = new SplittableRandom(2);
    FrechetBootstrap.Reference[] real = {standard(3), standard(3)};
    double[] mu = {1, 1, 0};
    double small = FrechetBootstrap.meanOverClasses(new double[][][] {gaussian(mu, 400, random), gaussian(mu, 400, random)}, real, 300, 0.95, 3).halfWidth();
    double large = FrechetBootstrap.meanOverClasses(new double[][][] {gaussian(mu, 1600, random), gaussian(mu, 1600, random)}, real, 300, 0.95, 3).halfWidth();
    assertTrue(small / large > 1.5 && small / large < 2.7, "4× the images: half-width " + small + " → " + large);
  }

  @Test
  void theClassesDeviationsMakeTheMeansDeviation() {
    SplittableRandom random = new SplittableRandom(7);
    FrechetBootstrap.Reference[] real = {standard(3), standard(3), standard(3)};
    double[][][] features = {
      gaussian(new double[] {1, 0, 0}, 300, random), gaussian(new double[] {0, 2, 0}, 300, random), gaussian(new double[] {0, 0, 3}, 300, random)
    };
    double[] sds = FrechetBootstrap.classSds(features, real, 400, 9);
    // a class farther from its reference moves more with the draw (sd ≈ 2‖μ‖/√n)
    assertTrue(sds[0] < sds[1] && sds[1] < sds[2], java.util.Arrays.toString(sds));
    double combined = Math.sqrt(sds[0] * sds[0] + sds[1] * sds[1] + sds[2] * sds[2]) / 3;
    double ofTheMean = FrechetBootstrap.meanOverClasses(features, real, 400, 0.95, 9).sd();
    assertEquals(ofTheMean, combined, 0.1 * ofTheMean, "the classes are resampled independently");
    assertArrayEquals(sds, FrechetBootstrap.classSds(features, real, 400, 9), "one seed, one answer");
  }

  @Test
  void theEstimateIsTheMeanOfThePerClassDistances() {
    SplittableRandom random = new SplittableRandom(4);
    double[][] a = gaussian(new double[] {1, 0, 0}, 50, random);
    double[][] b = gaussian(new double[] {0, 3, 0}, 60, random);
    FrechetBootstrap.Reference[] real = {standard(3), standard(3)};
    FrechetBootstrap.Interval i = FrechetBootstrap.meanOverClasses(new double[][][] {a, b}, real, 10, 0.9, 5);
    double expected = (FrechetDistance.between(GaussianStats.of(Nd4j.createFromArray(a)), real[0].stats())
        + FrechetDistance.between(GaussianStats.of(Nd4j.createFromArray(b)), real[1].stats())) / 2;
    assertEquals(expected, i.estimate(), 1e-9);
    assertEquals(i, FrechetBootstrap.meanOverClasses(new double[][][] {a, b}, real, 10, 0.9, 5), "one seed, one interval");
  }

  @Test
  void aReferenceGivesTheSameDistanceAsBetween() {
    SplittableRandom random = new SplittableRandom(6);
    GaussianStats a = GaussianStats.of(Nd4j.createFromArray(gaussian(new double[] {0, 1, 2, 3}, 30, random)));
    double[][] skew = gaussian(new double[] {1, 1, 1, 1}, 40, random);
    for (double[] row : skew) row[1] += 2 * row[0];
    GaussianStats b = GaussianStats.of(Nd4j.createFromArray(skew));
    assertEquals(FrechetDistance.between(a, b), new FrechetBootstrap.Reference(b).distance(a), 1e-9);
    assertEquals(FrechetDistance.between(b, a), new FrechetBootstrap.Reference(a).distance(b), 1e-9);
  }

  @Test
  void badSettingsAreRefused() {
    double[][][] one = {gaussian(new double[] {0}, 5, new SplittableRandom(7))};
    FrechetBootstrap.Reference[] real = {standard(1)};
    assertThrows(IllegalArgumentException.class, () -> FrechetBootstrap.meanOverClasses(one, real, 1, 0.95, 1));
    assertThrows(IllegalArgumentException.class, () -> FrechetBootstrap.meanOverClasses(one, real, 10, 1.0, 1));
    assertThrows(IllegalArgumentException.class, () -> FrechetBootstrap.meanOverClasses(one, new FrechetBootstrap.Reference[0], 10, 0.9, 1));
  }
}
