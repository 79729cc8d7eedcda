package io.edgeweave.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.data.SyntheticDataset;
import io.edgeweave.data.TrainTest;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.scenario.JmsnasSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.tensor.Encoding;
import io.edgeweave.tensor.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import io.edgeweave.training.Evaluation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The joint search on real (small, synthetic) training: its choice, its Pareto front, its baselines. */
class JointSearchTest {
  private static final ModelSpec BASE = new ModelSpec("mlp", 24, List.of(32, 16), 4, "relu", "adam", 0.01);
  private static final TrainTest DATA = SyntheticDataset.generate(5, 6_000, 300, 24, 4);
  private static final WireFormat WIRE = new WireFormat(Encoding.UINT8, Encoding.FLOAT32);

  @BeforeAll
  static void threads() {
    Nd4jSetup.singleThreaded();
  }

  private static JmsnasSpec spec(List<List<Integer>> blocks, Path cache) {
    return spec(blocks, cache, Duration.ofMillis(2));
  }

  private static JmsnasSpec spec(List<List<Integer>> blocks, Path cache, Duration lambda) {
    return new JmsnasSpec("device", 4, WIRE, List.of(), blocks, 0.9, lambda, 1, 500, 500, 64, cache, 3, 10, Duration.ofMillis(50),
        Duration.ofSeconds(1));
  }

  private static CandidateTraining training(int validation, long seed) {
    return new CandidateTraining(DATA, validation, 500, WIRE, seed);
  }

  /** Measured accuracies, shared by the tests that search (the same candidates train once). */
  @TempDir static Path shared;

  /** A weak device with little memory, an edge server behind a slow radio, a cloud behind the edge. */
  private static Topology topology() {
    return Topology.of(
        List.of(
            RandomInstances.node("device", NodeRole.EDGE, 2e6, 450),
            RandomInstances.node("edge", NodeRole.EDGE, 1e9, 1 << 20),
            RandomInstances.node("cloud", NodeRole.CLOUD, 1e11, 1 << 30)),
        List.of(
            RandomInstances.link("radio", "device", "edge", 2e5, 2),
            RandomInstances.link("fibre", "edge", "cloud", 1e9, 5)));
  }

  @Test
  void architecturesSkipBlocksOfWidthZeroAndAppearOnce() {
    List<ModelSpec> all = Architectures.of(spec(List.of(List.of(8, 16), List.of(0, 8), List.of(0, 8)), Path.of(".")), BASE);
    assertEquals(
        List.of("24-8-4", "24-8-8-4", "24-8-8-8-4", "24-16-4", "24-16-8-4", "24-16-8-8-4"),
        all.stream().map(Architectures::name).toList());
    assertTrue(all.stream().allMatch(m -> m.activation().equals("relu") && m.learningRate() == 0.01));
  }

  @Test
  void choosesTheLeastObjectiveAndReportsTheParetoFront() {
    Path cache = shared;
    JmsnasSpec spec = spec(List.of(List.of(4, 8, 32), List.of(0, 16)), cache);
    JointSearch.Objective objective = new JointSearch.Objective(spec.targetAccuracy(), spec.lambdaMsPerPoint());
    MeasuredAccuracy accuracy = new MeasuredAccuracy(training(spec.validation(), 3), new AccuracyCache(cache), 1, line -> {});
    List<ModelSpec> architectures = Architectures.of(spec, BASE);

    JointSearch.Result result = new JointSearch(topology(), "device", 4, WIRE, objective).run(architectures, BASE, accuracy::measurement);

    List<JointSearch.Candidate> placeable = result.candidates().stream().filter(c -> c.plan().isPresent()).toList();
    assertEquals(architectures.size(), result.candidates().size());
    assertTrue(placeable.size() >= 2, "several candidates fit");
    JointSearch.Candidate chosen = result.chosen().orElseThrow();
    for (JointSearch.Candidate c : placeable) {
      assertEquals(objective.of(c.latencyMs(), c.accuracy()), c.objective(), 1e-9);
      assertTrue(chosen.objective() <= c.objective());
    }
    for (JointSearch.Candidate c : placeable) {
      boolean onFront = result.paretoFront().contains(c);
      boolean dominated = placeable.stream().anyMatch(o -> o.latencyMs() <= c.latencyMs() && o.accuracy() > c.accuracy()
          || o.latencyMs() < c.latencyMs() && o.accuracy() >= c.accuracy());
      assertEquals(!dominated, onFront, Architectures.name(c.model()));
    }
    assertTrue(result.paretoFront().contains(chosen) || placeable.stream().anyMatch(c -> c.objective() == chosen.objective()
        && result.paretoFront().contains(c)));
  }

