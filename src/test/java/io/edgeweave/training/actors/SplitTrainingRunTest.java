package io.edgeweave.training.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.nn.Networks;
import io.edgeweave.runtime.Runs;
import io.edgeweave.runtime.TakenOver;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.Seeds;
import io.edgeweave.scenario.SplitTrainingSpec;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.training.BatchSource;
import io.edgeweave.training.ShardBatches;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Split training over actors, links and serialised messages computes what one DL4J network computes, and
 * survives lossy, duplicating, reordering links with the very same arithmetic.
 */
class SplitTrainingRunTest {
  private static final int STEPS = 120;
  private static final ActorTestKit KIT = ActorTestKit.create(Runs.TEST_CONFIG);

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void actorsComputeTheWholeNetworkStepForStep(@TempDir Path out) throws Exception {
    Scenario scenario = Runs.threeNodes("clean", STEPS, cleanLinks(), List.of(), out);
    TrainTest data = Runs.data(scenario.seed());

    Runs.Outcome run = Runs.run(KIT, scenario, data, out);

    MultiLayerNetwork whole = Networks.whole(scenario.model(), scenario.seed());
    BatchSource batches =
        new ShardBatches(
            data.train(),
            IntStream.range(0, data.train().size()).toArray(),
            ((SplitTrainingSpec) scenario.workload()).batchSize(),
            Seeds.derive(scenario.seed(), "batches/device"));
    for (int step = 0; step < STEPS; step++) {
      BatchSource.Batch batch = batches.batch(step);
      whole.fit(new DataSet(batch.features(), oneHot(batch.labels(), 4)));
      assertEquals(whole.score(), run.steps().get(step).loss(), 0.0, "loss of step " + step);
    }
    assertArrayEquals(whole.params().toFloatVector(), Runs.concat(run.parameters()));
    assertEquals(RunStatus.COMPLETED, run.summary().status());
    assertEquals(STEPS, run.summary().stepsCommitted());
    assertTrue(Files.size(out.resolve("metrics.csv")) > 0);
    assertTrue(Files.exists(out.resolve("summary.json")));
    assertTrue(Files.exists(out.resolve("report.html")));
  }

  @Test
  void lossDuplicationAndReorderingChangeTimeButNotArithmetic(@TempDir Path clean, @TempDir Path faulty)
      throws Exception {
    Scenario good = Runs.threeNodes("clean", STEPS, cleanLinks(), List.of(), clean);
    List<LinkSpec> bad = cleanLinks().stream().map(l -> Runs.impaired(l, 0.10, 0.05, 0.05)).toList();
    Scenario impaired = Runs.threeNodes("impaired", STEPS, bad, List.of(), faulty);
    TrainTest data = Runs.data(good.seed());

    Runs.Outcome reference = Runs.run(KIT, good, data, clean);
    Runs.Outcome survived = Runs.run(KIT, impaired, data, faulty);

    assertEquals(RunStatus.COMPLETED, survived.summary().status());
    assertEquals(STEPS, survived.summary().stepsCommitted());
    assertArrayEquals(Runs.concat(reference.parameters()), Runs.concat(survived.parameters()));
    for (int step = 0; step < STEPS; step++) {
      assertEquals(reference.steps().get(step).loss(), survived.steps().get(step).loss(), 0.0);
    }
    assertTrue(survived.summary().messagesDropped() > 10, "drops: " + survived.summary().messagesDropped());
    assertTrue(survived.summary().messagesDuplicated() > 3, "dups: " + survived.summary().messagesDuplicated());
    assertTrue(survived.summary().retries() > 0);
    assertTrue(survived.summary().virtualTimeMs() > reference.summary().virtualTimeMs());
  }

