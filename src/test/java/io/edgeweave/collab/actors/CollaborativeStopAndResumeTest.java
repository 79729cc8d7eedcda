package io.edgeweave.collab.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.collab.RoundCheckpoint;
import io.edgeweave.data.Datasets;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RoundRecord;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.runtime.Hosting;
import io.edgeweave.runtime.RunControl;
import io.edgeweave.runtime.RunListener;
import io.edgeweave.runtime.Runs;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.runtime.TakenOver;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collaborative run stopped through its {@link RunControl} part way, then resumed from its run folder, ends with
 * exactly the result of the same run never stopped: same global model, same rounds (accounting, virtual times, loss,
 * accuracy), no row of metrics.csv missing or written twice. The fleet has stragglers against a deadline, dropouts,
 * crashes and lossy links, so the devices' clocks and the crashed devices must come back from the checkpoint too.
 * Resumed as a standby director resumes a run it takes over, the run says so in its summary.
 */
class CollaborativeStopAndResumeTest {
  private static final int ROUNDS = 6;

  record Outcome(RunSummary summary, Tensor global) {}

  @Test
  void aRunStoppedAndResumedEndsAsTheRunNeverStopped(@TempDir Path dir) throws Exception {
    Scenario scenario = slowAndFailing("");
    TrainTest data = Datasets.load(scenario.data(), scenario.model(), scenario.seed());
    Outcome whole = run(scenario, data, dir.resolve("whole"), new RunControl(), false, -1);
    assertEquals(RunStatus.COMPLETED, whole.summary().status(), whole.summary().error());

    Path stopped = dir.resolve("stopped");
    RunControl control = new RunControl();
    Outcome first = run(scenario, data, stopped, control, false, 3);
    assertEquals(RunStatus.INTERRUPTED, first.summary().status());
    int committed = first.summary().stepsCommitted();
    assertTrue(committed >= 4 && committed < ROUNDS, "stopped part way: " + committed);
    assertTrue(first.summary().error().startsWith("stopped by test after " + committed + " committed rounds (checkpoint after round "
        + (committed - 1) + ")"), first.summary().error());
    Path newest = stopped.resolve(String.format("checkpoints/round-%06d.ckpt", committed - 1));
    assertTrue(Files.exists(newest), "a checkpoint of the last committed round");
    assertEquals(committed + 1, Files.readAllLines(stopped.resolve("metrics.csv")).size());

    // the newest checkpoint damaged: the run resumes from the one before and computes its round again
    byte[] bytes = Files.readAllBytes(newest);
    bytes[bytes.length / 3] ^= 0x04;
    Files.write(newest, bytes);

    TakenOver takenOver = Runs.takeoverNow();
    Outcome resumed = run(scenario, data, stopped, new RunControl(), true, -1, takenOver);
    assertEquals(RunStatus.COMPLETED, resumed.summary().status(), resumed.summary().error());
    assertEquals(resumed.summary().takeover(), Runs.assertTakeoverWritten(stopped, takenOver), "its first round committed, timed");
    assertNull(resumed.summary().takeover().firstAnswerMs(), "rounds answer no request");
    Runs.assertNoTakeover(dir.resolve("whole"));
    assertEquals(whole.global(), resumed.global(), "the same global model, bit for bit");
    assertEquals(whole.summary().testAccuracy(), resumed.summary().testAccuracy());
    assertEquals(whole.summary().virtualTimeMs(), resumed.summary().virtualTimeMs());
    assertEquals(ROUNDS, resumed.summary().stepsCommitted());
    assertEquals(RoundRows.deterministic(dir.resolve("whole")), RoundRows.deterministic(stopped),
        "every round's row once, as the run never stopped wrote it");
    RoundCheckpoint last = RoundCheckpoint.store(stopped.resolve("checkpoints")).latest().checkpoint().orElseThrow();
    assertEquals(ROUNDS, last.state().nextRound());
    assertTrue(last.state().gone().length > 0, "devices crashed, and the checkpoint keeps them out");
    try (Stream<Path> files = Files.list(stopped.resolve("checkpoints"))) {
      assertEquals(2, files.count(), "the newest two are kept");
    }

    Files.delete(stopped.resolve("summary.json")); // as if killed after its last round
    Outcome finished = run(scenario, data, stopped, new RunControl(), true, -1);
    assertEquals(RunStatus.COMPLETED, finished.summary().status(), finished.summary().error());
    assertEquals(whole.global(), finished.global(), "nothing left to train: the checkpoint's model");
    assertEquals(whole.summary().testAccuracy(), finished.summary().testAccuracy());
    assertEquals(RoundRows.deterministic(dir.resolve("whole")), RoundRows.deterministic(stopped));
  }

