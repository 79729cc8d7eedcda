package io.edgeweave.training.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.runtime.Runs;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.Scenario;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Split training over actors with each batch cut into micro-batches: the three partitions end within 1e-5 of the
 * run on whole batches (float summation order only), and lossy, duplicating, reordering links change its time but
 * not one bit of its arithmetic; with such links on every hop, two runs have the same virtual times, step by step.
 */
class PipelinedSplitTrainingTest {
  private static final ActorTestKit KIT = ActorTestKit.create(Runs.TEST_CONFIG);
  private static final int STEPS = 20;
  private static final double TOLERANCE = 1e-5;

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  @Test
  void microBatchesFollowTheWholeBatchRun(@TempDir Path one, @TempDir Path two, @TempDir Path four) throws Exception {
    TrainTest data = Runs.data(11);
    Runs.Outcome whole = Runs.run(KIT, scenario(1, cleanLinks(), one), data, one);
    for (var run : List.of(new Object[] {2, two}, new Object[] {4, four})) {
      int micros = (int) run[0];
      Path out = (Path) run[1];
      Runs.Outcome piped = Runs.run(KIT, scenario(micros, cleanLinks(), out), data, out);
      assertEquals(RunStatus.COMPLETED, piped.summary().status());
      assertEquals(STEPS, piped.summary().stepsCommitted());
      float[] a = Runs.concat(whole.parameters());
      float[] b = Runs.concat(piped.parameters());
      double worst = 0;
      for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
      assertTrue(worst <= TOLERANCE, micros + " micro-batches: parameters differ by " + worst);
      for (int step = 0; step < STEPS; step++) {
        assertEquals(whole.steps().get(step).loss(), piped.steps().get(step).loss(), 1e-5, "loss of step " + step);
      }
      assertTrue(piped.summary().linkBytes() > whole.summary().linkBytes(), "each micro-batch carries its own header");
      assertTrue(piped.steps().get(0).linkBytes() > whole.steps().get(0).linkBytes(), "a step's row counts every micro-batch");
      assertEquals(
          whole.steps().get(0).computeMsByNode().get("edge"), piped.steps().get(0).computeMsByNode().get("edge"), 1e-9,
          "the same compute, in " + micros + " pieces");
    }
  }

  @Test
  void faultsChangeTimeButNotTheMicroBatchesArithmetic(@TempDir Path clean, @TempDir Path faulty) throws Exception {
    TrainTest data = Runs.data(11);
    List<LinkSpec> bad = cleanLinks().stream().map(l -> Runs.impaired(l, 0.10, 0.05, 0.05)).toList();
    Runs.Outcome reference = Runs.run(KIT, scenario(4, cleanLinks(), clean), data, clean);
    Runs.Outcome survived = Runs.run(KIT, scenario(4, bad, faulty), data, faulty);

    assertEquals(RunStatus.COMPLETED, survived.summary().status());
    assertArrayEquals(Runs.concat(reference.parameters()), Runs.concat(survived.parameters()));
    for (int step = 0; step < STEPS; step++) {
      assertEquals(reference.steps().get(step).loss(), survived.steps().get(step).loss(), 0.0);
    }
    assertTrue(survived.summary().messagesDropped() > 10, "drops: " + survived.summary().messagesDropped());
    assertTrue(survived.summary().messagesDuplicated() > 3, "dups: " + survived.summary().messagesDuplicated());
    assertTrue(survived.summary().virtualTimeMs() > reference.summary().virtualTimeMs());
  }

  @Test
  void aRunWithFaultsOnEveryLinkHasTheSameVirtualTimesEveryTime(@TempDir Path first, @TempDir Path second) throws Exception {
    TrainTest data = Runs.data(11);
    List<LinkSpec> bad = cleanLinks().stream().map(l -> Runs.impaired(l, 0.10, 0.05, 0.05)).toList();
    Runs.Outcome one = Runs.run(KIT, scenario(4, bad, first), data, first);
    Runs.Outcome two = Runs.run(KIT, scenario(4, bad, second), data, second);

    assertTrue(one.summary().messagesDropped() > 10, "drops: " + one.summary().messagesDropped());
    for (int step = 0; step < STEPS; step++) {
      assertEquals(one.steps().get(step).virtualTimeMs(), two.steps().get(step).virtualTimeMs(), 0.0, "step " + step);
    }
    assertEquals(one.summary().virtualTimeMs(), two.summary().virtualTimeMs(), 0.0);
    assertEquals(one.summary().retries(), two.summary().retries());
  }

  private static Scenario scenario(int micros, List<LinkSpec> links, Path out) {
    return Runs.withMicroBatches(Runs.threeNodes("pipelined", STEPS, links, List.of(), out), micros);
  }

  private static List<LinkSpec> cleanLinks() {
    return List.of(Runs.link("device-edge", "device", "edge", 100e6, 2), Runs.link("edge-cloud", "edge", "cloud", 1e9, 10));
  }
}
