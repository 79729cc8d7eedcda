package io.edgeweave.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.data.Dataset;
import io.edgeweave.data.TrainTest;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.scenario.ConvSpec;
import io.edgeweave.scenario.JmsnasSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.TensorShape;
import io.edgeweave.tensor.Encoding;
import io.edgeweave.tensor.WireFormat;
import io.edgeweave.training.Evaluation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Convolution blocks in the search: their costs, cuts between them, their training on the fast path, the choice. */
class ConvCandidatesTest {
  private static final WireFormat WIRE = new WireFormat(Encoding.UINT8, Encoding.INT8);
  /** An MLP on 12×12 images: the convolution candidates read its inputs as one 12×12 channel. */
  private static final ModelSpec BASE = new ModelSpec("mlp", 144, List.of(16), 4, "relu", "adam", 0.01);
  private static final TrainTest SHAPES = shapes(7, 4_000, 400);

  @BeforeAll
  static void threads() {
    Nd4jSetup.singleThreaded();
  }

  private static ModelSpec cnn(int side, List<ConvSpec> convolutions, List<Integer> hidden) {
    return new ModelSpec("cnn", side * side, hidden, 10, "relu", "adam", 0.001, convolutions, new TensorShape.Grid(1, side, side));
  }

  @Test
  void aConvolutionBlockCountsItsConvolutionAndPoolingAndEmitsThePooledMap() {
    ModelSpec model = cnn(28, List.of(new ConvSpec(8, 5, 2)), List.of(32));
    BlockChain chain = BlockChain.of(model, new WireFormat(Encoding.UINT8, Encoding.FLOAT32));
    assertEquals(List.of("c8k5p2", "dense32", "out10"), chain.blocks().stream().map(Block::name).toList());
    // 5×5 on one channel, 8 filters, at 28×28 positions (same padding), then one comparison per value pooled
    assertEquals(2L * 25 * 8 * 784 + 8 * 784, chain.block(0).forwardFlopsPerSample());
    assertEquals(25 * 8 + 8, chain.block(0).parameters());
    assertEquals(8 * 14 * 14, chain.block(0).outputsPerSample());
    assertEquals(2L * 1568 * 32, chain.block(1).forwardFlopsPerSample());
    assertEquals(1568 * 32 + 32, chain.block(1).parameters());
    assertEquals(784 * 16, chain.activationBytes(0, 16), "the raw image, a byte a pixel");
    assertEquals(1568 * 16 * Float.BYTES, chain.activationBytes(1, 16), "the pooled feature map crosses the cut");
    assertEquals("784-c8k5p2-32-10", Architectures.name(model));
  }

  /** 4×14×14 = 784 values after the first block (as many as the image's bytes), 4×7×7 = 196 after the second. */
  private static final ModelSpec TWO_CONVOLUTIONS = cnn(28, List.of(new ConvSpec(4, 3, 2), new ConvSpec(4, 3, 2)), List.of(64));

  /** A device that computes fast but holds only the convolutions, an edge server, a cloud; the uplink at {@code bps}. */
  private static LatencyModel twoConvolutionsOver(double uplinkBps) {
    BlockChain chain = BlockChain.of(TWO_CONVOLUTIONS, WIRE);
    long convolutionBytes = chain.block(0).memoryBytes() + chain.block(1).memoryBytes();
    Topology topology = Topology.of(
        List.of(
            RandomInstances.node("device", NodeRole.EDGE, 1e9, convolutionBytes),
            RandomInstances.node("edge", NodeRole.EDGE, 1e10, 1 << 20),
            RandomInstances.node("cloud", NodeRole.CLOUD, 1e11, 1 << 30)),
        List.of(
            RandomInstances.link("up", "device", "edge", uplinkBps, 2),
            RandomInstances.link("core", "edge", "cloud", 1e9, 5)));
    return new LatencyModel(chain, topology, 16, 64);
  }

  @Test
  void aSlowUplinkCutsAfterTheSecondConvolutionBlockAndAFastOneSendsTheImage() {
    // 1 Mbps: the image (16 × 784 B) takes 100 ms, the second block's int8 map (16 × 196 B) 25 ms, the device's
    // two blocks ~1.9 ms; the dense layer does not fit the device
    SplitPlanner.Planned slow = new SplitPlanner(twoConvolutionsOver(1e6)).best("device", node -> true).orElseThrow();
    assertEquals(List.of("device", "edge"), slow.placement().computeNodes());
    assertEquals("device 784→784→196 | edge 196→64→10", PlanText.placement(TWO_CONVOLUTIONS, slow.placement()));
    // 1 Gbps: the image takes 0.1 ms, less than the device's convolutions
    SplitPlanner.Planned fast = new SplitPlanner(twoConvolutionsOver(1e9)).best("device", node -> true).orElseThrow();
    assertEquals(0, fast.placement().to(0), "the device sends the raw image: " + fast.placement());
  }

