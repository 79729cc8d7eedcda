package io.edgeweave.data;

import java.util.SplittableRandom;

/**
 * Deterministic mini-batches over a shard. The samples are consumed as one endless stream: epoch e is
 * the shard in a permutation seeded by (seed, e), and batch {@code step} is positions
 * [step·batchSize, (step+1)·batchSize) of that stream, so a batch may straddle two epochs. A batch is a
 * pure function of the step, so any step can be recomputed after a restart. A shard smaller than the
 * batch size gives the whole shard every step.
 */
public final class BatchSampler {
  private final int[] shard;
  private final int batchSize;
  private final long seed;
  /** The last epoch's permutation, kept only to save recomputing it; never changes a result. */
  private volatile EpochOrder cached;

  private record EpochOrder(long epoch, int[] order) {}

  public BatchSampler(int[] shard, int batchSize, long seed) {
    if (shard.length == 0) {
      throw new IllegalArgumentException("shard must not be empty");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    this.shard = shard.clone();
    this.batchSize = batchSize;
    this.seed = seed;
  }

  /** Samples per batch: the batch size, or the shard size when the shard is smaller. */
  public int size() {
    return Math.min(batchSize, shard.length);
  }

  /** The sample indices of batch {@code step} (from 0). */
  public int[] batch(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, got " + step);
    }
    if (shard.length <= batchSize) {
      return shard.clone();
    }
    int[] batch = new int[batchSize];
    long start = step * batchSize;
    for (int i = 0; i < batchSize; i++) {
      long position = start + i;
      batch[i] = shard[order(position / shard.length)[(int) (position % shard.length)]];
    }
    return batch;
  }

  private int[] order(long epoch) {
    EpochOrder last = cached;
    if (last == null || last.epoch() != epoch) {
      last = new EpochOrder(epoch, Permutations.random(shard.length, new SplittableRandom(mix(seed, epoch))));
      cached = last;
    }
    return last.order();
  }

  /** A well-spread seed for (seed, epoch): SplitMix64's finaliser over both. */
  private static long mix(long seed, long epoch) {
    long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
