package io.edgeweave.collab;

import io.edgeweave.data.OneHot;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.training.BatchSource;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Local training with the model's own optimiser: DL4J training steps from the received parameters, the
 * optimiser starting afresh every round (zero state, iteration 0), since devices keep nothing between rounds.
 * One step on one device's batch is exactly one {@code fit} of a new network on that batch.
 */
public final class ModelFit implements LocalTraining {
  @Override
  public Result train(MultiLayerNetwork network, Tensor model, BatchSource batches, int steps) {
    network.setParams(model.toINDArray());
    INDArray optimiserState = network.getUpdater().getStateViewArray();
    if (optimiserState != null) optimiserState.assign(0);
    network.setIterationCount(0);
    network.setEpochCount(0);
    int classes = network.layerSize(network.getnLayers() - 1);
    double loss = Double.NaN;
    for (int step = 0; step < steps; step++) {
      BatchSource.Batch batch = batches.batch(step);
      network.fit(batch.features(), OneHot.encode(batch.labels(), classes));
      loss = network.score();
    }
    return new Result(Tensor.of(network.params()), loss);
  }
}
