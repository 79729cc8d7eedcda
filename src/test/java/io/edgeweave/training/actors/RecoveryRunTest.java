package io.edgeweave.training.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.runtime.Hosting;
import io.edgeweave.runtime.Runs;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.FaultSpec.FaultKind;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.MimoSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.training.CheckpointStore;
import io.edgeweave.training.RunCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run that loses the JVM of a node resumes from its last checkpoint and ends exactly where an uninterrupted run
 * ends. Agents in one JVM stand for JVMs here (serialisation on); {@code cluster.ClusterProcessTest} does the same
 * with real processes.
 */
class RecoveryRunTest {
  private static final int STEPS = 40;
  private static final ActorTestKit KIT = ActorTestKit.create(Runs.TEST_CONFIG);
  private static TrainTest data;
  private static Runs.Outcome reference;

  @BeforeAll
  static void uninterrupted(@TempDir Path out) throws Exception {
    Scenario clean = Runs.withCheckpoints(threeNodes("clean", out), 0, List.of());
    data = Runs.data(clean.seed());
    reference = Runs.run(KIT, clean, data, out);
    assertEquals(RunStatus.COMPLETED, reference.summary().status());
  }

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void checkpointsChangeNothingAndAreWrittenToDisk(@TempDir Path out) throws Exception {
    Scenario scenario = Runs.withCheckpoints(threeNodes("saved", out), 10, List.of());

    Runs.Outcome run = Runs.run(KIT, scenario, data, out);

    assertSameTraining(run);
    RunSummary.Recovery recovery = run.summary().recovery();
    assertEquals(3, recovery.checkpoints(), "after steps 9, 19 and 29 (not after the last)");
    assertEquals(29, recovery.lastCheckpointStep());
    RunCheckpoint last = CheckpointStore.training(out.resolve("checkpoints")).latest().checkpoint().orElseThrow();
    assertEquals(29, last.step());
    assertEquals(run.steps().subList(0, 30), last.records());
    try (var files = Files.list(out.resolve("checkpoints"))) {
      assertEquals(2, files.count(), "the newest two are kept");
    }
  }

  @Test
  void anEdgeJvmDiesAndItsNodeMovesToAnotherEdgeJvm(@TempDir Path out) throws Exception {
    Runs.Outcome run = runKilling("device", 25, 10, false, out);

    assertSameTraining(run);
    RunSummary.Recovery recovery = run.summary().recovery();
    assertEquals(1, recovery.faultsInjected());
    assertEquals(1, recovery.recoveries());
    // step 25 waits until the kill has landed: the run resumes from the checkpoint after step 19, redoing 20–24
    assertEquals(List.of(20), recovery.resumedFromSteps());
    assertEquals(0, recovery.stepsLost());
    assertEquals(5, recovery.stepsRedone());
    assertEquals("edge-b", run.summary().placement().get("device"), "moved off the dead JVM");
    assertEquals(STEPS + 1, Files.readAllLines(out.resolve("metrics.csv")).size(), "one row per step, no duplicates");
  }

  @Test
  void theCloudJvmDiesIsRestartedAndTheRunResumes(@TempDir Path out) throws Exception {
    Runs.Outcome run = runKilling("cloud", 12, 10, true, out);

    assertSameTraining(run);
    assertEquals(List.of(10), run.summary().recovery().resumedFromSteps());
    assertEquals(0, run.summary().recovery().stepsLost());
    assertEquals("cloud-1", run.summary().placement().get("cloud"));
  }

  @Test
  void withoutCheckpointsARunStartsOverAfterALoss(@TempDir Path out) throws Exception {
    Runs.Outcome run = runKilling("edge", 8, 0, false, out);

    assertSameTraining(run);
    assertEquals(List.of(0), run.summary().recovery().resumedFromSteps());
    assertEquals(0, run.summary().recovery().stepsLost());
    assertTrue(run.summary().recovery().stepsRedone() >= 8);
  }

