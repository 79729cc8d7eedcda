package io.edgeweave.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.scenario.ShardingSpec;
import io.edgeweave.scenario.ShardingSpec.Scheme;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeviceShardsTest {
  private static final Dataset TRAIN = SyntheticDataset.generate(2, 3000, 1, 8, 10).train();

  @Test
  void aPartitionPutsEverySampleOnExactlyOneDevice() {
    DeviceShards shards = DeviceShards.partition(TRAIN, 100, new ShardingSpec(Scheme.DIRICHLET, 0.3, 2), 4);
    int[] owners = new int[TRAIN.size()];
    for (int d = 0; d < 100; d++) {
      int[] shard = shards.shard(d);
      assertTrue(shard.length > 0);
      for (int i : shard) owners[i]++;
    }
    assertTrue(Arrays.stream(owners).allMatch(n -> n == 1));
  }

  @Test
  void aPartitionNeedsAtLeastOneSamplePerDevice() {
    DataException e = assertThrows(DataException.class,
        () -> DeviceShards.partition(TRAIN, 5000, new ShardingSpec(Scheme.IID, 1, 1), 4));
    assertEquals("5000 devices cannot share a partition of 3000 training samples: give each device its own"
        + " samples (workload.devices.samples)", e.getMessage());
  }

  @Test
  void sampledShardsAreDrawnOnDemandTheSameEachTime() {
    DeviceShards shards = DeviceShards.sampled(TRAIN, 1_000_000, 40, new ShardingSpec(Scheme.DIRICHLET, 0.5, 2), 4);
    assertEquals(1_000_000, shards.devices());
    int[] shard = shards.shard(999_999);
    assertEquals(40, shard.length);
    assertArrayEquals(shard, shards.shard(999_999));
    assertFalse(Arrays.equals(shard, shards.shard(999_998)));
    assertTrue(Arrays.stream(shard).allMatch(i -> i >= 0 && i < TRAIN.size()));
  }

  @Test
  void aSmallAlphaSkewsEachDevicesClassesAndClassesSchemeKeepsK() {
    DeviceShards skewed = DeviceShards.sampled(TRAIN, 200, 100, new ShardingSpec(Scheme.DIRICHLET, 0.05, 2), 4);
    DeviceShards even = DeviceShards.sampled(TRAIN, 200, 100, new ShardingSpec(Scheme.IID, 1, 2), 4);
    DeviceShards two = DeviceShards.sampled(TRAIN, 200, 100, new ShardingSpec(Scheme.CLASSES, 1, 2), 4);
    double skewedTop = 0;
    double evenTop = 0;
    for (int d = 0; d < 200; d++) {
      skewedTop += topClassShare(skewed.shard(d));
      evenTop += topClassShare(even.shard(d));
      assertTrue(Arrays.stream(TRAIN.labels(two.shard(d))).distinct().count() <= 2);
    }
    assertTrue(skewedTop / 200 > 0.7, "mean top-class share with alpha 0.05: " + skewedTop / 200);
    assertTrue(evenTop / 200 < 0.25, "mean top-class share of IID shards: " + evenTop / 200);
  }

  private static double topClassShare(int[] shard) {
    int[] counts = new int[TRAIN.classes()];
    for (int y : TRAIN.labels(shard)) counts[y]++;
    return Arrays.stream(counts).max().orElseThrow() / (double) shard.length;
  }
}