  @Test
  void oneSeedGivesOneRunEvenWithFaults(@TempDir Path a, @TempDir Path b) throws Exception {
    List<LinkSpec> bad = cleanLinks().stream().map(l -> Runs.impaired(l, 0.2, 0.1, 0.1)).toList();
    TrainTest data = Runs.data(11);

    Runs.Outcome first = Runs.run(KIT, Runs.threeNodes("again", 40, bad, List.of(), a), data, a);
    Runs.Outcome second = Runs.run(KIT, Runs.threeNodes("again", 40, bad, List.of(), b), data, b);

    assertEquals(first.summary().virtualTimeMs(), second.summary().virtualTimeMs(), 0.0);
    assertEquals(first.summary().messagesDropped(), second.summary().messagesDropped());
    assertEquals(first.summary().messagesDuplicated(), second.summary().messagesDuplicated());
    assertEquals(first.summary().linkBytes(), second.summary().linkBytes());
    for (int step = 0; step < 40; step++) {
      StepRecord x = first.steps().get(step);
      StepRecord y = second.steps().get(step);
      assertEquals(x.virtualTimeMs(), y.virtualTimeMs(), 0.0, "virtual time of step " + step);
      assertEquals(x.commMsByLink(), y.commMsByLink());
      assertEquals(x.retries(), y.retries());
    }
  }

  /**
   * The first node reports its steps a few at a time (here: each segment between two checkpoints at once): the
   * director commits and writes what it commits and writes when told of every step on its own.
   */
  @Test
  void stepsReportedTogetherCommitWhatStepsReportedOneByOneCommit(@TempDir Path each, @TempDir Path together)
      throws Exception {
    List<LinkSpec> bad = cleanLinks().stream().map(l -> Runs.impaired(l, 0.1, 0.05, 0.05)).toList();
    TrainTest data = Runs.data(11);
    Scenario oneByOne = Runs.withCheckpoints(Runs.threeNodes("reports", 60, bad, List.of(), each), 25, List.of());
    Scenario atOnce = Runs.withReportEvery(
        Runs.withCheckpoints(Runs.threeNodes("reports", 60, bad, List.of(), together), 25, List.of()), Duration.ofHours(1));

    Runs.Outcome a = Runs.run(KIT, oneByOne, data, each);
    Runs.Outcome b = Runs.run(KIT, atOnce, data, together);

    assertEquals(RunStatus.COMPLETED, b.summary().status());
    assertEquals(60, b.steps().size());
    for (int step = 0; step < 60; step++) {
      StepRecord x = a.steps().get(step);
      StepRecord y = b.steps().get(step);
      assertEquals(step, y.step());
      assertEquals(x.loss(), y.loss(), 0.0, "loss of step " + step);
      assertEquals(x.virtualTimeMs(), y.virtualTimeMs(), 0.0, "virtual time of step " + step);
      assertEquals(x.retries(), y.retries());
      assertTrue(y.wallTimeMs() > 0, "each step's own wall time");
    }
    assertEquals(a.summary().testAccuracy(), b.summary().testAccuracy());
    assertArrayEquals(Runs.concat(a.parameters()), Runs.concat(b.parameters()));
    assertEquals(withoutWallTimes(each.resolve("metrics.csv")), withoutWallTimes(together.resolve("metrics.csv")));
  }

  private static List<String> withoutWallTimes(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    int wall = List.of(lines.get(0).split(",")).indexOf("wall_time_ms");
    return lines.stream().map(line -> {
      List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
      cells.remove(wall);
      return String.join(",", cells);
    }).toList();
  }