  /** With pilots ({@code pilots} > 0) the resumed link also estimates and equalises what the uninterrupted one did. */
  @ParameterizedTest
  @ValueSource(ints = {0, 6})
  void aRunOverADriftingOverTheAirChannelResumesOnTheChannelItLeft(int pilots, @TempDir Path clean, @TempDir Path out)
      throws Exception {
    // H changes every 3 steps (Gauss–Markov, ρ = 0.9) and jumps at step 14: the checkpoint after step 19 falls in
    // the jump's epoch, 2 blocks after it began
    MimoSpec drifting = new MimoSpec(3, 4, true, MimoSpec.ChannelModel.QUASI_STATIC, 0.9, 3, 0, 0, 20, 20, 1e6, 1, 0,
        MimoSpec.Payload.ACTIVATIONS, new MimoSpec.Estimation(pilots, MimoSpec.Estimator.MMSE));
    List<LinkSpec> links = List.of(
        Runs.overTheAir("device-edge", "device", "edge", drifting), Runs.link("edge-cloud", "edge", "cloud", 1e9, 10));
    FaultSpec jump = new FaultSpec("device-edge", FaultKind.CHANNEL_JUMP, OptionalInt.of(14), Optional.empty(),
        OptionalInt.empty(), Optional.empty(), 0, Duration.ZERO, Duration.ZERO, 0, 0, 0, 1);
    Runs.Outcome uninterrupted = Runs.run(
        KIT, Runs.withCheckpoints(Runs.threeNodes("air-clean", STEPS, links, List.of(), clean), 0, List.of(jump)),
        data, clean);

    Scenario killed = Runs.withCheckpoints(Runs.threeNodes("air-device-dies", STEPS, links, List.of(), out), 10,
        List.of(jump, Runs.nodeFault(FaultKind.KILL_JVM, "device", 25)));
    Runs.Outcome run = Runs.run(KIT, killed, data, out, threeJvms(false));

    assertEquals(List.of(20), run.summary().recovery().resumedFromSteps());
    assertSameTraining(uninterrupted, run);
    assertEquals(uninterrupted.summary().testAccuracy(), run.summary().testAccuracy());
  }

  @Test
  void aSlowNodeTakesLongerInVirtualTimeAndComputesTheSame(@TempDir Path out) throws Exception {
    var slow = new FaultSpec(
        "edge", FaultKind.SLOW_NODE, OptionalInt.of(10), Optional.empty(), OptionalInt.of(20), Optional.empty(), 0,
        Duration.ZERO, Duration.ZERO, 0, 0, 0, 4);
    Scenario scenario = Runs.withCheckpoints(threeNodes("slow", out), 0, List.of(slow));

    Runs.Outcome run = Runs.run(KIT, scenario, data, out);

    assertSameTraining(run);
    for (int step = 0; step < STEPS; step++) {
      double expected = reference.steps().get(step).computeMsByNode().get("edge") * (step >= 10 && step < 20 ? 4 : 1);
      assertEquals(expected, run.steps().get(step).computeMsByNode().get("edge"), 1e-9, "edge compute of step " + step);
    }
    assertEquals(1, run.summary().recovery().faultsInjected());
  }

  /** The three-node run on three JVMs, the JVM of {@code node} killed before {@code step}. */
  private static Runs.Outcome runKilling(String node, int step, int checkpointEvery, boolean restartKilled, Path out)
      throws Exception {
    Scenario scenario = Runs.withCheckpoints(
        threeNodes(node + "-dies", out), checkpointEvery, List.of(Runs.nodeFault(FaultKind.KILL_JVM, node, step)));
    return Runs.run(KIT, scenario, data, out, threeJvms(restartKilled));
  }

  /** Same losses and final parameters as the uninterrupted run, every step committed. */
  private static void assertSameTraining(Runs.Outcome run) {
    assertSameTraining(reference, run);
  }

  private static void assertSameTraining(Runs.Outcome uninterrupted, Runs.Outcome run) {
    assertEquals(RunStatus.COMPLETED, run.summary().status(), run.summary().error());
    assertEquals(STEPS, run.summary().stepsCommitted());
    assertEquals(STEPS, run.steps().stream().mapToInt(StepRecord::step).distinct().count());
    List<StepRecord> steps = run.steps().stream().filter(s -> s.step() >= 0).toList();
    for (int step = 0; step < STEPS; step++) {
      StepRecord last = lastRecordOf(steps, step);
      assertEquals(uninterrupted.steps().get(step).loss(), last.loss(), 0.0, "loss of step " + step);
    }
    assertArrayEquals(Runs.concat(uninterrupted.parameters()), Runs.concat(run.parameters()));
  }

  /** The record a step got the last time it ran (a redone step is reported again). */
  private static StepRecord lastRecordOf(List<StepRecord> steps, int step) {
    StepRecord found = null;
    for (StepRecord s : steps) if (s.step() == step) found = s;
    return found;
  }

  private static Hosting threeJvms(boolean restartKilled) {
    Map<String, Set<NodeRole>> agents = new LinkedHashMap<>();
    agents.put("edge-a", Set.of(NodeRole.EDGE));
    agents.put("edge-b", Set.of(NodeRole.EDGE));
    agents.put("cloud-1", Set.of(NodeRole.CLOUD));
    return new Hosting.InProcess(agents, restartKilled, Duration.ofSeconds(10));
  }

  private static Scenario threeNodes(String name, Path out) {
    List<LinkSpec> links =
        List.of(Runs.link("device-edge", "device", "edge", 100e6, 2), Runs.link("edge-cloud", "edge", "cloud", 1e9, 10));
    return Runs.threeNodes(name, STEPS, links, List.of(), out);
  }
}