  @Test
  void baselinesPlaceTheReferenceWhereTheirNameSays() {
    Path cache = shared;
    JmsnasSpec spec = spec(List.of(List.of(4, 32), List.of(0, 16)), cache);
    JointSearch.Objective objective = new JointSearch.Objective(spec.targetAccuracy(), spec.lambdaMsPerPoint());
    MeasuredAccuracy accuracy = new MeasuredAccuracy(training(spec.validation(), 3), new AccuracyCache(cache), 1, line -> {});
    ModelSpec reference = Architectures.withHidden(BASE, List.of(32, 16));

    JointSearch.Result result = new JointSearch(topology(), "device", 4, WIRE, objective).run(Architectures.of(spec, BASE), reference, accuracy::measurement);

    Map<String, JointSearch.Candidate> rows =
        result.rows().stream().collect(Collectors.toMap(JointSearch.Row::name, JointSearch.Row::candidate));
    assertEquals(List.of("device only", "edge only", "cloud only", "single split", "multi-split", "JMSNAS"),
        result.rows().stream().map(JointSearch.Row::name).toList());
    assertFalse(rows.get("device only").plan().isPresent(), "the reference needs more than the device's 450 bytes");
    assertEquals(List.of("edge"), computeNodes(rows.get("edge only")));
    assertEquals(List.of("cloud"), computeNodes(rows.get("cloud only")));
    List<String> single = computeNodes(rows.get("single split"));
    assertTrue(single.size() <= 2 && (single.size() < 2 || single.get(0).equals("device")), single.toString());
    double multi = rows.get("multi-split").latencyMs();
    for (String name : List.of("edge only", "cloud only", "single split")) assertTrue(multi <= rows.get(name).latencyMs() + 1e-9, name);
    assertTrue(rows.get("JMSNAS").objective() <= rows.get("multi-split").objective() + 1e-9, "the reference is a candidate too");
  }

  @Test
  void withoutAnAccuracyPenaltyTheFastestWinsAndSplitsAtANarrowLayer() {
    Path cache = shared;
    JmsnasSpec spec = spec(List.of(List.of(4, 32), List.of(0, 16)), cache, Duration.ZERO);
    MeasuredAccuracy accuracy = new MeasuredAccuracy(training(spec.validation(), 3), new AccuracyCache(cache), 1, line -> {});
    JointSearch.Result result = new JointSearch(topology(), "device", 4, WIRE, new JointSearch.Objective(0.9, 0))
        .run(Architectures.of(spec, BASE), BASE, accuracy::measurement);

    JointSearch.Candidate chosen = result.chosen().orElseThrow();
    assertEquals(result.paretoFront().get(0).latencyMs(), chosen.latencyMs(), 1e-9);
    // the device holds only the 4-wide first layer; sending its 4 outputs beats sending 24 inputs
    assertEquals("24-4-4", Architectures.name(chosen.model()));
    assertEquals(List.of("device", "edge"), computeNodes(chosen));
  }

  @Test
  void accuracyIsMeasuredOnceThenReadFromTheCache(@TempDir Path cache) {
    List<String> lines = new ArrayList<>();
    ModelSpec model = Architectures.withHidden(BASE, List.of(8));
    double first = new MeasuredAccuracy(training(500, 3), new AccuracyCache(cache), 1, lines::add).of(model);
    MeasuredAccuracy again = new MeasuredAccuracy(training(500, 3), new AccuracyCache(cache), 1, lines::add);
    assertEquals(first, again.of(model));
    assertEquals(1, again.cached());
    assertTrue(lines.get(0).contains("trained 1 epoch") && lines.get(1).contains("(cached)"), lines.toString());
    assertTrue(first > 0.35, "one epoch learns the 4 synthetic classes well above chance: " + first);
    double otherSeed = new MeasuredAccuracy(training(500, 4), new AccuracyCache(cache), 1, lines::add).of(model);
    assertTrue(lines.get(2).contains("trained"), "another seed is another key");
    assertTrue(otherSeed > 0.35);
  }

