package io.edgeweave.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.tensor.NdArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A chain of three partitions trained on micro-batches GPipe-style (all forwards, then the backwards, most of
 * them of a micro-batch the engine no longer holds) follows the chain trained on whole batches: after 5 Adam
 * steps every parameter is within 1e-5 of it (float summation order only), on both engines; backward passes come in
 * micro-batch order, and two chains give the same bits.
 */
class MicroBatchPartitionTest {
  private static final ModelSpec MLP = new ModelSpec("mlp", 20, List.of(16, 12), 4, "relu", "adam", 0.01);
  private static final List<Integer> CUTS = List.of(1, 2);
  private static final int BATCH = 16;
  private static final int STEPS = 5;
  private static final double TOLERANCE = 1e-5;

  @BeforeAll
  static void threads() {
    Nd4jSetup.singleThreaded();
  }

  @ParameterizedTest
  @CsvSource({"dl4j, 2", "dl4j, 4", "fast, 2", "fast, 4"})
  void microBatchesGiveTheWholeBatchesParameters(String engine, int micros) {
    ModelSpec model = MLP.withEngine(engine);
    List<Partition> whole = chain(model);
    List<Partition> piped = chain(model);
    Random random = new Random(3);
    for (int step = 0; step < STEPS; step++) {
      INDArray x = NdArrays.fromFloats(floats(random, BATCH * 20), BATCH, 20);
      int[] labels = random.ints(BATCH, 0, 4).toArray();
      double loss = step(whole, x, labels, 1);
      double pipedLoss = step(piped, x, labels, micros);
      assertEquals(loss, pipedLoss, 1e-5, "loss of step " + step);
    }
    for (int i = 0; i < 3; i++) {
      float[] a = NdArrays.toFloats(whole.get(i).parameters());
      float[] b = NdArrays.toFloats(piped.get(i).parameters());
      double worst = 0;
      for (int j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(a[j] - b[j]));
      assertTrue(worst <= TOLERANCE, "partition " + i + " differs by " + worst);
      assertTrue(worst > 0 || micros == 1 || i == 2, "summation order should show somewhere");
    }
  }

  @ParameterizedTest
  @CsvSource({"dl4j", "fast"})
  void backwardPassesOutOfMicroBatchOrderAreRefused(String engine) {
    List<Partition> chain = chain(MLP.withEngine(engine));
    Random random = new Random(5);
    INDArray x = NdArrays.fromFloats(floats(random, BATCH * 20), BATCH, 20);
    int[] labels = random.ints(BATCH, 0, 4).toArray();

    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> step(chain, x, labels, 4, true));
    assertTrue(refused.getMessage().contains("go back in their order"), refused.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"dl4j", "fast"})
  void twoChainsGiveTheSameBits(String engine) {
    ModelSpec model = MLP.withEngine(engine);
    List<Partition> one = chain(model);
    List<Partition> other = chain(model);
    Random random = new Random(5);
    for (int step = 0; step < STEPS; step++) {
      INDArray x = NdArrays.fromFloats(floats(random, BATCH * 20), BATCH, 20);
      int[] labels = random.ints(BATCH, 0, 4).toArray();
      step(one, x, labels, 4);
      step(other, x, labels, 4);
    }
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(NdArrays.toFloats(one.get(i).parameters()), NdArrays.toFloats(other.get(i).parameters()), "partition " + i);
    }
  }

  private static List<Partition> chain(ModelSpec model) {
    List<Partition> chain = new ArrayList<>();
    for (int i = 0; i < 3; i++) chain.add(Networks.partition(model, 7, CUTS, i));
    return chain;
  }

  private static double step(List<Partition> chain, INDArray x, int[] labels, int micros) {
    return step(chain, x, labels, micros, false);
  }

  /**
   * One step over {@code micros} micro-batches: every forward, the last partition's answers, then the backwards (the
   * last micro-batch's first if {@code reversed}).
   */
  private static double step(List<Partition> chain, INDArray x, int[] labels, int micros, boolean reversed) {
    int size = BATCH / micros;
    List<INDArray> errors = new ArrayList<>();
    double loss = 0;
    for (int k = 0; k < micros; k++) {
      INDArray in = micros == 1 ? x : x.get(NDArrayIndex.interval(k * size, (k + 1) * size)).dup();
      INDArray hidden = chain.get(1).forward(k, chain.get(0).forward(k, in));
      int[] y = java.util.Arrays.copyOfRange(labels, k * size, (k + 1) * size);
      Partition.LossAndError out = chain.get(2).trainFromLabels(k, hidden, io.edgeweave.data.OneHot.encode(y, 4));
      loss += out.loss() / micros;
      errors.add(out.inputError());
    }
    for (int j = 0; j < micros; j++) {
      int k = reversed ? micros - 1 - j : j;
      chain.get(0).backward(k, chain.get(1).backward(k, errors.get(k)));
    }
    chain.forEach(Partition::update);
    return loss;
  }

  private static float[] floats(Random random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) values[i] = (float) random.nextGaussian();
    return values;
  }
}
