package io.edgeweave.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The synthetic data is as hard as promised for a small MLP trained on batches from {@link BatchSampler}. */
@Tag("slow")
class SyntheticDatasetMlpTest {
  private static final int BATCH = 64;

  @Test
  void smallMlpLearnsItWellButNotPerfectly() {
    TrainTest data = SyntheticDataset.generate(1, 12_000, 2_000, 784, 10);
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(1)
        .updater(new Adam(1e-3))
        .list()
        .layer(new DenseLayer.Builder().nIn(784).nOut(128).activation(Activation.RELU).build())
        .layer(new DenseLayer.Builder().nIn(128).nOut(64).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(64).nOut(10)
            .activation(Activation.SOFTMAX).build())
        .build());
    net.init();
    Dataset train = data.train();
    BatchSampler sampler = new BatchSampler(Permutations.identity(train.size()), BATCH, 1);
    int[] batch = sampler.batch(0);
    net.fit(train.features(batch), train.oneHotLabels(batch));
    double afterOneStep = accuracy(net, data.test());
    for (int step = 1; step < 3 * train.size() / BATCH; step++) {
      batch = sampler.batch(step);
      net.fit(train.features(batch), train.oneHotLabels(batch));
    }
    double trained = accuracy(net, data.test());
    assertTrue(afterOneStep < 0.5, "accuracy after one step " + afterOneStep);
    assertTrue(trained > 0.85 && trained < 0.97, "accuracy after three epochs " + trained);
  }

  private static double accuracy(MultiLayerNetwork net, Dataset test) {
    int[] all = Permutations.identity(test.size());
    INDArray predicted = net.output(test.features(all)).argMax(1);
    int[] classes = predicted.toIntVector();
    int correct = 0;
    for (int i = 0; i < classes.length; i++) {
      correct += classes[i] == test.y()[i] ? 1 : 0;
    }
    return correct / (double) classes.length;
  }
}