  @Test
  void trainingIsDeterministicAndLongerTrainingRepeatsTheFirstEpochs() {
    CandidateTraining training = training(500, 3);
    ModelSpec model = Architectures.withHidden(BASE, List.of(16));
    CandidateTraining.Trained one = training.train(model, 1);
    CandidateTraining.Trained three = training.train(model, 3);
    assertEquals(one.finalAccuracy(), three.validationAccuracy().get(0));
    assertEquals(3, three.validationAccuracy().size());
    CandidateTraining.Trained untilTarget = training.train(model, 5, three.confirmationAccuracy().get(1));
    assertTrue(untilTarget.confirmationAccuracy().size() <= 2, "stops once the confirmation samples reach the target");
  }

  @Test
  void selectionConfirmationAndTrainingSamplesAreDisjointAndTheTestFigureComesFromTheTestSet(@TempDir Path cache) {
    CandidateTraining training = new CandidateTraining(DATA, 500, 700, WireFormat.FLOAT32, 3);
    Set<Integer> train = box(training.trainIndices());
    Set<Integer> confirmation = box(training.confirmationIndices());
    Set<Integer> validation = box(training.validationIndices());
    assertEquals(List.of(DATA.train().size() - 1200, 700, 500), List.of(train.size(), confirmation.size(), validation.size()));
    Set<Integer> all = new HashSet<>(train);
    all.addAll(confirmation);
    all.addAll(validation);
    assertEquals(DATA.train().size(), all.size(), "disjoint, and together the whole training set");

    ModelSpec model = Architectures.withHidden(BASE, List.of(8));
    Accuracy measured = new MeasuredAccuracy(training, new AccuracyCache(cache), 1, line -> {}).measurement(model);
    MultiLayerNetwork again = training.train(model, 1).network();
    assertEquals(Evaluation.accuracy(again, DATA.test()), measured.test(), "the test set, whole, as training.Evaluation measures it");
    assertEquals(Evaluation.accuracy(again, DATA.train().subset(training.validationIndices())), measured.validation());
    assertEquals(Evaluation.accuracy(again, DATA.train().subset(training.confirmationIndices())), measured.confirmation());
  }

  @Test
  void int8ActivationsCostLittleAccuracy() {
    ModelSpec model = Architectures.withHidden(BASE, List.of(32, 16));
    CandidateTraining exact = new CandidateTraining(DATA, 1000, 500, WireFormat.FLOAT32, 3);
    CandidateTraining quantised = new CandidateTraining(DATA, 1000, 500, new WireFormat(Encoding.UINT8, Encoding.INT8), 3);
    double floats = exact.train(model, 2).finalAccuracy();
    double int8 = quantised.train(model, 2).finalAccuracy();
    assertTrue(floats > 0.5, "the network learns: " + floats);
    // the same training (the wire format only changes evaluation); int8 at every block boundary and the output
    assertTrue(Math.abs(floats - int8) <= 0.02, "float32 " + floats + " against int8 " + int8);
  }

  @Test
  void oneTrainingIsMeasuredWithFloat32AndInt8ActivationsAlike(@TempDir Path cache) {
    ModelSpec model = Architectures.withHidden(BASE, List.of(16));
    WireFormat int8 = new WireFormat(Encoding.UINT8, Encoding.INT8);
    List<String> lines = new ArrayList<>();
    Accuracy floats = new MeasuredAccuracy(training(500, 3), new AccuracyCache(cache), 1, lines::add).measurement(model);
    MeasuredAccuracy quantised = new MeasuredAccuracy(new CandidateTraining(DATA, 500, 500, int8, 3), new AccuracyCache(cache), 1, lines::add);
    Accuracy int8Accuracy = quantised.measurement(model);
    assertEquals(1, quantised.cached(), "measured when the float32 search trained it: " + lines);
    CandidateTraining.Trained again = new CandidateTraining(DATA, 500, 500, int8, 3).train(model, 1);
    assertEquals(again.finalAccuracy(), int8Accuracy.validation(), "as if trained for int8");
    assertTrue(Math.abs(floats.validation() - int8Accuracy.validation()) <= 0.02, floats + " " + int8Accuracy);
  }

  private static Set<Integer> box(int[] values) {
    return java.util.Arrays.stream(values).boxed().collect(Collectors.toSet());
  }

  private static List<String> computeNodes(JointSearch.Candidate c) {
    return c.plan().orElseThrow().placement().computeNodes();
  }
}
