package io.edgeweave.data;

import java.util.SplittableRandom;

/** Seeded shuffles shared by the sharding and batching code. */
public final class Permutations {
  private Permutations() {}

  /** 0, 1, …, n−1 in a random order drawn from {@code rng}. */
  public static int[] random(int n, SplittableRandom rng) {
    return shuffle(identity(n), rng);
  }

  /** 0, 1, …, n−1. */
  static int[] identity(int n) {
    int[] identity = new int[n];
    for (int i = 0; i < n; i++) {
      identity[i] = i;
    }
    return identity;
  }

  /** Fisher–Yates shuffle in place; returns {@code values}. */
  static int[] shuffle(int[] values, SplittableRandom rng) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
    return values;
  }
}