  /**
   * Wall-clock speed decides nothing: with links paced on the wall clock (a slow run, where every copy of a step
   * reaches its node before the next step) and unpaced (a fast run, where the next step can overtake a late copy),
   * one seed gives the same virtual times, messages and parameters.
   */
  /**
   * The first node runs the steps between two evaluations without the director; a stop asked for in between
   * pauses it after the step in flight, which is checkpointed, and the resumed run computes what an uninterrupted
   * one computes. Resumed as a standby director resumes a run it takes over, its summary holds the takeover, with
   * the first step committed after it timed; the run never stopped has none.
   */
  @Test
  void aStopBetweenEvaluationsPausesTheFirstNodeAndTheResumedRunEqualsAnUninterruptedOne(
      @TempDir Path whole, @TempDir Path stopped) throws Exception {
    TrainTest data = Runs.data(11);
    Runs.Outcome uninterrupted = Runs.run(KIT, Runs.threeNodes("stop", 60, cleanLinks(), List.of(), whole), data, whole);

    Scenario scenario = Runs.threeNodes("stop", 60, cleanLinks(), List.of(), stopped);
    Runs.Outcome interrupted = Runs.run(KIT, scenario, data, stopped, 20, false);
    assertEquals(RunStatus.INTERRUPTED, interrupted.summary().status());
    int committed = interrupted.summary().stepsCommitted();
    assertTrue(committed >= 20 && committed < 60, "stopped after the step in flight, not at the end: " + committed);
    assertEquals(committed - 1, (int) interrupted.summary().recovery().lastCheckpointStep(), "the checkpoint is where it stopped");

    TakenOver takenOver = Runs.takeoverNow();
    Runs.Outcome resumed = Runs.takenOver(KIT, scenario, data, stopped, takenOver);
    assertEquals(RunStatus.COMPLETED, resumed.summary().status());
    assertEquals(resumed.summary().takeover(), Runs.assertTakeoverWritten(stopped, takenOver));
    assertNull(resumed.summary().takeover().firstAnswerMs(), "a split-training run answers no request");
    assertFalse(Files.readString(stopped.resolve("summary.json")).contains("first_answer_ms"));
    Runs.assertNoTakeover(whole);
    assertEquals(uninterrupted.summary().testAccuracy(), resumed.summary().testAccuracy());
    assertEquals(uninterrupted.summary().virtualTimeMs(), resumed.summary().virtualTimeMs());
    for (int i = 0; i < uninterrupted.parameters().size(); i++) {
      assertEquals(uninterrupted.parameters().get(i), resumed.parameters().get(i), "partition " + i);
    }
  }

  @Test
  void wallClockPacingChangesNothingVirtual(@TempDir Path fast, @TempDir Path slow) throws Exception {
    List<LinkSpec> bad = cleanLinks().stream().map(l -> Runs.impaired(l, 0.2, 0.3, 0.3)).toList();
    Scenario unpaced = Runs.threeNodes("pacing", 30, bad, List.of(), fast);
    TrainTest data = Runs.data(unpaced.seed());

    Runs.Outcome first = Runs.run(KIT, unpaced, data, fast);
    Runs.Outcome second = Runs.run(KIT, Runs.withTimeScale(Runs.threeNodes("pacing", 30, bad, List.of(), slow), 1), data, slow);

    assertTrue(first.summary().messagesDuplicated() > 5, "dups: " + first.summary().messagesDuplicated());
    assertEquals(first.summary().linkBytes(), second.summary().linkBytes());
    assertEquals(first.summary().virtualTimeMs(), second.summary().virtualTimeMs(), 0.0);
    for (int step = 0; step < 30; step++) {
      assertEquals(first.steps().get(step).virtualTimeMs(), second.steps().get(step).virtualTimeMs(), 0.0, "step " + step);
    }
    assertArrayEquals(Runs.concat(first.parameters()), Runs.concat(second.parameters()));
  }

  private static List<LinkSpec> cleanLinks() {
    return List.of(Runs.link("device-edge", "device", "edge", 100e6, 2), Runs.link("edge-cloud", "edge", "cloud", 1e9, 10));
  }

  private static org.nd4j.linalg.api.ndarray.INDArray oneHot(int[] labels, int classes) {
    org.nd4j.linalg.api.ndarray.INDArray y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, labels.length, classes);
    for (int i = 0; i < labels.length; i++) y.putScalar(i, labels[i], 1f);
    return y;
  }
}