  /**
   * Two kill-jvm faults, one before the stop and one after: the resumed run, placed afresh on three in-process edge
   * JVMs, counts as crashed the devices the never-stopped run lost with the second JVM, some of which had come from
   * the first.
   */
  @Test
  void aRunWithKillJvmFaultsResumesToTheRunNeverStopped(@TempDir Path dir) throws Exception {
    Scenario scenario = slowAndFailing(", jvms = 3",
        "faults = [{ kind = kill-jvm, jvm = 1, at-step = 2 }, { kind = kill-jvm, jvm = 2, at-step = 5 }]");
    TrainTest data = Datasets.load(scenario.data(), scenario.model(), scenario.seed());
    Outcome whole = run(scenario, data, dir.resolve("whole"), new RunControl(), false, -1);
    assertEquals(RunStatus.COMPLETED, whole.summary().status(), whole.summary().error());
    assertEquals(List.of(2, 5), whole.summary().recovery().resumedFromSteps());

    Path stopped = dir.resolve("stopped");
    RunControl control = new RunControl();
    Outcome first = run(scenario, data, stopped, control, false, 3);
    assertEquals(RunStatus.INTERRUPTED, first.summary().status());
    Outcome resumed = run(scenario, data, stopped, new RunControl(), true, -1);

    assertEquals(RunStatus.COMPLETED, resumed.summary().status(), resumed.summary().error());
    assertEquals(whole.global(), resumed.global(), "the same global model, bit for bit");
    assertEquals(RoundRows.deterministic(dir.resolve("whole")), RoundRows.deterministic(stopped));
    assertEquals(whole.summary().recovery().resumedFromSteps(), resumed.summary().recovery().resumedFromSteps());
  }

  /**
   * 100 devices, 40 per round: dropouts, crashes, lossy links, slow devices. A model resent after a loss reaches its
   * device after the deadline, so the device is still training when the next round starts: if selected again, it
   * starts late, by its clock.
   */
  private static Scenario slowAndFailing(String workload, String... more) throws Exception {
    return CollaborativeTrainingRunTest.scenario(String.join("\n",
            "rounds = " + ROUNDS + ", participants = 80, local-steps = 2, batch-size = 8, deadline = 150 ms" + workload,
            "eval-every = 4",
            "devices { count = 100, flops = { distribution = log-normal, median = 200 kFLOPS, sigma = 1 }",
            "  uplink = { distribution = uniform, min = 1 Mbps, max = 10 Mbps }, loss = 0.4, duplicate = 0.3",
            "  dropout = 0.1, crash = 0.05 }"),
        "runtime { max-retries = 1, retry-timeout = 300 ms }\n" + String.join("\n", more));
  }

  /** Runs {@code scenario} into {@code out}; asks it to stop once round {@code stopAfter} is reported (-1: never). */
  private static Outcome run(Scenario scenario, TrainTest data, Path out, RunControl control, boolean resume, int stopAfter)
      throws Exception {
    return run(scenario, data, out, control, resume, stopAfter, null);
  }

  /** @param takenOver how a standby director took the run over; null if none did */
  private static Outcome run(Scenario scenario, TrainTest data, Path out, RunControl control, boolean resume, int stopAfter,
      TakenOver takenOver) throws Exception {
    ActorTestKit kit = ActorTestKit.create(Runs.TEST_CONFIG);
    try {
      CompletableFuture<Outcome> done = new CompletableFuture<>();
      RunListener listener = new RunListener() {
        @Override
        public void onStep(StepRecord step, int totalSteps) {}

        @Override
        public void onRound(RoundRecord round, int totalRounds) {
          if (round.round() == stopAfter) control.interrupt("test");
        }

        @Override
        public void onFinished(RunSummary summary, List<Tensor> parameters) {
          done.complete(new Outcome(summary, parameters.isEmpty() ? null : parameters.get(0)));
        }
      };
      kit.spawn(ScenarioDirector.create(scenario, data, out, listener, Hosting.local(scenario), control, resume, takenOver));
      return done.get(120, TimeUnit.SECONDS);
    } finally {
      kit.shutdownTestKit();
    }
  }
}
