package io.edgeweave.genai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgeweave.genai.ExpertMixture.Part;
import io.edgeweave.genai.ExpertMixture.Strategy;
import io.edgeweave.nn.Nd4jSetup;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ExpertMixtureTest {
  static final TaskCategories CATEGORIES = new TaskCategories(
      List.of(new TaskCategories.Category("ab", List.of(0, 1)), new TaskCategories.Category("c", List.of(2))), 3);
  /** Samples per class at each of three edges. */
  static final long[][] COUNTS = {{10, 0, 4}, {3, 7, 0}, {0, 5, 9}};

  @BeforeAll
  static void threads() {
    Nd4jSetup.singleThreaded();
  }

  /** Three heterogeneous double-precision experts, adapters perturbed away from the identity. */
  static ExpertMixture mixture(Strategy strategy) {
    List<Cvae> experts = List.of(
        CvaeTest.doubleModel(new VaeShape(6, 3, List.of(5), 2), 11),
        CvaeTest.doubleModel(new VaeShape(6, 3, List.of(4, 3), 3), 12),
        CvaeTest.doubleModel(new VaeShape(6, 3, List.of(7), 2), 13));
    HierarchicalGate gate = HierarchicalGate.fromCounts(CATEGORIES, COUNTS, 2, DataType.DOUBLE);
    ExpertMixture m = ExpertMixture.assemble(experts, gate, strategy);
    SplittableRandom random = new SplittableRandom(14);
    for (int i = 0; i < experts.size(); i++) {
      INDArray a = m.adapterParams(i);
      for (long j = 0; j < a.length(); j++) a.putScalar(j, a.getDouble(j) + 0.3 * random.nextGaussian());
    }
    gate.logits().addi(CvaeTest.noise(3, 3, 15).muli(0.5));
    return m;
  }

  @ParameterizedTest
  @EnumSource(Strategy.class)
  void gradientsOfTrainedPartsMatchFiniteDifferences(Strategy strategy) {
    ExpertMixture m = mixture(strategy);
    INDArray x = CvaeTest.pixels(5, 6, 16);
    int[] classes = {0, 1, 1, 0, 1};
    INDArray eps = CvaeTest.noise(5, m.noiseWidth(), 17);
    m.lossAndGradients(x, classes, eps);
    List<ElboModel.ParamGroup> groups = m.trainable();
    assertEquals(strategy == Strategy.FINE_TUNE ? 3 + 1 + 3 : 3 + 1, groups.size());
    long seed = 18;
    for (ElboModel.ParamGroup g : groups) {
      m.lossAndGradients(x, classes, eps);
      GradientCheck.check(g.params(), g.grads(), () -> m.lossAndGradients(x, classes, eps), 12, seed++);
    }
  }

  static List<Set<Part>> partSets() {
    return List.of(EnumSet.of(Part.GATE), EnumSet.of(Part.PROJECTIONS, Part.DECODERS), EnumSet.of(Part.GATE, Part.ENCODERS));
  }

  @ParameterizedTest
  @MethodSource("partSets")
  void gradientsOfEachTunedPartMatchFiniteDifferences(Set<Part> parts) {
    ExpertMixture m = mixture(Strategy.FREEZE).tuning(parts);
    INDArray x = CvaeTest.pixels(5, 6, 16);
    int[] classes = {0, 1, 1, 0, 1};
    INDArray eps = CvaeTest.noise(5, m.noiseWidth(), 17);
    List<ElboModel.ParamGroup> groups = m.trainable();
    int expected = (parts.contains(Part.GATE) ? 1 : 0) + (parts.contains(Part.PROJECTIONS) ? 3 : 0)
        + (parts.contains(Part.ENCODERS) || parts.contains(Part.DECODERS) ? 3 : 0);
    assertEquals(expected, groups.size());
    long seed = 30;
    for (ElboModel.ParamGroup g : groups) {
      m.lossAndGradients(x, classes, eps);
      GradientCheck.check(g.params(), g.grads(), () -> m.lossAndGradients(x, classes, eps), 12, seed++);
    }
  }

  @Test
  void trainingChangesOnlyTheTunedParts() {
    SplittableRandom random = new SplittableRandom(40);
    float[] x = new float[60 * 6];
    int[] y = new int[60];
    for (int i = 0; i < y.length; i++) {
      y[i] = i % 3;
      for (int j = 0; j < 6; j++) x[i * 6 + j] = (float) random.nextDouble();
    }
    io.edgeweave.data.Dataset data = new io.edgeweave.data.Dataset("t", 6, 3, x, y);
    List<Cvae> experts = new ArrayList<>();
    int seed = 42;
    for (VaeShape shape : List.of(new VaeShape(6, 3, List.of(5), 2), new VaeShape(6, 3, List.of(4, 3), 3), new VaeShape(6, 3, List.of(7), 2))) {
      experts.add(Cvae.of(shape, Cvae.initialParameters(shape, seed++)));
    }
    ExpertMixture start = ExpertMixture.assemble(experts, HierarchicalGate.fromCounts(CATEGORIES, COUNTS, 2, DataType.FLOAT), Strategy.FREEZE);
    ExpertMixture decoders = start.tuning(EnumSet.of(Part.DECODERS));
    ElboTrainer.train(decoders, data, java.util.stream.IntStream.range(0, 60).toArray(), new ElboTrainer.Settings(1, 8, 0.01), 41);
    assertEquals(Strategy.FINE_TUNE, decoders.strategy());
    for (int i = 0; i < 3; i++) {
      Cvae before = start.experts().get(i);
      Cvae after = decoders.experts().get(i);
      long split = before.shape().encoderParameters();
      INDArray encoderBefore = before.params().get(NDArrayIndex.interval(0, split));
      assertEquals(encoderBefore, after.params().get(NDArrayIndex.interval(0, split)), "expert " + i + "'s encoder is frozen");
      assertEquals(start.adapterParams(i), decoders.adapterParams(i), "adapter " + i + " is frozen");
    }
    assertEquals(start.gate().logits(), decoders.gate().logits(), "the gate is frozen");
    boolean moved = false;
    for (int i = 0; i < 3; i++) moved |= !start.experts().get(i).params().equals(decoders.experts().get(i).params());
    assertEquals(true, moved, "some decoder learned");

    ExpertMixture gate = start.tuning(EnumSet.of(Part.GATE));
    ElboTrainer.train(gate, data, java.util.stream.IntStream.range(0, 60).toArray(), new ElboTrainer.Settings(1, 8, 0.01), 41);
    assertEquals(Strategy.FREEZE, gate.strategy());
    assertEquals(false, start.gate().logits().equals(gate.gate().logits()), "the gate learned");
    for (int i = 0; i < 3; i++) {
      assertEquals(start.experts().get(i).params(), gate.experts().get(i).params());
      assertEquals(start.adapterParams(i), gate.adapterParams(i));
    }
    assertThrows(IllegalArgumentException.class, () -> start.tuning(EnumSet.noneOf(Part.class)));
  }

  @Test
  void theGateGradientReachesOnlySelectedExperts() {
    ExpertMixture m = mixture(Strategy.FREEZE);
    // category "c" (class 2) selects experts 2 and 0 (9 and 4 samples); expert 1 never saw class 2
    assertArrayEquals(new int[] {2, 0}, m.gate().selected(1));
    m.lossAndGradients(CvaeTest.pixels(3, 6, 19), new int[] {2, 2, 2}, CvaeTest.noise(3, m.noiseWidth(), 20));
    INDArray grads = m.gate().grads();
    assertEquals(0.0, grads.getColumn(1).norm2Number().doubleValue());
    assertEquals(0.0, grads.getRow(0).norm2Number().doubleValue(), "only the batch's class row learns");
    assertEquals(true, grads.getDouble(2, 2) != 0 && grads.getDouble(2, 0) != 0);
  }

  @Test
  void freezeIsChargedNoWeightGradientOfItsExperts() {
    ExpertMixture freeze = mixture(Strategy.FREEZE);
    ExpertMixture fineTune = mixture(Strategy.FINE_TUNE);
    long saved = 0;
    for (int i : freeze.gate().selected(1)) {
      VaeShape shape = freeze.experts().get(i).shape();
      // fine-tune: 3 × (encoder + decoder) forward; freeze: encoder and decoder forward, decoder input gradient
      saved += 2 * Mlp.forwardFlops(shape.encoderWidths()) + Mlp.forwardFlops(shape.decoderWidths());
    }
    assertEquals(saved, fineTune.trainFlops(2) - freeze.trainFlops(2));
  }

  @Test
  void aBatchMayNotMixCategories() {
    ExpertMixture m = mixture(Strategy.FREEZE);
    assertThrows(IllegalArgumentException.class,
        () -> m.lossAndGradients(CvaeTest.pixels(2, 6, 1), new int[] {0, 2}, CvaeTest.noise(2, m.noiseWidth(), 2)));
  }

  @Test
  void aCutModelGeneratesWhatTheBigModelGeneratesForItsCategory() {
    ExpertMixture m = mixture(Strategy.FINE_TUNE);
    ExpertMixture task = m.cut(0);
    assertEquals(2, task.experts().size());
    INDArray z = CvaeTest.noise(4, m.noiseWidth(), 21);
    int[] classes = {0, 1, 1, 0};
    assertEquals(m.generate(classes, z), task.generate(classes, z));
    assertEquals(false, task.serves(2));
    List<Long> sizes = new ArrayList<>();
    task.experts().forEach(e -> sizes.add(e.parameterCount()));
    assertEquals(true, task.parameterCount() < m.parameterCount());
  }
}
