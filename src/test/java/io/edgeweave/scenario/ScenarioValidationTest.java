package io.edgeweave.scenario;

import static io.edgeweave.scenario.ScenarioFixture.BASE;
import static io.edgeweave.scenario.ScenarioFixture.assertProblems;
import static io.edgeweave.scenario.ScenarioFixture.base;
import static io.edgeweave.scenario.ScenarioFixture.load;
import static io.edgeweave.scenario.ScenarioFixture.problems;
import static io.edgeweave.scenario.ScenarioFixture.withFaults;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per validation rule, each asserting the exact problem text (BASE's lines: see {@link ScenarioFixture}). */
class ScenarioValidationTest {

  // --- keys and types

  @Test
  void missingRequiredKeyPointsAtTheEnclosingObject() {
    assertProblems(base("cloud { role = cloud }", "cloud { }"), "t.conf:5: nodes.cloud.role: required key is missing");
    assertProblems(base("name = test", ""), "t.conf:1: name: required key is missing");
  }

  @Test
  void unknownKeySuggestsTheClosestKnownOne() {
    assertProblems(base("to = edge-1 }", "to = edge-1, rat = 5 }"),
        "t.conf:8: links.device-edge.rat: unknown key (did you mean rate?)");
  }

  @Test
  void unknownKeyFarFromAnyListsTheKnownOnes() {
    assertProblems(base("runtime { }", "runtime { colour = red }"),
        "t.conf:13: runtime.colour: unknown key (known keys: retry-timeout, max-retries, time-scale, response-timeout, checkpoint-every, on-divergence, report-every)");
  }

  @Test
  void wrongTypeShowsTheValue() {
    assertProblems(base("cuts = [1, 2] }", "cuts = [1, 2], steps = \"many\" }"),
        "t.conf:12: workload.steps: expected an integer, got \"many\"");
    assertProblems(base("cuts = [1, 2] }", "cuts = [1, 2], batch-size = 1.5 }"),
        "t.conf:12: workload.batch-size: expected an integer, got 1.5");
    assertProblems(base("model { hidden = [256, 128] }", "model = 5"), "t.conf:11: model: expected an object, got 5");
    assertProblems(base("model { hidden = [256, 128] }", "model { hidden = 256 }"),
        "t.conf:11: model.hidden: expected a list of integers, got 256");
  }

  @Test
  void nodesMustBeObjectsAndAtLeastOne() {
    assertProblems(base("cloud { role = cloud }", "cloud = big"),
        "t.conf:5: nodes.cloud: expected an object, got \"big\"");
    assertEquals(List.of("t.conf:2: nodes: needs at least one node"),
        problems("name = t\nnodes {}\nworkload { path = [], cuts = [] }").subList(0, 1));
  }

  @Test
  void positiveValuesMustBePositive() {
    assertProblems(base("cuts = [1, 2] }", "cuts = [1, 2], batch-size = 0 }"),
        "t.conf:12: workload.batch-size: must be positive, got 0");
    assertProblems(base("to = edge-1 }", "to = edge-1, rate = -5 Mbps }"),
        "t.conf:8: links.device-edge.rate: must be positive, got -5 Mbps");
    assertProblems(base("edge-1 { role = edge }", "edge-1 { role = edge, flops = 0 }"),
        "t.conf:4: nodes.edge-1.flops: must be positive, got 0");
    assertProblems(base("memory = 1 GiB", "memory = 0 GiB"),
        "t.conf:3: nodes.device-1.memory: must be positive, got 0 GiB");
    assertProblems(base("hidden = [256, 128]", "hidden = [256, 0], learning-rate = 0"),
        "t.conf:11: model.hidden[1]: must be positive, got 0",
        "t.conf:11: model.learning-rate: must be positive, got 0");
    assertProblems(base("hidden = [256, 128]", "hidden = [256, 128], inputs = -1, classes = 0"),
        "t.conf:11: model.inputs: must be positive, got -1", "t.conf:11: model.classes: must be positive, got 0");
  }

  @Test
  void probabilitiesMustLieInTheUnitInterval() {
    assertProblems(base("to = edge-1 }", "to = edge-1, loss = 1.5, reorder = -0.1 }"),
        "t.conf:8: links.device-edge.loss: must be a probability in [0, 1], got 1.5",
        "t.conf:8: links.device-edge.reorder: must be a probability in [0, 1], got -0.1");
  }

  @Test
  void evalEveryMustNotBeNegative() {
    assertProblems(base("cuts = [1, 2] }", "cuts = [1, 2], eval-every = -1 }"),
        "t.conf:12: workload.eval-every: must not be negative, got -1");
  }

  @Test
  void unitsMustBeKnown() {
    assertProblems(base("to = edge-1 }", "to = edge-1, rate = 100 mbps }"),
        "t.conf:8: links.device-edge.rate: expected a number or a number with one of bps, kbps, Mbps, Gbps,"
            + " got \"100 mbps\"");
    assertProblems(base("memory = 1 GiB", "memory = 1 GB-ish"),
        "t.conf:3: nodes.device-1.memory: expected a size like 512 MiB or 4 GiB, got \"1 GB-ish\"");
    assertProblems(base("runtime { }", "runtime { retry-timeout = soon }"),
        "t.conf:13: runtime.retry-timeout: expected a duration like 200 ms or 2 s, got \"soon\"");
  }

  @Test
  void unknownEnumValueListsTheAcceptedOnes() {
    assertProblems(base("role = cloud", "role = Cloud"),
        "t.conf:5: nodes.cloud.role: unknown value \"Cloud\" (accepted: cloud, edge)");
    assertProblems(base("hidden = [256, 128]", "hidden = [256, 128], activation = gelu, updater = rmsprop, type = rnn"),
        "t.conf:11: model.type: unknown value \"rnn\" (accepted: mlp, cnn)",
        "t.conf:11: model.activation: unknown value \"gelu\" (accepted: relu, tanh, sigmoid, leakyrelu, identity)",
        "t.conf:11: model.updater: unknown value \"rmsprop\" (accepted: adam, sgd, nesterovs)");
    assertProblems(BASE + "data.sharding.scheme = skewed\n",
        "t.conf:15: data.sharding.scheme: unknown value \"skewed\" (accepted: iid, dirichlet, classes)");
    assertProblems(base("cuts = [1, 2] }", "cuts = [1, 2], type = inference }"),
        "t.conf:12: workload.type: unknown value \"inference\" (accepted: split-training, genai, jmsnas, collaborative-training)");
  }

  @Test
  void nameMustBeSimple() {
    assertProblems(base("name = test", "name = \"Test Run\""),
        "t.conf:1: name: \"Test Run\" is not a valid name (use a-z, 0-9, '.', '_', '-')");
  }

  // --- topology

  @Test
  void linkEndsMustBeExistingDistinctNodes() {
    assertProblems(base("to = edge-1 }", "to = edge-9 }"), "t.conf:8: links.device-edge.to: unknown node \"edge-9\"");
    assertProblems(base("from = edge-1, to = cloud", "from = cloud, to = cloud"),
        "t.conf:9: links.edge-cloud.to: a link cannot join cloud to itself");
  }

  @Test
  void twoLinksMayNotJoinTheSamePair() {
    assertProblems(base("from = edge-1, to = cloud", "from = edge-1, to = device-1"),
        "t.conf:9: links.edge-cloud: another link already joins edge-1 and device-1: links.device-edge");
  }

  @Test
  void pathNodesMustExistOnceAndBeLinked() {
    assertProblems(base("path = [device-1, edge-1, cloud]", "path = [device-1, edge-7, cloud]"),
        "t.conf:12: workload.path: unknown node \"edge-7\"");
    assertProblems(base("path = [device-1, edge-1, cloud]", "path = [device-1, edge-1, device-1]"),
        "t.conf:12: workload.path: node device-1 appears more than once");
    assertProblems(base("path = [device-1, edge-1, cloud], cuts = [1, 2]", "path = [device-1, cloud], cuts = [1]"),
        "t.conf:12: workload.path: no link between device-1 and cloud");
  }

  @Test
  void theDataOwnerMustBeAnEdgeNode() {
    assertProblems(base("path = [device-1, edge-1, cloud], cuts = [1, 2]", "path = [cloud], cuts = []"),
        "t.conf:12: workload.path: the first node holds the training data, so it must be an edge node, not cloud");
  }

  // --- cuts and memory

  @Test
  void cutsMustMatchThePath() {
    assertProblems(base("cuts = [1, 2]", "cuts = [1]"), "t.conf:12: workload.cuts: 3 partitions need 2 cuts, got 1");
    assertProblems(base("path = [device-1, edge-1, cloud], cuts = [1, 2]", "path = [edge-1], cuts = [1]"),
        "t.conf:12: workload.cuts: 1 partition needs 0 cuts, got 1");
  }

  @Test
  void cutsMustIncreaseStrictly() {
    assertProblems(base("cuts = [1, 2]", "cuts = [2, 2]"),
        "t.conf:12: workload.cuts: cuts must be strictly increasing, got [2, 2]");
  }

  @Test
  void cutsMustLieInsideTheModel() {
    assertProblems(base("cuts = [1, 2]", "cuts = [1, 3]"),
        "t.conf:12: workload.cuts: cut 3 is outside the model's 3 layers (valid: 1..2)");
    assertProblems(base("cuts = [1, 2]", "cuts = [0, 2]"),
        "t.conf:12: workload.cuts: cut 0 is outside the model's 3 layers (valid: 1..2)");
  }

  @Test
  void noCutChecksWhenTheModelFailed() {
    assertProblems(base("hidden = [256, 128]", "hidden = [256, -1]").replace("cuts = [1, 2]", "cuts = [1, 7]"),
        "t.conf:11: model.hidden[1]: must be positive, got -1");
  }

  @Test
  void partitionsMustFitTheirNodesMemory() {
    // layer 0 has 784·256 + 256 = 200,960 parameters; with Adam ×3 float32: 2,411,520 bytes = 2.3 MiB
    assertProblems(base("memory = 1 GiB", "memory = 1 MiB"),
        "t.conf:12: workload.cuts: partition 1 on device-1 needs 2.3 MiB for parameters and optimiser state,"
            + " the node has 1.0 MiB");
  }

  @Test
  void memoryNeedDependsOnTheUpdater() throws ScenarioException {
    // with plain SGD the same layer needs 785 KiB only
    String sgd = base("memory = 1 GiB", "memory = 1 MiB")
        .replace("hidden = [256, 128]", "hidden = [256, 128], updater = sgd");
    assertEquals(1L << 20, load(sgd).node("device-1").memoryBytes());
  }

  // --- faults

  @Test
  void faultLinkMustExist() {
    assertProblems(withFaults("{ link = device-cloud, kind = loss, probability = 0.1 }"),
        "t.conf:15: faults[0].link: unknown link \"device-cloud\"");
  }

  @Test
  void aLinkFaultNamesALinkNotANode() {
    assertProblems(withFaults("{ node = edge-1, kind = loss, probability = 0.1 }"),
        "t.conf:15: faults[0].node: a loss fault strikes a link, not a node",
        "t.conf:15: faults[0].link: required key is missing");
  }

  @Test
  void faultWindowHasAtMostOneStartAndOneEnd() {
    assertProblems(withFaults(
            "{ link = device-edge, kind = loss, probability = 0.1, at-step = 1, at-time = 1 s }",
            "{ link = device-edge, kind = loss, probability = 0.1, until-step = 5, duration = 1 s }"),
        "t.conf:15: faults[0].at-time: give at most one of at-step and at-time",
        "t.conf:16: faults[1].duration: give at most one of until-step and duration");
  }

  @Test
  void untilStepMustFollowAtStep() {
    assertProblems(withFaults("{ link = device-edge, kind = loss, probability = 0.1, at-step = 10, until-step = 10 }"),
        "t.conf:15: faults[0].until-step: must be greater than at-step (10), got 10");
  }

  @Test
  void partitionNeedsADuration() {
    assertProblems(withFaults("{ link = edge-cloud, kind = partition, at-step = 5, until-step = 9 }"),
        "t.conf:15: faults[0].duration: required for a partition: a step-bounded partition would never heal,"
            + " because retries of the blocked step never reach the next step");
  }

  @Test
  void eachKindNeedsItsParameter() {
    assertProblems(withFaults(
            "{ link = device-edge, kind = duplicate }",
            "{ link = device-edge, kind = delay, jitter = 1 ms }",
            "{ link = device-edge, kind = rate }"),
        "t.conf:15: faults[0].probability: required for a duplicate fault",
        "t.conf:16: faults[1].delay: required for a delay fault",
        "t.conf:17: faults[2].rate: required for a rate fault");
  }

  @Test
  void parametersOfOtherKindsAreRefused() {
    assertProblems(withFaults("{ link = edge-cloud, kind = partition, duration = 1 s, probability = 0.5 }"),
        "t.conf:15: faults[0].probability: does not apply to a partition fault");
  }

  @Test
  void nodeFaultsStartAtAStepAndTakeTheirOwnParameters() {
    assertProblems(withFaults(
            "{ node = cloud, kind = kill-jvm }",
            "{ node = edge-1, kind = pause-jvm, at-step = 3 }",
            "{ node = edge-1, kind = partition-jvm, at-time = 1 s, duration = 2 s }",
            "{ node = edge-1, kind = slow-node, factor = 0.5, duration = 1 s }",
            "{ node = cloud, kind = kill-jvm, at-step = 5, until-step = 9 }",
            "{ node = nowhere, kind = kill-jvm, at-step = 5 }"),
        "t.conf:15: faults[0].at-step: required for a kill-jvm fault",
        "t.conf:16: faults[1].duration: required for a pause-jvm fault (wall-clock time)",
        "t.conf:17: faults[2].at-time: node faults start at a step: use at-step",
        "t.conf:17: faults[2].at-step: required for a partition-jvm fault",
        "t.conf:18: faults[3].factor: must be at least 1, got 0.5",
        "t.conf:18: faults[3].duration: does not apply to a slow-node fault (end it with until-step)",
        "t.conf:19: faults[4].until-step: does not apply to a kill-jvm fault",
        "t.conf:20: faults[5].node: unknown node \"nowhere\"");
  }

  @Test
  void nodeFaultsAreRead() throws ScenarioException {
    Scenario s = load(withFaults(
        "{ node = cloud, kind = kill-jvm, at-step = 20 }",
        "{ node = edge-1, kind = slow-node, factor = 3, at-step = 5, until-step = 10 }"));
    assertEquals(FaultSpec.FaultKind.KILL_JVM, s.faults().get(0).kind());
    assertEquals("cloud", s.faults().get(0).target());
    assertEquals(3.0, s.faults().get(1).factor());
    assertEquals(10, s.faults().get(1).untilStep().getAsInt());
  }

  // --- placement

  @Test
  void placementPinsKnownNodesToJvmNames() throws ScenarioException {
    assertEquals(java.util.Map.of("cloud", "cloud-jvm"),
        load(BASE + "placement { cloud = cloud-jvm }\n").placement());
    assertProblems(BASE + "placement {\n  moon = a\n  edge-1 = \"b c\"\n}\n",
        "t.conf:16: placement.moon: unknown node \"moon\"",
        "t.conf:17: placement.edge-1: \"b c\" is not a JVM name (use letters, digits, '-' and '_')");
  }

  @Test
  void faultsMustBeObjects() {
    assertProblems(withFaults("loss"), "t.conf:15: faults[0]: expected an object, got \"loss\"");
  }

  // --- data and runtime

  @Test
  void idxNeedsAnExistingDirectory() {
    assertProblems(BASE + "data { source = idx, directory = /no/such/dir }\n",
        "t.conf:15: data.directory: no directory /no/such/dir (set EDGEWEAVE_DATA_DIR or data.directory;"
            + " Fashion-MNIST: apt-get install dataset-fashion-mnist)");
  }

  @Test
  void idxNeedsTheImageShape() {
    String hocon = base("hidden = [256, 128]", "hidden = [256, 128], inputs = 100, classes = 5")
        + "data { source = idx, directory = \"" + System.getProperty("java.io.tmpdir") + "\" }\n";
    assertProblems(hocon,
        "t.conf:11: model.inputs: idx data has 784 inputs per sample, got 100",
        "t.conf:11: model.classes: idx data has 10 classes, got 5");
  }

  @Test
  void runtimeLimits() {
    assertProblems(base("runtime { }", "runtime { retry-timeout = 0 ms, max-retries = 0, time-scale = -1 }"),
        "t.conf:13: runtime.retry-timeout: must be positive, got 0 ms",
        "t.conf:13: runtime.max-retries: must be positive, got 0",
        "t.conf:13: runtime.time-scale: must not be negative, got -1");
  }

  @Test
  void allIndependentProblemsAreReported() {
    List<String> problems = problems(base("role = cloud", "role = sky").replace("cuts = [1, 2]", "cuts = [1, 2, 3]"));
    assertEquals(List.of(
        "t.conf:5: nodes.cloud.role: unknown value \"sky\" (accepted: cloud, edge)",
        "t.conf:12: workload.cuts: 3 partitions need 2 cuts, got 3"), problems);
  }
}
