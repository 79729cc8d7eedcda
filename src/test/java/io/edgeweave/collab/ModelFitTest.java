package io.edgeweave.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.edgeweave.data.BatchSampler;
import io.edgeweave.data.OneHot;
import io.edgeweave.data.SyntheticDataset;
import io.edgeweave.data.TrainTest;
import io.edgeweave.nn.Networks;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.training.BatchSource;
import io.edgeweave.training.ShardBatches;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/** Local training on a borrowed network is exactly training a new network: nothing of the last borrower leaks. */
class ModelFitTest {
  private static final ModelSpec ADAM = new ModelSpec("mlp", 20, List.of(16), 4, "relu", "adam", 0.01);
  private static final TrainTest DATA = SyntheticDataset.generate(5, 400, 10, 20, 4);

  private static final int[] SHARD = IntStream.range(0, 200).toArray();

  private static LocalData data(long seed) {
    BatchSampler sampler = new BatchSampler(SHARD, 16, seed);
    return new LocalData(DATA.train(), sampler::batch);
  }

  @Test
  void trainingOnAUsedNetworkEqualsFreshTraining() {
    MultiLayerNetwork used = Networks.whole(ADAM, 99);
    new ModelFit().train(used, Tensor.of(used.params()), data(1), 7);
    Tensor start = Tensor.of(Networks.whole(ADAM, 3).params());

    LocalTraining.Result pooled = new ModelFit().train(used, start, data(2), 3);

    MultiLayerNetwork fresh = Networks.whole(ADAM, 3);
    BatchSource reference = new ShardBatches(DATA.train(), SHARD, 16, 2);
    for (int step = 0; step < 3; step++) {
      BatchSource.Batch b = reference.batch(step);
      fresh.fit(b.features(), OneHot.encode(b.labels(), 4));
    }
    assertEquals(Tensor.of(fresh.params()), pooled.parameters());
    assertEquals(fresh.score(), pooled.loss());
    assertNotEquals(start, pooled.parameters());
  }
}
