package io.edgeweave.scenario;

import static io.edgeweave.scenario.ScenarioFixture.assertProblems;
import static io.edgeweave.scenario.ScenarioFixture.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.tensor.Encoding;
import io.edgeweave.tensor.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of {@code workload.type = jmsnas} and of node faults, each with its exact problem text. */
class JmsnasValidationTest {
  private static final String BASE = """
      name = test
      nodes {
        device-1 { role = edge, memory = 256 KiB }
        edge-1 { role = edge }
        cloud { role = cloud }
      }
      links {
        device-edge { from = device-1, to = edge-1 }
        edge-cloud { from = edge-1, to = cloud }
      }
      workload {
        type = jmsnas
        source = device-1
        search { blocks = [{ widths = [16, 32] }, { widths = [0, 64] }] }
      }
      faults = []
      """;

  private static String base(String from, String to) {
    assertTrue(BASE.contains(from), from);
    return BASE.replace(from, to);
  }

  private static String withFaults(String... faults) {
    return base("faults = []", "faults = [\n" + String.join("\n", faults) + "\n]");
  }

  @Test
  void defaultsFillEverythingButTheSourceAndTheBlocks() throws ScenarioException {
    JmsnasSpec spec = (JmsnasSpec) load(BASE).workload();
    assertEquals("device-1", spec.source());
    assertEquals(List.of(List.of(16, 32), List.of(0, 64)), spec.blockWidths());
    assertEquals(4, spec.spaceSize());
    assertEquals(1, spec.samplesPerRequest());
    assertEquals(0.85, spec.targetAccuracy());
    assertEquals(10.0, spec.lambdaMsPerPoint());
    assertEquals(Duration.ofSeconds(1), spec.detection());
    assertEquals(500, spec.requests());
    assertEquals(new WireFormat(Encoding.UINT8, Encoding.FLOAT32), spec.wire(), "raw inputs as 8-bit values");
    assertEquals(List.of(5000, 5000), List.of(spec.validation(), spec.confirmation()));
    assertTrue(spec.cache().isAbsolute() || System.getenv("EDGEWEAVE_CACHE_DIR") != null, "~ is expanded: " + spec.cache());
  }

  @Test
  void aLeadingTildeIsTheHomeFolder() throws ScenarioException {
    JmsnasSpec spec = (JmsnasSpec) load(base("{ widths = [0, 64] }] }", "{ widths = [0, 64] }], cache = \"~/acc\" }")).workload();
    assertEquals(Path.of(System.getProperty("user.home"), "acc"), spec.cache());
  }

  @Test
  void theSourceIsAnExistingEdgeNode() {
    assertProblems(base("source = device-1", "source = phone"), "t.conf:13: workload.source: unknown node \"phone\"");
    assertProblems(base("source = device-1", "source = device-1, encoding.activations = int4"),
        "t.conf:13: workload.encoding.activations: unknown value \"int4\" (accepted: float32, uint8, int8)");
    assertProblems(base("source = device-1", "source = cloud"),
        "t.conf:13: workload.source: the source holds the data and issues the requests, so it must be an edge node, not cloud");
  }

  @Test
  void everyBlockHasWidthsAndTheSpaceIsBounded() {
    assertProblems(base("{ widths = [0, 64] }", "{ widths = [] }"),
        "t.conf:14: workload.search.blocks[1].widths: needs at least one width (0 skips the block)");
    assertProblems(base("{ widths = [0, 64] }", "{ widths = [0, -4] }"),
        "t.conf:14: workload.search.blocks[1].widths[1]: must not be negative, got -4");
    assertProblems(base("blocks = [{ widths = [16, 32] }, { widths = [0, 64] }]", "blocks = []"),
        "t.conf:14: workload.search.blocks: needs at least one block");
    assertProblems(base("{ widths = [0, 64] }] }", "{ widths = [0, 64] }], max-candidates = 3 }"),
        "t.conf:14: workload.search.blocks: the search space has 4 architectures, more than max-candidates (3): give fewer widths or raise max-candidates");
  }

  private static String withConvolutions(String convolutions) {
    return base("search { blocks", "search { convolutions = " + convolutions + ", blocks");
  }

  @Test
  void convolutionBlocksMultiplyTheSpaceAndDefaultToNone() throws ScenarioException {
    assertEquals(List.of(), ((JmsnasSpec) load(BASE).workload()).convolutions());
    JmsnasSpec spec = (JmsnasSpec) load(withConvolutions("[{ filters = [0, 8], kernels = [3, 5], pools = [2] }]")).workload();
    assertEquals(List.of(new JmsnasSpec.ConvChoices(List.of(0, 8), List.of(3, 5), List.of(2))), spec.convolutions());
    assertEquals(16, spec.spaceSize());
    assertEquals(new JmsnasSpec.ConvChoices(List.of(16), List.of(5), List.of(2)),
        ((JmsnasSpec) load(withConvolutions("[{ filters = [16] }]")).workload()).convolutions().get(0), "5×5, pooled 2×2 unless given");
    assertEquals(new TensorShape.Grid(1, 28, 28), JmsnasSpec.imageOf(load(BASE).model()).orElseThrow(), "784 inputs: one 28×28 channel");
  }