  private static JmsnasSpec spec(Path cache) {
    return new JmsnasSpec("device", 4, WIRE, List.of(new JmsnasSpec.ConvChoices(List.of(0, 6), List.of(3), List.of(2))),
        List.of(List.of(8, 16)), 0.99, Duration.ofMillis(100), 2, 400, 400, 64, cache, 3, 10, Duration.ofMillis(50), Duration.ofSeconds(1));
  }

  @Test
  void theSpaceListsTheMlpsThenTheCnns() {
    assertEquals(List.of("144-8-4", "144-16-4", "144-c6k3p2-8-4", "144-c6k3p2-16-4"),
        Architectures.of(spec(Path.of(".")), BASE).stream().map(Architectures::name).toList());
  }

  @Test
  void theSearchChoosesAConvolutionCandidateWhenItClassifiesBetterAndItsKeyIsNew(@TempDir Path cache) {
    JmsnasSpec spec = spec(cache);
    CandidateTraining training = new CandidateTraining(SHAPES, spec.validation(), spec.confirmation(), WIRE, 3);
    List<String> lines = new ArrayList<>();
    MeasuredAccuracy accuracy = new MeasuredAccuracy(training, new AccuracyCache(cache), spec.searchEpochs(), lines::add);
    Topology topology = Topology.of(
        List.of(RandomInstances.node("device", NodeRole.EDGE, 1e8, 1 << 20), RandomInstances.node("edge", NodeRole.EDGE, 1e10, 1 << 20)),
        List.of(RandomInstances.link("up", "device", "edge", 1e7, 2)));
    JointSearch.Result result = new JointSearch(topology, "device", 4, WIRE, new JointSearch.Objective(spec.targetAccuracy(), 100))
        .run(Architectures.of(spec, BASE), BASE, accuracy::measurement);

    JointSearch.Candidate chosen = result.chosen().orElseThrow();
    double bestMlp = result.candidates().stream().filter(c -> c.model().convolutions().isEmpty())
        .mapToDouble(JointSearch.Candidate::accuracy).max().orElseThrow();
    assertEquals("cnn", chosen.model().type(), lines.toString());
    assertTrue(chosen.accuracy() > bestMlp + 0.05, "shapes anywhere in the image: the convolutions see them, the MLPs less so " + lines);
    // trained on the fast path, evaluated by the DL4J network the weights went back into
    CandidateTraining.Trained again = training.train(chosen.model(), spec.searchEpochs());
    assertEquals(Evaluation.accuracy(again.network(), SHAPES.train().subset(training.validationIndices())), again.finalAccuracy(), 0.01,
        "int8 activations cost at most a point");
    assertEquals(again.finalAccuracy(), chosen.measured().validation(), "one seed, one accuracy");
    // the MLPs' keys are those of a search without convolutions: their entries serve it
    MeasuredAccuracy mlpsOnly = new MeasuredAccuracy(training, new AccuracyCache(cache), spec.searchEpochs(), line -> {});
    Architectures.of(spec, BASE).stream().filter(m -> m.convolutions().isEmpty()).forEach(mlpsOnly::measurement);
    assertEquals(0, mlpsOnly.measured());
  }

  /**
   * 12×12 images of noise in [0, 0.3] with one of four strokes of full intensity anywhere: a horizontal or a
   * vertical bar of 4 pixels, a 2×2 square, a diagonal of 3; the class is the stroke.
   */
  static TrainTest shapes(long seed, int train, int test) {
    SplittableRandom random = new SplittableRandom(seed);
    return new TrainTest(shapes("shapes/train", train, random.split()), shapes("shapes/test", test, random.split()));
  }

  private static Dataset shapes(String name, int n, SplittableRandom random) {
    int side = 12;
    int[][][] strokes = {
      {{0, 0}, {0, 1}, {0, 2}, {0, 3}}, {{0, 0}, {1, 0}, {2, 0}, {3, 0}}, {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, {{0, 0}, {1, 1}, {2, 2}}
    };
    float[] x = new float[n * side * side];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < side * side; p++) x[i * side * side + p] = (float) (0.3 * random.nextDouble());
      y[i] = random.nextInt(strokes.length);
      int row = random.nextInt(side - 3);
      int column = random.nextInt(side - 3);
      for (int[] d : strokes[y[i]]) x[i * side * side + (row + d[0]) * side + column + d[1]] = 1f;
    }
    return new Dataset(name, side * side, strokes.length, x, y);
  }
}
