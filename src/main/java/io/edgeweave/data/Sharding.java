package io.edgeweave.data;

import io.edgeweave.scenario.ShardingSpec;
import java.util.Arrays;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Divides a training set among devices: IID (a seeded shuffle cut into near-equal parts), DIRICHLET
 * (each class spread over the shards in proportions drawn from Dir(alpha)) or CLASSES (each shard
 * holds k classes, each class split evenly among the shards holding it). Every sample lands in exactly
 * one shard, no shard is empty, and the result depends only on the arguments.
 */
public final class Sharding {
  private Sharding() {}

  /**
   * The sample indices of each shard.
   *
   * @param labels class of each sample, in [0, classes)
   * @param shards number of shards, at least 1 and at most the number of samples
   */
  public static int[][] shard(int[] labels, int classes, int shards, ShardingSpec spec, long seed) {
    check(labels, classes, shards, spec);
    SplittableRandom rng = new SplittableRandom(seed);
    int[] owner = new int[labels.length];
    int[] allShards = Permutations.identity(shards);
    switch (spec.scheme()) {
      case IID -> assign(Permutations.random(labels.length, rng), allShards, equal(shards), owner);
      case DIRICHLET -> {
        for (int[] members : byClass(labels, classes, rng)) {
          assign(members, allShards, dirichlet(spec.alpha(), shards, rng), owner);
        }
      }
      case CLASSES -> {
        int[][] holders = holders(classes, shards, spec.classesPerShard(), rng);
        int[][] members = byClass(labels, classes, rng);
        for (int c = 0; c < classes; c++) {
          assign(members[c], holders[c], equal(holders[c].length), owner);
        }
      }
    }
    return fillEmpty(group(owner, shards));
  }

  private static void check(int[] labels, int classes, int shards, ShardingSpec spec) {
    if (shards < 1 || shards > labels.length) {
      throw new IllegalArgumentException(
          "shards must be in [1, " + labels.length + "] (the number of samples), got " + shards);
    }
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be >= 1, got " + classes);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("labels[" + i + "] = " + labels[i] + " is outside [0, " + classes + ")");
      }
    }
    if (spec.scheme() == ShardingSpec.Scheme.DIRICHLET && !(spec.alpha() > 0 && Double.isFinite(spec.alpha()))) {
      throw new IllegalArgumentException("sharding alpha must be a positive number, got " + spec.alpha());
    }
    if (spec.scheme() == ShardingSpec.Scheme.CLASSES) {
      int k = spec.classesPerShard();
      if (k < 1 || k > classes) {
        throw new IllegalArgumentException("sharding classesPerShard must be in [1, " + classes + "], got " + k);
      }
      if ((long) k * shards < classes) {
        throw new IllegalArgumentException("sharding classesPerShard " + k + " × " + shards
            + " shards < " + classes + " classes: some classes would belong to no shard");
      }
    }
  }

  /** Splits {@code members} in order among {@code targets}, in proportion to {@code weights}. */
  private static void assign(int[] members, int[] targets, double[] weights, int[] owner) {
    double total = Arrays.stream(weights).sum();
    double cumulative = 0;
    int from = 0;
    for (int t = 0; t < targets.length; t++) {
      cumulative += weights[t];
      int to = t == targets.length - 1 ? members.length : (int) Math.round(members.length * cumulative / total);
      for (int i = from; i < to; i++) {
        owner[members[i]] = targets[t];
      }
      from = to;
    }
  }

  /** Sample indices of each class, each list in a seeded random order. */
  private static int[][] byClass(int[] labels, int classes, SplittableRandom rng) {
    int[][] members = group(labels, classes);
    for (int[] list : members) {
      Permutations.shuffle(list, rng);
    }
    return members;
  }

  /** For each class, the shards holding it: shard s holds k consecutive classes of a seeded class order. */
  private static int[][] holders(int classes, int shards, int k, SplittableRandom rng) {
    int[] order = Permutations.random(classes, rng);
    int[] classOfSlot = new int[shards * k];
    for (int slot = 0; slot < classOfSlot.length; slot++) {
      classOfSlot[slot] = order[slot % classes];
    }
    int[][] holders = group(classOfSlot, classes);
    for (int[] slots : holders) {
      for (int i = 0; i < slots.length; i++) {
        slots[i] /= k;
      }
    }
    return holders;
  }

  /** Proportions over {@code n} parts drawn from a symmetric Dirichlet(alpha), via gamma variates in log space. */
  static double[] dirichlet(double alpha, int n, SplittableRandom rng) {
    double[] logs = new double[n];
    for (int i = 0; i < n; i++) {
      logs[i] = logGamma(alpha, rng);
    }
    double max = Arrays.stream(logs).max().orElseThrow();
    double[] weights = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      weights[i] = Math.exp(logs[i] - max);
      sum += weights[i];
    }
    for (int i = 0; i < n; i++) {
      weights[i] /= sum;
    }
    return weights;
  }

  /**
   * The logarithm of a Gamma(shape, 1) variate (Marsaglia and Tsang, 2000); for shape < 1 via
   * Gamma(shape) = Gamma(shape + 1)·U^(1/shape). Logs keep tiny shapes from underflowing to zero.
   */
  static double logGamma(double shape, SplittableRandom rng) {
    if (shape < 1) {
      return logGamma(shape + 1, rng) + Math.log(1 - rng.nextDouble()) / shape;
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = rng.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = 1 - rng.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return Math.log(d * v);
      }
    }
  }

  /** Indices i grouped by {@code key[i]} in [0, groups), ascending within each group. */
  private static int[][] group(int[] key, int groups) {
    int[] counts = new int[groups];
    for (int k : key) {
      counts[k]++;
    }
    int[][] grouped = new int[groups][];
    for (int g = 0; g < groups; g++) {
      grouped[g] = new int[counts[g]];
    }
    int[] filled = new int[groups];
    for (int i = 0; i < key.length; i++) {
      grouped[key[i]][filled[key[i]]++] = i;
    }
    return grouped;
  }

  /** Gives each empty shard one sample taken from the currently largest shard. */
  private static int[][] fillEmpty(int[][] shards) {
    int[] sizes = Arrays.stream(shards).mapToInt(s -> s.length).toArray();
    PriorityQueue<Integer> largest = new PriorityQueue<>(
        Comparator.<Integer>comparingInt(s -> -sizes[s]).thenComparingInt(s -> s));
    for (int s = 0; s < shards.length; s++) {
      if (sizes[s] > 0) {
        largest.add(s);
      }
    }
    for (int s = 0; s < shards.length; s++) {
      if (sizes[s] == 0) {
        int donor = largest.remove();
        shards[s] = new int[] {shards[donor][--sizes[donor]]};
        sizes[s] = 1;
        largest.add(donor);
      }
    }
    for (int s = 0; s < shards.length; s++) {
      if (sizes[s] < shards[s].length) {
        shards[s] = Arrays.copyOf(shards[s], sizes[s]);
      }
    }
    return shards;
  }

  private static double[] equal(int n) {
    double[] weights = new double[n];
    Arrays.fill(weights, 1);
    return weights;
  }
}
