package io.edgeweave.training;

import io.edgeweave.data.BatchSampler;
import io.edgeweave.data.Dataset;

/** The batches of one node's shard of a shared training set. */
public final class ShardBatches implements BatchSource {
  private final Dataset train;
  private final BatchSampler sampler;

  public ShardBatches(Dataset train, int[] shard, int batchSize, long seed) {
    this.train = train;
    this.sampler = new BatchSampler(shard, batchSize, seed);
  }

  @Override
  public Batch batch(int step) {
    int[] indices = sampler.batch(step);
    return new Batch(train.features(indices), train.labels(indices));
  }
}
