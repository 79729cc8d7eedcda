package io.edgeweave.genai;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * How far a Fréchet distance moves with the draw of generated images: a bootstrap (Efron and Tibshirani, 1993)
 * of the mean over classes of the per-class distance. Each replicate resamples, per class, the generated images'
 * features with replacement (as many as were drawn) and recomputes every class's distance to its fixed real
 * statistics. The interval is the normal one, estimate ± z·sd of the replicates: resampling repeats images, which
 * shrinks the covariance and biases every replicate upwards, so the replicates' percentiles are not centred on the
 * estimate while their spread is the draw's. It measures the generated side only: the real test images are the
 * same in every judgement.
 */
public final class FrechetBootstrap {
  private FrechetBootstrap() {}

  /**
   * @param estimate the mean distance of the images drawn
   * @param lower estimate − z·sd, z the standard normal's (1 + level)/2 quantile
   * @param upper estimate + z·sd
   * @param sd the replicates' standard deviation
   */
  public record Interval(double estimate, double lower, double upper, double sd, int resamples) {
    /** Half the interval's width: "estimate ± this". */
    public double halfWidth() {
      return (upper - lower) / 2;
    }
  }

  /** The Fréchet distance to one fixed Gaussian, its square root computed once for many distances. */
  public static final class Reference {
    private final GaussianStats stats;
    private final RealMatrix root;
    private final double trace;

    public Reference(GaussianStats stats) {
      this.stats = stats;
      RealMatrix s = MatrixUtils.createRealMatrix(stats.covariance());
      this.root = FrechetDistance.symmetricSqrt(s);
      this.trace = s.getTrace();
    }

    public GaussianStats stats() {
      return stats;
    }

    /** The distance of {@code other} to this reference: the same value as {@link FrechetDistance#between}. */
    public double distance(GaussianStats other) {
      return FrechetDistance.between(other, stats, root, trace);
    }
  }

  /**
   * @param features per class, the features of the generated images ({@code n × d}, n ≥ 2)
   * @param real per class, the statistics they are compared with
   * @param level the interval's coverage, in (0, 1)
   */
  public static Interval meanOverClasses(double[][][] features, Reference[] real, int resamples, double level, long seed) {
    if (!(level > 0 && level < 1)) throw new IllegalArgumentException("level must be in (0, 1), got " + level);
    double[][] distances = replicateDistances(features, real, resamples, seed);
    double estimate = 0;
    for (int c = 0; c < features.length; c++) estimate += real[c].distance(stats(features[c], identity(features[c].length)));
    estimate /= features.length;
    double[] replicates = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      for (double[] ofClass : distances) replicates[b] += ofClass[b];
      replicates[b] /= features.length;
    }
    double sd = sd(replicates);
    double z = new NormalDistribution().inverseCumulativeProbability((1 + level) / 2);
    return new Interval(estimate, estimate - z * sd, estimate + z * sd, sd, resamples);
  }

  /**
   * Per class, the standard deviation of its distance over {@code resamples} replicates (the same replicates as
   * {@link #meanOverClasses} draws with {@code seed}): how far each class's distance moves with the draw.
   */
  public static double[] classSds(double[][][] features, Reference[] real, int resamples, long seed) {
    return Arrays.stream(replicateDistances(features, real, resamples, seed)).mapToDouble(FrechetBootstrap::sd).toArray();
  }

  /** {@code [class][replicate]}: each replicate resamples every class's images with replacement, classes in order. */
  private static double[][] replicateDistances(double[][][] features, Reference[] real, int resamples, long seed) {
    if (features.length != real.length || features.length == 0) throw new IllegalArgumentException("one reference per class");
    if (resamples < 2) throw new IllegalArgumentException("a bootstrap needs at least 2 resamples, got " + resamples);
    SplittableRandom random = new SplittableRandom(seed);
    double[][] distances = new double[features.length][resamples];
    for (int b = 0; b < resamples; b++) {
      for (int c = 0; c < features.length; c++) {
        int n = features[c].length;
        int[] drawn = new int[n];
        for (int i = 0; i < n; i++) drawn[i] = random.nextInt(n);
        distances[c][b] = real[c].distance(stats(features[c], drawn));
      }
    }
    return distances;
  }

  private static double sd(double[] values) {
    double mean = Arrays.stream(values).average().orElseThrow();
    return Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1));
  }

  private static int[] identity(int n) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) all[i] = i;
    return all;
  }

  /** Mean and unbiased covariance of the rows {@code rows} of {@code x} (repetitions count). */
  static GaussianStats stats(double[][] x, int[] rows) {
    if (rows.length < 2) throw new IllegalArgumentException("a covariance needs at least 2 samples, got " + rows.length);
    int d = x[0].length;
    double[] mean = new double[d];
    for (int r : rows) for (int j = 0; j < d; j++) mean[j] += x[r][j];
    for (int j = 0; j < d; j++) mean[j] /= rows.length;
    double[][] cov = new double[d][d];
    double[] centred = new double[d];
    for (int r : rows) {
      for (int j = 0; j < d; j++) centred[j] = x[r][j] - mean[j];
      for (int i = 0; i < d; i++) {
        double ci = centred[i];
        double[] row = cov[i];
        for (int j = i; j < d; j++) row[j] += ci * centred[j];
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        cov[i][j] /= rows.length - 1;
        cov[j][i] = cov[i][j];
      }
    }
    return new GaussianStats(mean, cov, rows.length);
  }
}
