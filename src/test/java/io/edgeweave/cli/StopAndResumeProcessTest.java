package io.edgeweave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeweave.cli.CommandLineTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A split-training run in its own process, stopped with SIGTERM or killed with SIGKILL part way, then resumed from
 * its run folder, ends with exactly the result of the same run never stopped: same test accuracy, same loss and
 * virtual time at every step, no row of metrics.csv missing or written twice.
 */
class StopAndResumeProcessTest {
  private static final int STEPS = 240;
  private static final List<String> SCENARIO =
      List.of(
          "scenarios/quickstart.conf",
          "--set", "workload.steps=" + STEPS,
          "--set", "workload.batch-size=64",
          "--set", "workload.eval-every=80",
          "--set", "model.hidden=[64, 32]",
          "--set", "data.synthetic.train=4000",
          "--set", "data.synthetic.test=500",
          "--set", "runtime.checkpoint-every=40");

  /** The same scenario run to its end in one go, once for every test. */
  @TempDir static Path referenceDir;

  private static Path reference;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void aRunStoppedWithSigtermSavesACheckpointSaysInterruptedAndResumesToTheSameResult(@TempDir Path dir) throws Exception {
    Path stopped = dir.resolve("stopped");
    Process run = start(stopped, dir.resolve("stopped.log"));
    EdgeweaveProcess.awaitRows(stopped.resolve("metrics.csv"), 60, run);

    int committed = EdgeweaveProcess.stopWithSigterm(run, stopped, dir.resolve("stopped.log"));
    assertTrue(committed > 0 && committed < STEPS, "stopped part way: " + committed);
    assertTrue(Files.exists(stopped.resolve(String.format("checkpoints/step-%06d.ckpt", committed - 1))),
        "a checkpoint of the last committed step");

    assertSameAsNeverStopped(stopped);
  }

  @Test
  void aKilledRunResumesFromItsNewestCheckpointToTheSameResult(@TempDir Path dir) throws Exception {
    Path killed = dir.resolve("killed");
    Process run = start(killed, dir.resolve("killed.log"));
    EdgeweaveProcess.awaitRows(killed.resolve("metrics.csv"), 100, run);

    run.destroyForcibly(); // SIGKILL: no checkpoint of its own, no summary
    run.waitFor(60, TimeUnit.SECONDS);

    assertFalse(Files.exists(killed.resolve("summary.json")));
    assertSameAsNeverStopped(killed);
  }

  @Test
  void resumeRefusesWhatItCannotContinue(@TempDir Path dir) throws IOException {
    Result missing = CommandLineTest.execute("run", "--resume", dir.resolve("nowhere").toString());
    assertEquals(Main.BAD_INPUT, missing.code());
    assertEquals(dir.resolve("nowhere") + ": no such run folder", missing.err().strip());

    Result notARun = CommandLineTest.execute("run", "--resume", dir.toString());
    assertEquals(dir + ": holds no scenario.conf: not the folder of a run", notARun.err().strip());

    Result both = CommandLineTest.execute("run", "scenarios/quickstart.conf", "--resume", dir.toString());
    assertEquals("run: give a scenario FILE, or --resume DIR (not both)", both.err().strip());

    Path done = dir.resolve("done");
    Result finished = CommandLineTest.execute(args(done, "--set", "workload.steps=3", "--quiet"));
    assertEquals(Main.OK, finished.code(), finished.err());
    Result again = CommandLineTest.execute("run", "--resume", done.toString());
    assertEquals(Main.BAD_INPUT, again.code());
    assertEquals(done + ": the run has completed already: nothing to resume", again.err().strip());
  }

  /** Resumes {@code dir} in this JVM and compares it with the same scenario run to its end in one go. */
  private static void assertSameAsNeverStopped(Path dir) throws IOException {
    Result resumed = CommandLineTest.execute("run", "--resume", dir.toString(), "--quiet");
    assertEquals(Main.OK, resumed.code(), resumed.err());
    Path reference = reference();

    JsonNode a = EdgeweaveProcess.summary(dir);
    JsonNode b = EdgeweaveProcess.summary(reference);
    assertEquals("completed", a.get("status").asText());
    assertEquals(STEPS, a.get("steps_committed").asInt());
    assertEquals(b.get("test_accuracy").asDouble(), a.get("test_accuracy").asDouble(), 0.0, "test accuracy");
    assertEquals(b.get("virtual_time_ms").asDouble(), a.get("virtual_time_ms").asDouble(), 0.0, "virtual time");
    assertEquals(deterministicColumns(reference), deterministicColumns(dir), "step, loss and virtual times of every row");
  }

  private static synchronized Path reference() {
    if (reference == null) {
      Path whole = referenceDir.resolve("whole");
      Result r = CommandLineTest.execute(args(whole, "--quiet"));
      assertEquals(Main.OK, r.code(), r.err());
      reference = whole;
    }
    return reference;
  }

  private static List<String> deterministicColumns(Path run) throws IOException {
    return Files.readAllLines(run.resolve("metrics.csv")).stream()
        .map(line -> String.join(",", List.of(line.split(",")).subList(0, 4)))
        .toList();
  }

  private Process start(Path out, Path log) throws IOException {
    Process p = EdgeweaveProcess.start(log, args(out));
    started.add(p);
    return p;
  }


  private static String[] args(Path out, String... more) {
    List<String> args = new ArrayList<>(List.of("run"));
    args.addAll(SCENARIO);
    args.addAll(List.of("--out", out.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }
}
