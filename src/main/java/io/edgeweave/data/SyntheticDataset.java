package io.edgeweave.data;

import java.util.SplittableRandom;

/**
 * A deterministic, learnable but not trivially separable classification dataset generated in code.
 *
 * <p>Each class has a mean in a small latent space; a sample draws a latent point around its class
 * mean (unit Gaussian), maps it to the feature space through a fixed random linear map plus a base
 * level, adds uniform per-feature noise and clips to [0, 1]. The class means sit close enough that
 * classes overlap, so even a good classifier stays clearly below 100% accuracy.
 */
public final class SyntheticDataset {
  private static final int LATENT = 16;
  /** Standard deviation of the class means in latent space; sets how much classes overlap. */
  private static final double SEPARATION = 0.9;
  /** Scale of the latent-to-feature map. */
  private static final double GAIN = 0.15;
  /** Half-width of the uniform per-feature noise. */
  private static final double NOISE = 0.2;

  private SyntheticDataset() {}

  /** A training and a test set drawn from the same seeded distribution; the same seed gives identical arrays. */
  public static TrainTest generate(long seed, int trainSize, int testSize, int features, int classes) {
    if (trainSize < 0 || testSize < 0 || features < 1 || classes < 1) {
      throw new IllegalArgumentException(
          "synthetic dataset needs trainSize, testSize >= 0 and features, classes >= 1, got "
          + trainSize + ", " + testSize + ", " + features + ", " + classes);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    Model model = Model.draw(features, classes, rng);
    return new TrainTest(
        model.sample("synthetic/train", trainSize, rng.split()),
        model.sample("synthetic/test", testSize, rng.split()));
  }

  /** The seeded distribution: class means, latent-to-feature map ({@code LATENT × features}) and base levels. */
  private record Model(int features, int classes, double[][] means, double[] map, double[] base) {

    static Model draw(int features, int classes, SplittableRandom rng) {
      double[][] means = new double[classes][LATENT];
      for (double[] mean : means) {
        for (int l = 0; l < LATENT; l++) {
          mean[l] = SEPARATION * rng.nextGaussian();
        }
      }
      double[] map = new double[features * LATENT];
      for (int i = 0; i < map.length; i++) {
        map[i] = GAIN * rng.nextGaussian() / Math.sqrt(LATENT);
      }
      double[] base = new double[features];
      for (int f = 0; f < features; f++) {
        base[f] = rng.nextDouble(0.2, 0.8);
      }
      return new Model(features, classes, means, map, base);
    }

    Dataset sample(String name, int size, SplittableRandom rng) {
      float[] x = new float[size * features];
      int[] y = new int[size];
      double[] value = new double[features];
      for (int i = 0; i < size; i++) {
        y[i] = rng.nextInt(classes);
        for (int f = 0; f < features; f++) {
          value[f] = base[f] + NOISE * (2 * rng.nextDouble() - 1);
        }
        for (int l = 0; l < LATENT; l++) {
          double latent = means[y[i]][l] + rng.nextGaussian();
          for (int f = 0, at = l * features; f < features; f++) {
            value[f] += map[at + f] * latent;
          }
        }
        for (int f = 0; f < features; f++) {
          x[i * features + f] = (float) Math.min(1, Math.max(0, value[f]));
        }
      }
      return new Dataset(name, features, classes, x, y);
    }
  }
}
