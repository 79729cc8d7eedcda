package io.edgeweave.collab;

import io.edgeweave.data.Dataset;
import io.edgeweave.tensor.NdArrays;
import io.edgeweave.tensor.Tensor;
import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Local training with the model's own optimiser: DL4J training steps from the received parameters, the
 * optimiser starting afresh every round (zero state, iteration 0), since devices keep nothing between rounds.
 * One step on one device's batch is exactly one {@code fit} of a new network on that batch. The batch arrays
 * are allocated once per call and refilled step after step.
 */
public final class ModelFit implements LocalTraining {
  @Override
  public Result train(MultiLayerNetwork network, Tensor model, LocalData data, int steps) {
    network.setParams(model.toINDArray());
    INDArray optimiserState = network.getUpdater().getStateViewArray();
    if (optimiserState != null) optimiserState.assign(0);
    network.setIterationCount(0);
    network.setEpochCount(0);
    Dataset train = data.train();
    int classes = network.layerSize(network.getnLayers() - 1);
    INDArray features = null;
    INDArray labels = null;
    float[] oneHot = null;
    double loss = Double.NaN;
    for (int step = 0; step < steps; step++) {
      int[] batch = data.batch(step);
      if (features == null || features.rows() != batch.length) {
        features = Nd4j.createUninitialized(DataType.FLOAT, batch.length, train.features());
        labels = Nd4j.createUninitialized(DataType.FLOAT, batch.length, classes);
        oneHot = new float[batch.length * classes];
      }
      NdArrays.copyRows(train.x(), train.features(), batch, features);
      Arrays.fill(oneHot, 0);
      for (int i = 0; i < batch.length; i++) oneHot[i * classes + train.y()[batch[i]]] = 1;
      NdArrays.copy(oneHot, labels);
      network.fit(features, labels);
      loss = network.score();
    }
    return new Result(Tensor.of(network.params()), loss);
  }
}
