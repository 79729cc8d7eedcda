package io.edgeweave.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {
  /** A shard of 12 sample indices 100, 103, …, 133. */
  private static final int[] SHARD = IntStream.range(0, 12).map(i -> 100 + 3 * i).toArray();

  @Test
  void batchIsAPureFunctionOfTheStep() {
    BatchSampler sampler = new BatchSampler(SHARD, 4, 7);
    int[] step5 = sampler.batch(5);
    sampler.batch(0);
    sampler.batch(40);
    assertArrayEquals(step5, sampler.batch(5));
    assertArrayEquals(step5, new BatchSampler(SHARD, 4, 7).batch(5), "a restarted sampler recomputes the same batch");
  }

  @Test
  void everySampleOncePerEpochWhenBatchesDivideTheShard() {
    BatchSampler sampler = new BatchSampler(SHARD, 4, 7);
    for (int epoch = 0; epoch < 4; epoch++) {
      int[] seen = IntStream.range(3 * epoch, 3 * epoch + 3).mapToObj(sampler::batch)
          .flatMapToInt(Arrays::stream).sorted().toArray();
      assertArrayEquals(SHARD, seen, "epoch " + epoch);
    }
  }

  @Test
  void batchesWrapAcrossEpochBoundaries() {
    BatchSampler sampler = new BatchSampler(SHARD, 5, 7);
    // 5 batches of 5 = 25 positions: epochs 0 and 1 whole, plus one sample of epoch 2
    int[] positions = IntStream.range(0, 5).mapToObj(sampler::batch).flatMapToInt(Arrays::stream).toArray();
    assertArrayEquals(SHARD, Arrays.stream(positions, 0, 12).sorted().toArray());
    assertArrayEquals(SHARD, Arrays.stream(positions, 12, 24).sorted().toArray());
  }

  @Test
  void seedsAndEpochsGiveDifferentOrders() {
    BatchSampler sampler = new BatchSampler(SHARD, 6, 7);
    assertFalse(Arrays.equals(sampler.batch(0), new BatchSampler(SHARD, 6, 8).batch(0)), "other seed");
    assertFalse(Arrays.equals(sampler.batch(0), sampler.batch(2)), "next epoch");
    assertEquals(6, sampler.size());
  }

  @Test
  void smallShardIsTheWholeBatch() {
    BatchSampler sampler = new BatchSampler(new int[] {4, 2, 9}, 8, 1);
    assertArrayEquals(new int[] {4, 2, 9}, sampler.batch(0));
    assertArrayEquals(new int[] {4, 2, 9}, sampler.batch(17));
    assertEquals(3, sampler.size());
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> new BatchSampler(new int[0], 4, 1));
    assertThrows(IllegalArgumentException.class, () -> new BatchSampler(SHARD, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new BatchSampler(SHARD, 4, 1).batch(-1));
  }
}