  @Test
  void badConvolutionChoicesNameTheirKey() {
    assertProblems(withConvolutions("[{ filters = [], kernels = [5], pools = [2] }]"),
        "t.conf:14: workload.search.convolutions[0].filters: needs at least one value");
    assertProblems(withConvolutions("[{ filters = [8], kernels = [4], pools = [2] }]"),
        "t.conf:14: workload.search.convolutions[0].kernels: same padding needs odd kernels, got [4]");
    assertProblems(withConvolutions("[{ filters = [8], kernels = [5], pools = [0] }]"),
        "t.conf:14: workload.search.convolutions[0].pools[0]: must be positive, got 0");
    assertProblems(withConvolutions("[{ filters = [8], kernel = [5], pools = [2] }]"),
        "t.conf:14: workload.search.convolutions[0].kernel: unknown key (did you mean kernels?)");
    assertProblems(withConvolutions("[{ filters = [8], kernels = [5], pools = [8] }, { filters = [8], kernels = [5], pools = [4] }]"),
        "t.conf:14: workload.search.convolutions: pooling by 32 in all does not fit the 28×28 image");
    assertProblems(withConvolutions("[{ filters = [8], kernels = [5], pools = [2] }]") + "model.activation = tanh\n",
        "t.conf:14: workload.search.convolutions: convolution candidates train on the fast path, which needs model.activation = relu"
            + " and model.updater = adam, not tanh and adam");
    assertProblems(withConvolutions("[{ filters = [8, 16], kernels = [5], pools = [2] }]").replace("max-candidates", "x")
            .replace("blocks = [", "max-candidates = 7, blocks = ["),
        "t.conf:14: workload.search.convolutions: the search space has 8 architectures, more than max-candidates (7): give fewer"
            + " choices or raise max-candidates");
  }

  @Test
  void searchKeysAreChecked() {
    assertProblems(base("{ widths = [0, 64] }] }", "{ widths = [0, 64] }], target-accuracy = 1.5 }"),
        "t.conf:14: workload.search.target-accuracy: must be a probability in [0, 1], got 1.5");
    assertProblems(base("{ widths = [0, 64] }] }", "{ widths = [0, 64] }], lamda = 5 ms }"),
        "t.conf:14: workload.search.lamda: unknown key (did you mean lambda?)");
  }

  @Test
  void nodeFaultsNameAnExistingNode() {
    assertProblems(withFaults("{ node = edge-9, kind = crash, at-step = 10 }"), "t.conf:17: faults[0].node: unknown node \"edge-9\"");
    assertProblems(withFaults("{ link = edge-cloud, kind = crash, at-step = 10 }"),
        "t.conf:17: faults[0].link: a crash fault strikes a node, not a link",
        "t.conf:17: faults[0].node: required key is missing");
  }

  @Test
  void aJoinHasAStartAndNoEnd() {
    assertProblems(withFaults("{ node = edge-1, kind = join }"), "t.conf:17: faults[0].at-step: a join needs at-step or at-time");
    assertProblems(withFaults("{ node = edge-1, kind = join, at-step = 5, until-step = 9 }"),
        "t.conf:17: faults[0].until-step: does not apply to a join (a node that leaves again crashes: use a crash fault)");
  }

  @Test
  void nodeFaultsTakeNoParameters() throws ScenarioException {
    assertProblems(withFaults("{ node = edge-1, kind = crash, at-step = 5, rate = 5 Mbps }"),
        "t.conf:17: faults[0].rate: does not apply to a crash fault");
    FaultSpec crash = load(withFaults("{ node = edge-1, kind = crash, at-time = 2 s, duration = 3 s }")).faults().get(0);
    assertTrue(crash.onNode("edge-1"));
    assertEquals(FaultSpec.FaultKind.CRASH, crash.kind());
  }

  @Test
  void aKillJvmStrikesAJmsnasNodeButOtherProcessFaultsDoNot() throws ScenarioException {
    assertEquals(FaultSpec.FaultKind.KILL_JVM, load(withFaults("{ node = edge-1, kind = kill-jvm, at-step = 10 }")).faults().get(0).kind());
    assertProblems(withFaults("{ node = edge-1, kind = pause-jvm, at-step = 10, duration = 2 s }"),
        "t.conf:17: faults[0].kind: a pause-jvm fault strikes the nodes of split-training runs, not of a jmsnas run");
  }
}
