package io.edgeweave.scenario;

import static io.edgeweave.scenario.ScenarioFixture.assertProblems;
import static io.edgeweave.scenario.ScenarioFixture.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.scenario.GenAiSpec.Strategy;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenAiReaderTest {
  /** Two devices linked to the cloud; line 8 holds the workload. */
  static final String GENAI = """
      name = g
      nodes {
        a { role = edge }
        b { role = edge }
        c { role = cloud }
      }
      links { la { from = a, to = c }, lb { from = b, to = c } }
      workload { type = genai, cloud = c, edges = [a, b] }
      """;

  static String genai(String from, String to) {
    assertTrue(GENAI.contains(from), from);
    return GENAI.replace(from, to);
  }

  @Test
  void theDefaultsMakeAValidComparison() throws ScenarioException {
    GenAiSpec spec = (GenAiSpec) load(GENAI).workload();
    assertEquals(List.of("a", "b"), spec.edges());
    assertEquals(3, spec.experts().size());
    assertEquals(List.of(Strategy.values()), spec.strategies());
    assertEquals(List.of(8), spec.categories().get("bags"));
    assertEquals(2, spec.topK());
  }

  @Test
  void theCloudMustBeACloudNodeAndEdgesEdgeNodesLinkedToIt() {
    assertProblems(genai("cloud = c", "cloud = a"), "t.conf:8: workload.cloud: a is not a cloud node");
    assertProblems(genai("edges = [a, b]", "edges = [a, c]"), "t.conf:8: workload.edges: c is not an edge node");
    assertProblems(genai("lb { from = b, to = c }", "lb { from = b, to = a }"),
        "t.conf:8: workload.edges: no link between b and c");
    assertProblems(genai("edges = [a, b]", "edges = [a, a]"), "t.conf:8: workload.edges: node a appears more than once");
  }

  @Test
  void aBootstrapNeedsTwoResamplesOrNone() throws ScenarioException {
    assertProblems(genai("edges = [a, b]", "edges = [a, b], quality.frechet-resamples = 1"),
        "t.conf:8: workload.quality.frechet-resamples: a bootstrap needs at least 2 resamples (0: none), got 1");
    assertEquals(200, ((GenAiSpec) load(GENAI).workload()).quality().frechetResamples());
    assertEquals(0, ((GenAiSpec) load(GENAI, "workload.quality.frechet-resamples = 0").workload()).quality().frechetResamples());
  }

  @Test
  void aKillJvmStrikesAnEdgeAfterOneOfItsLocalEpochsAndNoOtherNodeFaultIsTaken() throws ScenarioException {
    String base = genai("edges = [a, b]", "edges = [a, b], local { epochs = 3 }");
    FaultSpec kill = load(base + "faults = [{ node = b, kind = kill-jvm, at-step = 3 }]\n").faults().get(0);
    assertEquals(FaultSpec.FaultKind.KILL_JVM, kill.kind());
    assertProblems(base + "faults = [{ node = c, kind = kill-jvm, at-step = 1 }]\n",
        "t.conf:9: faults[0].node: a kill-jvm fault of a genai run strikes an edge (one of [a, b]), not c");
    assertProblems(base + "faults = [{ node = a, kind = kill-jvm, at-step = 4 }]\n",
        "t.conf:9: faults[0].at-step: a genai kill-jvm strikes after local epoch at-step (0 to 3), not 4");
    assertProblems(base + "faults = [{ node = a, kind = pause-jvm, at-step = 1, duration = 1s }]\n",
        "t.conf:9: faults[0].kind: a pause-jvm fault strikes the nodes of split-training runs, not of a genai run");
  }

  @Test
  void categoriesHoldKnownClassesEachOnce() {
    assertProblems(genai("edges = [a, b]", "edges = [a, b], categories { x = [0, 1], y = [1, 12] }"),
        "t.conf:8: workload.categories.y: class 1 is already in category x",
        "t.conf:8: workload.categories.y: class 12 is outside the data's 10 classes");
  }

  @Test
  void strategiesAreKnownAndDeploymentNeedsAnAssembledModel() {
    assertProblems(genai("edges = [a, b]", "edges = [a, b], strategies = [edge-only, magic]"),
        "t.conf:8: workload.strategies: unknown strategy \"magic\" (known: edge-only, fedavg, centralised, freeze, fine-tune, deployed)");
    assertProblems(genai("edges = [a, b]", "edges = [a, b], strategies = [deployed]"),
        "t.conf:8: workload.strategies: deployed cuts task models out of the assembled model: add fine-tune or freeze");
  }

  @Test
  void topKCannotExceedTheEdges() {
    assertProblems(genai("edges = [a, b]", "edges = [a, b], top-k = 3"),
        "t.conf:8: workload.top-k: cannot select 3 experts from 2 edges");
  }

  @Test
  void expertSizesAreChecked() {
    assertProblems(genai("edges = [a, b]", "edges = [a, b], experts = [{ hidden = [], latent = 4 }]"),
        "t.conf:8: workload.experts[0].hidden: needs at least one hidden layer");
  }
}
