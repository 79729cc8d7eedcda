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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The joint search on real (small, synthetic) training: its choice, its Pareto front, its baselines. */
class JointSearchTest {
  private static final ModelSpec BASE = new ModelSpec("mlp", 24, List.of(32, 16), 4, "relu", "adam", 0.01);
  private static final TrainTest DATA = SyntheticDataset.generate(5, 6_000, 300, 24, 4);

  @BeforeAll
  static void threads() {
    Nd4jSetup.singleThreaded();
  }

  private static JmsnasSpec spec(List<List<Integer>> blocks, Path cache) {
    return spec(blocks, cache, Duration.ofMillis(2));
  }

  private static JmsnasSpec spec(List<List<Integer>> blocks, Path cache, Duration lambda) {
    return new JmsnasSpec("device", 4, blocks, 0.9, lambda, 1, 500, 64, cache, 3, 10, Duration.ofMillis(50),
        Duration.ofSeconds(1));
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
    MeasuredAccuracy accuracy = new MeasuredAccuracy(new CandidateTraining(DATA, spec.validation(), 3), new AccuracyCache(cache), 1, line -> {});
    List<ModelSpec> architectures = Architectures.of(spec, BASE);

    JointSearch.Result result = new JointSearch(topology(), "device", 4, objective).run(architectures, BASE, accuracy::of);

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
    MeasuredAccuracy accuracy = new MeasuredAccuracy(new CandidateTraining(DATA, spec.validation(), 3), new AccuracyCache(cache), 1, line -> {});
    ModelSpec reference = Architectures.withHidden(BASE, List.of(32, 16));

    JointSearch.Result result = new JointSearch(topology(), "device", 4, objective).run(Architectures.of(spec, BASE), reference, accuracy::of);

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
    MeasuredAccuracy accuracy = new MeasuredAccuracy(new CandidateTraining(DATA, spec.validation(), 3), new AccuracyCache(cache), 1, line -> {});
    JointSearch.Result result = new JointSearch(topology(), "device", 4, new JointSearch.Objective(0.9, 0))
        .run(Architectures.of(spec, BASE), BASE, accuracy::of);

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
    double first = new MeasuredAccuracy(new CandidateTraining(DATA, 500, 3), new AccuracyCache(cache), 1, lines::add).of(model);
    MeasuredAccuracy again = new MeasuredAccuracy(new CandidateTraining(DATA, 500, 3), new AccuracyCache(cache), 1, lines::add);
    assertEquals(first, again.of(model));
    assertEquals(1, again.cached());
    assertTrue(lines.get(0).contains("trained 1 epoch") && lines.get(1).contains("(cached)"), lines.toString());
    assertTrue(first > 0.5, "training learns the synthetic classes: " + first);
    double otherSeed = new MeasuredAccuracy(new CandidateTraining(DATA, 500, 4), new AccuracyCache(cache), 1, lines::add).of(model);
    assertTrue(lines.get(2).contains("trained"), "another seed is another key");
    assertTrue(otherSeed > 0.5);
  }

  @Test
  void trainingIsDeterministicAndLongerTrainingRepeatsTheFirstEpochs() {
    CandidateTraining training = new CandidateTraining(DATA, 500, 3);
    ModelSpec model = Architectures.withHidden(BASE, List.of(16));
    CandidateTraining.Trained one = training.train(model, 1);
    CandidateTraining.Trained three = training.train(model, 3);
    assertEquals(one.finalAccuracy(), three.validationAccuracy().get(0));
    assertEquals(3, three.validationAccuracy().size());
    CandidateTraining.Trained untilTarget = training.train(model, 5, three.validationAccuracy().get(1));
    assertTrue(untilTarget.validationAccuracy().size() <= 2, "stops once the target is reached");
  }

  private static List<String> computeNodes(JointSearch.Candidate c) {
    return c.plan().orElseThrow().placement().computeNodes();
  }
}
