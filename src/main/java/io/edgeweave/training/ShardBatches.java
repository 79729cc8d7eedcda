package io.edgeweave.training;

import io.edgeweave.data.BatchSampler;
import io.edgeweave.data.Dataset;
import io.edgeweave.scenario.Seeds;
import java.util.stream.IntStream;

/** The batches of one node's shard of a shared training set. */
public final class ShardBatches implements BatchSource {
  private final Dataset train;
  private final BatchSampler sampler;

  public ShardBatches(Dataset train, int[] shard, int batchSize, long seed) {
    this.train = train;
    this.sampler = new BatchSampler(shard, batchSize, seed);
  }

  /**
   * The batches of a node that trains on the whole training set, in an order of its own: a function of the scenario
   * seed and the node id alone, so any JVM that hosts the node draws the same batches.
   */
  public static ShardBatches wholeSet(Dataset train, int batchSize, long scenarioSeed, String nodeId) {
    int[] all = IntStream.range(0, train.size()).toArray();
    return new ShardBatches(train, all, batchSize, Seeds.derive(scenarioSeed, "batches/" + nodeId));
  }

  @Override
  public Batch batch(int step) {
    int[] indices = sampler.batch(step);
    return new Batch(train.features(indices), train.labels(indices));
  }
}
