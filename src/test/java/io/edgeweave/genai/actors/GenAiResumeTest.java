package io.edgeweave.genai.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.data.SyntheticDataset;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.runtime.PhaseProgress;
import io.edgeweave.runtime.RunControl;
import io.edgeweave.runtime.Runs;
import io.edgeweave.runtime.TakenOver;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny genai run over actors (serialisation on, synthetic data) stopped part way and resumed from its run folder, and
 * one struck by a kill-jvm fault in one JVM, each end with exactly the results of the run never stopped: the same
 * Fréchet distances and fidelities, the same time to ready, the same requests served the same way. Resumed as a
 * standby director resumes a run it takes over, the run says so in its summary.
 */
class GenAiResumeTest {
  static final List<String> RESULTS = List.of("results.json", "quality.csv", "requests.csv");

  /** Shared by every run: the referee CNN is trained once, then read from its cache. */
  @TempDir static Path outputs;

  static TrainTest data;
  static Path reference;
  static RunSummary referenceSummary;

  @BeforeAll
  static void runOnce() throws Exception {
    Nd4jSetup.singleThreaded();
    data = SyntheticDataset.generate(4, 400, 200, 784, 10);
    reference = outputs.resolve("reference");
    referenceSummary = run(scenario(""), reference, new RunControl(), false, p -> {});
    assertEquals(RunStatus.COMPLETED, referenceSummary.status(), referenceSummary.error());
  }

  static Scenario scenario(String extra) throws Exception {
    return ScenarioLoader.parse(GenAiRunTest.SCENARIO + "output { directory = \"" + outputs + "\" }\n" + extra,
        "tiny.conf", List.of());
  }

  static RunSummary run(Scenario scenario, Path out, RunControl control, boolean resume, Consumer<PhaseProgress> onPhase)
      throws Exception {
    return GenAiRunTest.run(scenario, data, out, control, resume, onPhase);
  }

  @Test
  void aRunStoppedInPersonalisationResumesToTheResultsOfTheRunNeverStopped(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("run");
    RunControl control = new RunControl();
    RunSummary stopped = run(scenario(""), out, control, false, p -> {
      if (p.phase().equals("personalisation")) control.interrupt("SIGTERM");
    });
    assertEquals(RunStatus.INTERRUPTED, stopped.status(), stopped.error());
    assertTrue(stopped.error().startsWith("stopped by SIGTERM"), stopped.error());
    for (String file : RESULTS) assertFalse(Files.exists(out.resolve(file)), file + " of a run not finished");
    List<String> saved = checkpoints(out);
    assertTrue(saved.containsAll(List.of("local-a.ckpt", "local-b.ckpt", "assembly-FINE_TUNE.ckpt")), saved.toString());

    TakenOver takenOver = Runs.takeoverNow();
    RunSummary resumed = GenAiRunTest.run(scenario(""), data, out, new RunControl(), true, p -> {}, takenOver);
    assertEquals(RunStatus.COMPLETED, resumed.status(), resumed.error());
    assertSameResults(out);
    assertEquals(resumed.takeover(), Runs.assertTakeoverWritten(out, takenOver), "its first epoch after the takeover, timed");
    assertNull(resumed.takeover().firstAnswerMs(), "first_answer_ms is JMSNAS's");
    Runs.assertNoTakeover(reference);
    int total = referenceSummary.recovery().checkpoints();
    assertEquals(total, checkpoints(out).size(), "every unit of training checkpointed once");
    assertTrue(resumed.recovery().checkpoints() <= total - saved.size(), "the units saved before the stop are not trained again");
  }

  @Test
  void aKillJvmInLocalTrainingRedeploysTheRunAndEndsWithTheResultsOfTheRunWithout(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("run");
    RunSummary killed = run(scenario("faults = [{ node = b, kind = kill-jvm, at-step = 1 }]\n"), out, new RunControl(),
        false, p -> {});
    assertEquals(RunStatus.COMPLETED, killed.status(), killed.error());
    assertEquals(1, killed.recovery().faultsInjected());
    assertEquals(1, killed.recovery().recoveries());
    assertSameResults(out);
  }

  private static void assertSameResults(Path out) throws IOException {
    for (String file : RESULTS) {
      assertEquals(Files.readString(reference.resolve(file)), Files.readString(out.resolve(file)), file);
    }
  }

  private static List<String> checkpoints(Path out) throws IOException {
    try (Stream<Path> files = Files.list(out.resolve("checkpoints"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aLossThatIsNoLongerFiniteStopsTheRunAsDivergedNamingTheUnitAndItsNode() throws Exception {
    Scenario divergent = scenario("workload.local.learning-rate = 1e30\n");

    RunSummary summary = run(divergent, outputs.resolve("divergent"), new RunControl(), false, p -> {});

    assertEquals(RunStatus.DIVERGED, summary.status(), summary.error());
    assertTrue(summary.error().startsWith("training diverged at unit local-"), summary.error());
    assertTrue(summary.error().contains("learning-rate in workload.local"), summary.error());
  }
}
