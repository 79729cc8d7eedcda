package io.edgeweave.scenario;

import static io.edgeweave.scenario.ScenarioFixture.BASE;
import static io.edgeweave.scenario.ScenarioFixture.assertProblems;
import static io.edgeweave.scenario.ScenarioFixture.base;
import static io.edgeweave.scenario.ScenarioFixture.load;
import static io.edgeweave.scenario.ScenarioFixture.problems;
import static io.edgeweave.scenario.ScenarioFixture.withFaults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.data.FashionMnist;
import io.edgeweave.data.IdxDataset;
import io.edgeweave.scenario.DataSpec.DataSource;
import io.edgeweave.scenario.FaultSpec.FaultKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {

  @Test
  void fillsInDefaults() throws ScenarioException {
    Scenario s = load(BASE);
    assertEquals("test", s.name());
    assertEquals(1, s.seed());
    assertEquals(List.of("device-1", "edge-1", "cloud"), List.copyOf(s.nodes().keySet()));
    assertEquals(new NodeSpec("edge-1", NodeRole.EDGE, 10e9, 4L << 30), s.node("edge-1"));
    assertEquals(1L << 30, s.node("device-1").memoryBytes());
    assertEquals(
        new LinkSpec("device-edge", LinkKind.DIGITAL, "device-1", "edge-1", 100e6, Duration.ofMillis(1),
            Duration.ZERO, 0, 0, 0),
        s.links().get("device-edge"));
    assertEquals(new ModelSpec("mlp", 784, List.of(256, 128), 10, "relu", "adam", 0.001), s.model());
    assertEquals(DataSource.SYNTHETIC, s.data().source());
    assertEquals(12000, s.data().syntheticTrain());
    assertEquals(2000, s.data().syntheticTest());
    assertEquals(new ShardingSpec(ShardingSpec.Scheme.IID, 0.5, 2), s.data().sharding());
    assertEquals(
        new SplitTrainingSpec(List.of("device-1", "edge-1", "cloud"), List.of(1, 2), 128, 300, 50, 1),
        s.workload());
    assertEquals(new RuntimeSpec(Duration.ofMillis(200), 50, 0, Duration.ofSeconds(30), 100, RuntimeSpec.OnDivergence.STOP,
        Duration.ofMillis(100)), s.runtime());
    assertEquals(Path.of("runs"), s.output().directory());
    assertTrue(s.faults().isEmpty());
  }

  @Test
  void defaultDataDirectoryIsTheDebianPackageUnlessTheEnvironmentSaysOtherwise() throws ScenarioException {
    assertEquals(IdxDataset.defaultDirectory(), load(BASE).data().directory());
  }

  @Test
  void shippedScenariosLoad() throws IOException, ScenarioException {
    Path dir = Path.of(System.getProperty("user.dir"), "scenarios");
    // Without the dataset installed, point idx scenarios at an existing folder so that only the file is tested.
    List<String> overrides = FashionMnist.installed() ? List.of() : List.of("data.directory=\"" + dir + "\"");
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
    }
    assertTrue(files.size() >= 2, "scenarios found: " + files);
    for (Path file : files) {
      Scenario s = ScenarioLoader.load(file, overrides);
      assertEquals(file.getFileName().toString(), s.name() + ".conf");
    }
  }

  @Test
  void parsesUnitsAndExplicitValues() throws ScenarioException {
    Scenario s = load(base("to = edge-1 }", "to = edge-1, rate = 1.5 Gbps, propagation = 2 ms, loss = 0.25 }")
        .replace("edge-1 { role = edge }", "edge-1 { role = edge, flops = 2 TFLOPS, memory = 512 MiB }")
        .replace("to = cloud }", "to = cloud, rate = 2e6 }"));
    assertEquals(1.5e9, s.links().get("device-edge").bitsPerSecond());
    assertEquals(Duration.ofMillis(2), s.links().get("device-edge").propagation());
    assertEquals(0.25, s.links().get("device-edge").loss());
    assertEquals(2e6, s.links().get("edge-cloud").bitsPerSecond());
    assertEquals(2e12, s.node("edge-1").flopsPerSecond());
    assertEquals(512L << 20, s.node("edge-1").memoryBytes());
  }

  @Test
  void readsFaults() throws ScenarioException {
    Scenario s = load(withFaults(
        "{ link = device-edge, kind = loss, probability = 0.1, at-step = 10, until-step = 100 }",
        "{ link = edge-cloud, kind = partition, at-step = 50, duration = 500 ms }",
        "{ link = device-edge, kind = delay, delay = 20 ms, jitter = 5 ms, at-time = 2 s, duration = 1 s }",
        "{ link = edge-cloud, kind = rate, rate = 10 Mbps, at-step = 200 }"));
    assertEquals(List.of(
        new FaultSpec("device-edge", FaultKind.LOSS, OptionalInt.of(10), Optional.empty(), OptionalInt.of(100),
            Optional.empty(), 0.1, Duration.ZERO, Duration.ZERO, 0),
        new FaultSpec("edge-cloud", FaultKind.PARTITION, OptionalInt.of(50), Optional.empty(), OptionalInt.empty(),
            Optional.of(Duration.ofMillis(500)), 0, Duration.ZERO, Duration.ZERO, 0),
        new FaultSpec("device-edge", FaultKind.DELAY, OptionalInt.empty(), Optional.of(Duration.ofSeconds(2)),
            OptionalInt.empty(), Optional.of(Duration.ofSeconds(1)), 0, Duration.ofMillis(20), Duration.ofMillis(5), 0),
        new FaultSpec("edge-cloud", FaultKind.RATE, OptionalInt.of(200), Optional.empty(), OptionalInt.empty(),
            Optional.empty(), 0, Duration.ZERO, Duration.ZERO, 10e6)),
        s.faults());
  }

  // --- overrides

  @Test
  void overridesTakePrecedenceOverTheFile() throws ScenarioException {
    Scenario s = load(base("cuts = [1, 2] }", "cuts = [1, 2], steps = 5 }"),
        "workload.steps=20", "links.device-edge.loss=0.1", "model.hidden=[64,32]", "seed = 9");
    assertEquals(20, ((SplitTrainingSpec) s.workload()).steps());
    assertEquals(0.1, s.links().get("device-edge").loss());
    assertEquals("device-1", s.links().get("device-edge").from());
    assertEquals(List.of(64, 32), s.model().hidden());
    assertEquals(9, s.seed());
  }

  @Test
  void malformedOverrideIsAProblemAndTheRestIsStillChecked() {
    assertEquals(
        List.of("--set: expected key=value, got \"workload.steps\"",
            "--set: workload.batch-size: must be positive, got 0"),
        problems(BASE, "workload.steps", "workload.batch-size=0"));
  }

  @Test
  void microBatchesAreOneUnlessAskedAndMustFitTheBatch() throws ScenarioException {
    assertEquals(1, ((SplitTrainingSpec) load(BASE).workload()).microBatches());
    assertEquals(4, ((SplitTrainingSpec) load(BASE, "workload.micro-batches=4").workload()).microBatches());
    assertEquals(List.of("--set: workload.micro-batches: must be positive, got 0"), problems(BASE, "workload.micro-batches=0"));
    assertEquals(
        List.of("--set: workload.micro-batches: cannot cut a batch of 16 into 32 micro-batches"),
        problems(BASE, "workload.batch-size=16", "workload.micro-batches=32"));
  }

  @Test
  void overrideWithBrokenHoconIsAProblem() {
    List<String> problems = problems(BASE, "model.hidden=[64,");
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).startsWith("--set: model.hidden: "), problems.get(0));
  }

  @Test
  void problemsPointAtTheOverrideOrAtTheFileObjectItChanged() {
    assertEquals(
        List.of("t.conf:5: nodes.cloud.role: required key is missing",
            "--set: links.device-edge.to: unknown node \"cloud-9\""),
        problems(base("cloud { role = cloud }", "cloud { }"),
            "nodes.cloud.flops=5 TFLOPS", "links.device-edge.to=cloud-9"));
  }

  @Test
  void theEngineIsDl4jUnlessTheScenarioAsksAndFastNamesWhatItCannotTrain() throws ScenarioException {
    assertEquals("dl4j", load(BASE).model().engine());
    assertTrue(load(base("model { hidden = [256, 128] }", "model { hidden = [256, 128], engine = auto }")).model().fastEngine());
    assertProblems(base("model { hidden = [256, 128] }", "model { hidden = [256, 128], activation = tanh, engine = fast }"),
        "t.conf:11: model.engine: the fast engine cannot train activation tanh (only relu, identity)");
    assertProblems(base("model { hidden = [256, 128] }", "model { hidden = [256, 128], engine = quick }"),
        "t.conf:11: model.engine: unknown value \"quick\" (accepted: auto, dl4j, fast)");
  }

  // --- syntax, files

  @Test
  void syntaxErrorHasItsLine() {
    List<String> problems = problems(base("model { hidden = [256, 128] }", "model { hidden = [256, 128 }"));
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).startsWith("t.conf:11: "), problems.get(0));
  }

  @Test
  void unresolvedSubstitutionIsAProblem() {
    assertProblems(base("name = test", "name = ${nope}"),
        "t.conf:1: Could not resolve substitution to a value: ${nope}");
  }

  @Test
  void missingFileIsOneProblem() {
    ScenarioException e = assertThrows(ScenarioException.class,
        () -> ScenarioLoader.load(Path.of("no/such.conf"), List.of()));
    assertEquals("no/such.conf: cannot read: no such file", e.getMessage());
  }

  @Test
  void fileProblemsNameTheFileAsGiven(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, base("cuts = [1, 2] }", "cuts = [1, 2], steps = -3 }"));
    ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(file, List.of()));
    assertEquals(file + ":12: workload.steps: must be positive, got -3", e.getMessage());
  }

  @Test
  void brokenFilesOnlyEverGiveScenarioExceptions() {
    String full = withFaults(
        "{ link = device-edge, kind = delay, delay = 20 ms, jitter = 5 ms, at-time = 2 s, duration = 1 s }",
        "{ link = edge-cloud, kind = loss, probability = 0.5, at-step = 3, until-step = 9 }");
    List<String> variants = new ArrayList<>();
    for (int i = 0; i < full.length(); i++) variants.add(full.substring(0, i));
    String[] lines = full.split("\n");
    for (int i = 0; i < lines.length; i++) {
      List<String> without = new ArrayList<>(List.of(lines));
      without.remove(i);
      variants.add(String.join("\n", without));
    }
    String[] junk =
        {"\"x\"", "-1", "0", "[]", "{}", "null", "1.5", "[[1]]", "{a = 1}", "1e999", "99999999999", "[x, 1]"};
    Matcher value = Pattern.compile("=\\s*([^,}\\n]+)").matcher(full);
    while (value.find()) {
      for (String j : junk) variants.add(full.substring(0, value.start(1)) + j + full.substring(value.end(1)));
    }
    int rejected = 0;
    for (String variant : variants) {
      try {
        load(variant);
      } catch (ScenarioException e) {
        assertFalse(e.problems().isEmpty());
        rejected++;
      } catch (RuntimeException e) {
        throw new AssertionError("unexpected " + e + " for:\n" + variant, e);
      }
    }
    assertTrue(rejected > variants.size() / 2, rejected + " of " + variants.size() + " rejected");
  }
}
