package io.edgeweave.serving.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeweave.data.Datasets;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.plan.BlockChain;
import io.edgeweave.plan.LatencyModel;
import io.edgeweave.plan.Placement;
import io.edgeweave.plan.Topology;
import io.edgeweave.runtime.PhaseProgress;
import io.edgeweave.runtime.Runs;
import io.edgeweave.scenario.JmsnasSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import io.edgeweave.serving.ServingMessage;
import io.edgeweave.serving.ServingReport;
import io.edgeweave.serving.ServingReport.DeploymentRecord;
import io.edgeweave.serving.ServingReport.RequestRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JMSNAS runs over actors with serialisation on: the search, the training, the deployment of partitions by
 * message, serving, and re-planning on crashes, rate changes and joins. One architecture (24-8-16-4) keeps
 * the search short; the topology decides where its three layers go.
 */
class JmsnasRunTest {
  private static final ActorTestKit KIT = ActorTestKit.create(Runs.TEST_CONFIG);
  private static final double EXACT = 1e-6;

  @TempDir static Path cache;

  @BeforeAll
  static void joinTheCluster() {
    Nd4jSetup.singleThreaded();
    Cluster cluster = Cluster.get(KIT.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
  }

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  /**
   * A device that holds only the first layer, an edge server that holds only the second, a slow far cloud
   * that holds everything, and a second edge server reached over a slower radio.
   */
  static String scenario(String extra) {
    return scenario(cache, extra);
  }

  /** @param cache where the search keeps the accuracies it measured */
  static String scenario(Path cache, String extra) {
    return String.join("\n",
        "name = jmsnas-test",
        "seed = 5",
        "nodes {",
        "  device-1 { role = edge, flops = 2 MFLOPS, memory = 1000 B }",
        "  edge-1 { role = edge, flops = 1 GFLOPS, memory = 600 B }",
        "  edge-2 { role = edge, flops = 20 MFLOPS, memory = 1 MiB }",
        "  cloud { role = cloud, flops = 1 MFLOPS, memory = 1 GiB }",
        "}",
        "links {",
        "  radio { from = device-1, to = edge-1, rate = 200 kbps, propagation = 2 ms }",
        "  radio2 { from = device-1, to = edge-2, rate = 10 kbps, propagation = 3 ms }",
        "  fibre { from = edge-1, to = cloud, rate = 10 Mbps, propagation = 20 ms }",
        "  fibre2 { from = edge-2, to = cloud, rate = 10 Mbps, propagation = 20 ms }",
        "}",
        "model { inputs = 24, hidden = [8, 16], classes = 4, learning-rate = 0.01 }",
        "data { source = synthetic, synthetic { train = 3000, test = 400 } }",
        "workload {",
        "  type = jmsnas",
        "  source = device-1",
        "  samples-per-request = 4",
        // synthetic features are not 8-bit pixels: they travel as floats unless a test says otherwise
        "  encoding { input = float32, activations = float32 }",
        "  search {",
        "    blocks = [{ widths = [8] }, { widths = [16] }]",
        "    target-accuracy = 0.5, epochs = 1, validation = 500, confirmation = 500",
        "    cache = \"" + cache + "\"",
        "  }",
        "  train { max-epochs = 2 }",
        "  serve { requests = 20, interval = 1 s }",
        "  detection = 500 ms",
        "}",
        "runtime { retry-timeout = 30 ms }",
        extra);
  }

  record Run(Scenario scenario, ServingReport report, Runs.Outcome outcome) {}

  static Run run(String hocon, Path out) throws Exception {
    Scenario scenario = ScenarioLoader.parse(hocon, "test.conf", List.of());
    TrainTest data = Datasets.load(scenario.data(), scenario.model(), scenario.seed());
    Runs.Outcome outcome = Runs.run(KIT, scenario, data, out);
    ServingReport report = new ObjectMapper().readValue(out.resolve("serving.json").toFile(), ServingReport.class);
    return new Run(scenario, report, outcome);
  }

  /** The cost model's latency of a placement (as printed) on the scenario's topology with some links changed. */
  static double predicted(Run run, Placement placement, Topology topology) {
    JmsnasSpec spec = (JmsnasSpec) run.scenario().workload();
    var model = io.edgeweave.plan.Architectures.withHidden(run.scenario().model(), List.of(8, 16));
    return new LatencyModel(BlockChain.of(model, spec.wire()), topology, spec.samplesPerRequest(), ServingMessage.HEADER_BYTES)
        .evaluate(placement).totalMs();
  }

  @Test
  void measuredLatencyOfADeployedPlanEqualsTheCostModelsPrediction(@TempDir Path out) throws Exception {
    Run run = run(scenario("faults = []"), out);

    assertEquals(RunStatus.COMPLETED, run.outcome().summary().status(), run.outcome().summary().error());
    DeploymentRecord d = run.report().deployments().get(0);
    // device runs layer 0, edge-1 layer 1 (all its memory holds), the cloud the output layer
    assertEquals("device-1 24→8 | edge-1 8→16 | cloud 16→4", d.placement());
    Placement placement = new Placement(List.of("device-1", "edge-1", "cloud"), List.of(0, 1, 2, 3));
    assertEquals(predicted(run, placement, Topology.of(run.scenario())), d.predictedMs(), EXACT);
    for (RequestRecord r : run.report().requestRecords()) {
      assertEquals(d.predictedMs(), r.latencyMs(), EXACT, "request " + r.request());
    }
    assertEquals(20, run.report().served());
    assertEquals(20, run.report().probeRounds(), "a probe round before each request");
    assertEquals(19, run.report().probeRoundsAskedAhead(), "every request but the first had its round asked ahead");
    // the deployed partitions classify as the trained network does: 20 requests × 4 = 80 test samples
    assertTrue(run.report().servedAccuracy() > 0.5, "served accuracy " + run.report().servedAccuracy());
  }

  @Test
  void aRunShowsItsSearchItsTrainingAndItsServingAsProgress(@TempDir Path out) throws Exception {
    List<PhaseProgress> phases = run(scenario("faults = []"), out).outcome().phases();

    List<PhaseProgress> search = phases.stream().filter(p -> p.phaseNumber() == 1).toList();
    int candidates = search.get(0).total();
    // every architecture of the search space, then the reference model of the baselines, one after the other
    assertEquals(IntStream.rangeClosed(1, candidates).boxed().toList(), search.stream().map(PhaseProgress::done).toList());
    assertTrue(candidates >= 2, "candidates " + candidates);
    List<PhaseProgress> training = phases.stream().filter(p -> p.phaseNumber() == 2).toList();
    assertEquals(1, training.size(), "the training is told once: " + training);
    assertFalse(training.get(0).node().isEmpty(), "the training names the chosen architecture");
    List<Integer> served = phases.stream().filter(p -> p.phaseNumber() == 3).map(PhaseProgress::done).toList();
    assertEquals(IntStream.rangeClosed(0, 20).boxed().toList(), served, "serving from 0 to 20 requests, each told");
    assertEquals(phases.stream().map(PhaseProgress::phaseNumber).sorted().toList(),
        phases.stream().map(PhaseProgress::phaseNumber).toList(), "phases in order");
    assertTrue(phases.stream().allMatch(p -> p.phases() == 3));
  }

  @Test
  void int8ActivationsOnTheLinksMeasureWhatTheCostModelPredicts(@TempDir Path out) throws Exception {
    Run run = run(scenario("faults = []\nworkload.encoding { input = uint8, activations = int8 }"), out);

    assertEquals(RunStatus.COMPLETED, run.outcome().summary().status(), run.outcome().summary().error());
    assertEquals("input uint8, activations int8", run.report().wire());
    DeploymentRecord d = run.report().deployments().get(0);
    Placement placement = new Placement(List.of("device-1", "edge-1", "cloud"), List.of(0, 1, 2, 3));
    assertEquals("device-1 24→8 | edge-1 8→16 | cloud 16→4", d.placement());
    assertEquals(predicted(run, placement, Topology.of(run.scenario())), d.predictedMs(), EXACT);
    for (RequestRecord r : run.report().requestRecords()) assertEquals(d.predictedMs(), r.latencyMs(), EXACT, "request " + r.request());
    assertTrue(run.report().servedAccuracy() > 0.5, "served through int8 links: " + run.report().servedAccuracy());
  }

  @Test
  void aComputeNodeThatCrashesMidRunLosesNoRequest(@TempDir Path out) throws Exception {
    Run run = run(scenario("faults = [{ node = edge-1, kind = crash, at-step = 8 }]"), out);

    assertEquals(RunStatus.COMPLETED, run.outcome().summary().status(), run.outcome().summary().error());
    List<RequestRecord> records = run.report().requestRecords();
    assertEquals(IntStream.range(0, 20).boxed().toList(), records.stream().map(RequestRecord::request).toList(),
        "every request answered once, in order");
    RequestRecord lost = records.get(8);
    assertEquals(2, lost.attempts(), "request 8 was in flight at edge-1 and served again");
    assertTrue(records.stream().filter(r -> r.request() != 8).allMatch(r -> r.attempts() == 1));
    assertEquals(2, run.report().deployments().size());
    DeploymentRecord after = run.report().deployments().get(1);
    assertEquals("edge-1 crashed", after.trigger());
    assertEquals(8, after.request());
    assertEquals(after.faultMs() + 500, after.decidedMs(), EXACT, "declared down 500 ms after the crash");
    assertTrue(lost.latencyMs() > 500, "the lost request waited for detection: " + lost.latencyMs());
    assertTrue(!after.placement().contains("edge-1"), after.placement());
    for (RequestRecord r : records.subList(9, 20)) {
      assertEquals(after.predictedMs(), r.latencyMs(), EXACT, "request " + r.request() + " on the new plan");
    }
  }

  /** In one JVM the node stands for its JVM: it reports the kill, is told to halt, stops, and never comes back. */
  @Test
  void aKillJvmFaultStopsTheNodeForGoodAndLosesNoRequest(@TempDir Path out) throws Exception {
    Run run = run(scenario("faults = [{ node = edge-1, kind = kill-jvm, at-step = 8 }]"), out);

    assertEquals(RunStatus.COMPLETED, run.outcome().summary().status(), run.outcome().summary().error());
    List<RequestRecord> records = run.report().requestRecords();
    assertEquals(IntStream.range(0, 20).boxed().toList(), records.stream().map(RequestRecord::request).toList());
    assertEquals(List.of(8), records.stream().filter(r -> r.attempts() > 1).map(RequestRecord::request).toList());
    assertEquals(20, run.report().probeRounds(), "request 8 is served again without a round of its own");
    assertEquals(18, run.report().probeRoundsAskedAhead(), "request 8's round is asked in its turn: a kill-jvm strikes in it");
    assertEquals(2, run.report().deployments().size(), "no rejoin: a kill is for good");
    DeploymentRecord after = run.report().deployments().get(1);
    assertEquals("edge-1 crashed", after.trigger());
    assertEquals(after.faultMs() + 500, after.decidedMs(), EXACT, "decided in virtual time, as for a crash");
    assertNotNull(after.detectionWallMs(), "the wall time from the halt to the loss seen");
  }

  @Test
  void aRateDropOnTheRadioMovesTheSplit(@TempDir Path out) throws Exception {
    Run run = run(scenario("faults = [{ link = radio, kind = rate, rate = 5 kbps, at-step = 5 }]"), out);

    assertEquals(RunStatus.COMPLETED, run.outcome().summary().status(), run.outcome().summary().error());
    List<DeploymentRecord> deployments = run.report().deployments();
    assertEquals(2, deployments.size());
    DeploymentRecord after = deployments.get(1);
    assertEquals("link radio at 5.0 kbps", after.trigger());
    assertEquals(5, after.request());
    assertTrue(after.bytesMoved() > 0, "edge-2 needs weights: " + after);
    assertTrue(after.placement().startsWith("device-1 24→8 | edge-2"), after.placement());
    Topology slow = Topology.of(run.scenario()).withRate("radio", 5e3);
    assertEquals(predicted(run, new Placement(List.of("device-1", "edge-2"), List.of(0, 1, 3)), slow), after.predictedMs(), EXACT);
    for (RequestRecord r : run.report().requestRecords().subList(6, 20)) assertEquals(after.predictedMs(), r.latencyMs(), EXACT);
    assertNull(deployments.get(0).latencyBeforeMs());
    assertEquals(deployments.get(0).predictedMs(), after.latencyBeforeMs(), EXACT);
  }

  @Test
  void aChosenModelWhoseTrainingDivergesStopsTheRunBeforeServing(@TempDir Path out) throws Exception {
    Scenario scenario = ScenarioLoader.parse(
        scenario("faults = []\nmodel { updater = sgd, learning-rate = 1e12 }"), "test.conf", List.of());
    TrainTest data = Datasets.load(scenario.data(), scenario.model(), scenario.seed());

    Runs.Outcome outcome = Runs.run(KIT, scenario, data, out);

    assertEquals(RunStatus.DIVERGED, outcome.summary().status(), outcome.summary().error());
    assertTrue(outcome.summary().error().startsWith("training diverged at epoch "), outcome.summary().error());
    assertTrue(outcome.summary().error().contains("of the chosen architecture's training: the loss is NaN on the cloud"),
        outcome.summary().error());
    assertTrue(Files.isRegularFile(out.resolve("report.html")), "the run folder is complete");
  }

  @Test
  void oneSeedGivesOneRun(@TempDir Path a, @TempDir Path b) throws Exception {
    String hocon = scenario("faults = [{ node = edge-1, kind = crash, at-step = 3, until-step = 9 }, "
        + "{ link = radio2, kind = loss, probability = 0.3 }]");
    Run first = run(hocon, a);
    Run second = run(hocon, b);
    assertEquals(RunStatus.COMPLETED, first.outcome().summary().status(), first.outcome().summary().error());
    assertEquals(first.report().requestRecords(), second.report().requestRecords());
    assertEquals(3, first.report().deployments().size(), "start, crash, and edge-1 back at request 9");
    assertEquals("edge-1 joined", first.report().deployments().get(2).trigger());
    assertTrue(first.outcome().summary().messagesDropped() > 0, "the lossy radio dropped messages, retried per hop");
  }
}
