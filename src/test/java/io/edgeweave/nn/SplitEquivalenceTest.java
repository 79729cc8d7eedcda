package io.edgeweave.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeweave.scenario.ConvSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.TensorShape;
import io.edgeweave.tensor.Tensor;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The proof of a split: partitions trained in a chain compute exactly what the whole network computes. */
class SplitEquivalenceTest {
  private static final long SEED = 7;

  @BeforeAll
  static void threads() {
    Nd4jSetup.singleThreaded();
  }

  @ParameterizedTest
  @ValueSource(strings = {"adam", "sgd", "nesterovs"})
  void threePartitionsMatchTheWholeNetworkStepForStep(String updater) {
    ModelSpec spec = new ModelSpec("mlp", 20, List.of(16, 12), 4, "relu", updater, 0.01);
    MultiLayerNetwork whole = Networks.whole(spec, SEED);
    List<Partition> parts = Networks.split(whole, spec, List.of(1, 2));
    Nd4j.getRandom().setSeed(SEED);
    for (int step = 0; step < 120; step++) {
      int batch = step % 7 == 0 ? 5 : 8;
      INDArray x = Nd4j.rand(DataType.FLOAT, batch, 20);
      INDArray y = oneHot(step, batch, 4);

      whole.fit(new DataSet(x, y));
      double splitLoss = trainSplitStep(parts, x, y);

      assertEquals(whole.score(), splitLoss, 0.0, "loss at step " + step);
    }
    assertArrayEquals(whole.params().toFloatVector(), concat(parts), "parameters after 120 steps");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void anyCutWorks(int cut) {
    ModelSpec spec = new ModelSpec("mlp", 10, List.of(8, 6), 3, "tanh", "adam", 0.005);
    MultiLayerNetwork whole = Networks.whole(spec, SEED);
    List<Partition> parts = Networks.split(whole, spec, List.of(cut));
    INDArray x = Nd4j.rand(DataType.FLOAT, 6, 10);
    INDArray y = oneHot(3, 6, 3);
    for (int step = 0; step < 10; step++) {
      whole.fit(new DataSet(x, y));
      assertEquals(whole.score(), trainSplitStep(parts, x, y), 0.0);
    }
    assertArrayEquals(whole.params().toFloatVector(), concat(parts));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void aCnnSplitAnywhereMatchesTheWholeNetwork(int cut) {
    ModelSpec cnn = new ModelSpec("cnn", 100, List.of(12), 3, "relu", "adam", 0.01,
        List.of(new ConvSpec(4, 3, 2), new ConvSpec(6, 3, 1)), new TensorShape.Grid(1, 10, 10));
    MultiLayerNetwork whole = Networks.whole(cnn, SEED);
    List<Partition> parts = Networks.split(whole, cnn, List.of(cut));
    Nd4j.getRandom().setSeed(SEED);
    for (int step = 0; step < 10; step++) {
      INDArray x = Nd4j.rand(DataType.FLOAT, 5, 100);
      INDArray y = oneHot(step, 5, 3);
      whole.fit(new DataSet(x, y));
      assertEquals(whole.score(), trainSplitStep(parts, x, y), 0.0, "loss at step " + step);
    }
    assertArrayEquals(whole.params().toFloatVector(), concat(parts), "parameters after 10 steps");
  }

  @org.junit.jupiter.api.Test
  void partitionsOfAFreshNetworkAreSeededIdentically() {
    ModelSpec spec = new ModelSpec("mlp", 10, List.of(8, 6), 3, "relu", "adam", 0.005);
    Partition second = Networks.partition(spec, SEED, List.of(1, 2), 1);
    List<Partition> fromWhole = Networks.split(Networks.whole(spec, SEED), spec, List.of(1, 2));
    assertArrayEquals(fromWhole.get(1).parameters().toFloatVector(), second.parameters().toFloatVector());
    assertEquals(2 * 8 * 6, second.flops().forwardPerSample());
  }

  /** One training step along the chain, activations and errors travelling as message tensors do. */
  static double trainSplitStep(List<Partition> parts, INDArray x, INDArray y) {
    INDArray h = x;
    for (Partition p : parts.subList(0, parts.size() - 1)) h = sent(p.forward(h));
    Partition.LossAndError last = parts.get(parts.size() - 1).trainFromLabels(h, y);
    INDArray error = sent(last.inputError());
    for (int i = parts.size() - 2; i >= 0; i--) error = sent(parts.get(i).backward(error));
    parts.forEach(Partition::update);
    return last.loss();
  }

  private static INDArray sent(INDArray values) {
    return Tensor.of(values).toINDArray();
  }

  private static float[] concat(List<Partition> parts) {
    INDArray[] vectors = parts.stream().map(p -> p.parameters().reshape(p.parameters().length())).toArray(INDArray[]::new);
    return Nd4j.concat(0, vectors).toFloatVector();
  }

  private static INDArray oneHot(int step, int batch, int classes) {
    INDArray y = Nd4j.zeros(DataType.FLOAT, batch, classes);
    for (int i = 0; i < batch; i++) y.putScalar(i, (i * 31 + step) % classes, 1f);
    return y;
  }
}
