package io.edgeweave.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.scenario.ShardingSpec;
import io.edgeweave.scenario.ShardingSpec.Scheme;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShardingTest {
  private static final ShardingSpec IID = new ShardingSpec(Scheme.IID, 0, 0);
  private static final ShardingSpec DIRICHLET = new ShardingSpec(Scheme.DIRICHLET, 0.1, 0);
  private static final ShardingSpec TWO_CLASSES = new ShardingSpec(Scheme.CLASSES, 0, 2);

  /** 6000 samples, 600 of each of 10 classes, in a scrambled order. */
  private static final int[] LABELS = Permutations.shuffle(
      IntStream.range(0, 6000).map(i -> i % 10).toArray(), new SplittableRandom(42));

  static ShardingSpec[] specs() {
    return new ShardingSpec[] {IID, DIRICHLET, new ShardingSpec(Scheme.DIRICHLET, 5, 0), TWO_CLASSES,
        new ShardingSpec(Scheme.CLASSES, 0, 3)};
  }

  @ParameterizedTest
  @MethodSource("specs")
  void everySampleIsInExactlyOneNonEmptyShard(ShardingSpec spec) {
    for (int shards : new int[] {5, 7, 20, 3000}) {
      int[][] result = Sharding.shard(LABELS, 10, shards, spec, 1);
      assertEquals(shards, result.length);
      int[] seen = new int[LABELS.length];
      for (int[] shard : result) {
        assertTrue(shard.length > 0, spec + ": empty shard among " + shards);
        for (int index : shard) {
          seen[index]++;
        }
      }
      for (int i = 0; i < seen.length; i++) {
        assertEquals(1, seen[i], spec + ", " + shards + " shards: sample " + i);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("specs")
  void sameSeedSameShardsOtherSeedOtherShards(ShardingSpec spec) {
    int[][] a = Sharding.shard(LABELS, 10, 8, spec, 5);
    assertTrue(Arrays.deepEquals(a, Sharding.shard(LABELS, 10, 8, spec, 5)));
    assertFalse(Arrays.deepEquals(a, Sharding.shard(LABELS, 10, 8, spec, 6)));
  }

  @Test
  void iidShardsHaveNearEqualSizes() {
    int[][] shards = Sharding.shard(LABELS, 10, 7, IID, 1);
    int min = Arrays.stream(shards).mapToInt(s -> s.length).min().orElseThrow();
    int max = Arrays.stream(shards).mapToInt(s -> s.length).max().orElseThrow();
    assertTrue(max - min <= 1, min + ".." + max);
  }

  @Test
  void smallAlphaIsFarMoreSkewedThanIid() {
    double iid = meanEntropy(Sharding.shard(LABELS, 10, 20, IID, 1));
    double dirichlet = meanEntropy(Sharding.shard(LABELS, 10, 20, DIRICHLET, 1));
    assertTrue(iid > 0.95 * Math.log(10), "IID entropy " + iid);
    assertTrue(dirichlet < 0.5 * iid, "Dirichlet(0.1) entropy " + dirichlet + " vs IID " + iid);
  }

  @Test
  void classesSchemeGivesEachShardExactlyItsClasses() {
    int[][] shards = Sharding.shard(LABELS, 10, 10, TWO_CLASSES, 1);
    for (int[] shard : shards) {
      assertEquals(2, Arrays.stream(shard).map(i -> LABELS[i]).distinct().count());
      assertEquals(600, shard.length);
    }
  }

  @Test
  void gammaSamplerHasTheRightMean() {
    SplittableRandom rng = new SplittableRandom(3);
    for (double shape : new double[] {0.3, 1, 4.5}) {
      double sum = 0;
      int n = 40_000;
      for (int i = 0; i < n; i++) {
        sum += Math.exp(Sharding.logGamma(shape, rng));
      }
      assertEquals(shape, sum / n, 0.05 * shape + 0.01, "shape " + shape);
    }
  }

  @Test
  void dirichletProportionsSumToOneEvenForTinyAlpha() {
    double[] p = Sharding.dirichlet(1e-4, 5, new SplittableRandom(1));
    assertEquals(1, Arrays.stream(p).sum(), 1e-9);
    assertTrue(Arrays.stream(p).allMatch(Double::isFinite));
  }

  @Test
  void badArgumentsNameTheField() {
    assertMessage("shards must be in [1, 6000] (the number of samples), got 0",
        () -> Sharding.shard(LABELS, 10, 0, IID, 1));
    assertMessage("sharding alpha must be a positive number, got 0.0",
        () -> Sharding.shard(LABELS, 10, 4, new ShardingSpec(Scheme.DIRICHLET, 0, 0), 1));
    assertMessage("sharding classesPerShard must be in [1, 10], got 11",
        () -> Sharding.shard(LABELS, 10, 4, new ShardingSpec(Scheme.CLASSES, 0, 11), 1));
    assertMessage("sharding classesPerShard 2 × 4 shards < 10 classes: some classes would belong to no shard",
        () -> Sharding.shard(LABELS, 10, 4, TWO_CLASSES, 1));
    assertMessage("labels[1] = 10 is outside [0, 10)",
        () -> Sharding.shard(new int[] {0, 10}, 10, 1, IID, 1));
  }

  private static void assertMessage(String expected, Runnable call) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, call::run).getMessage());
  }

  private static double meanEntropy(int[][] shards) {
    double total = 0;
    for (int[] shard : shards) {
      int[] counts = new int[10];
      for (int index : shard) {
        counts[LABELS[index]]++;
      }
      for (int count : counts) {
        if (count > 0) {
          double p = count / (double) shard.length;
          total -= p * Math.log(p);
        }
      }
    }
    return total / shards.length;
  }

  @Test
  void shardsOfOneSampleEachCoverEverything() {
    int[][] shards = Sharding.shard(new int[] {0, 1, 1}, 2, 3, DIRICHLET, 9);
    int[] all = Arrays.stream(shards).flatMapToInt(Arrays::stream).sorted().toArray();
    assertArrayEquals(new int[] {0, 1, 2}, all);
  }
}
