package io.edgeweave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeweave.cli.CommandLineTest.Result;
import io.edgeweave.collab.actors.RoundRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collaborative run in its own process, stopped with SIGTERM or killed with SIGKILL part way, then resumed from its
 * run folder, ends with exactly the result of the same run never stopped: same test accuracy and virtual time, the
 * same rows in metrics.csv, none missing or written twice.
 */
@Tag("slow")
class CollaborativeStopAndResumeProcessTest {
  private static final int ROUNDS = 30;
  private static final String SCENARIO = """
      name = collab-stop
      seed = 23
      nodes { cloud { role = cloud, flops = 100 GFLOPS } }
      model { inputs = 20, hidden = [16], classes = 4, updater = adam, learning-rate = 0.01 }
      data { synthetic { train = 1200, test = 300 }, sharding { scheme = dirichlet, alpha = 0.5 } }
      workload {
        type = collaborative-training, cloud = cloud, rounds = %d, participants = 40, local-steps = 2, batch-size = 8
        deadline = 150 ms, eval-every = 5
        devices { count = 100, flops = { distribution = log-normal, median = 200 kFLOPS, sigma = 1 }
          loss = 0.3, duplicate = 0.2, dropout = 0.1, crash = 0.02 }
      }
      runtime { max-retries = 1, retry-timeout = 300 ms }
      """.formatted(ROUNDS);

  @TempDir static Path dir;
  private static Path file;
  private static Path reference;
  private final List<Process> started = new ArrayList<>();

  @BeforeAll
  static void runItWhole() throws IOException {
    file = dir.resolve("collab-stop.conf");
    Files.writeString(file, SCENARIO);
    reference = dir.resolve("whole");
    Result whole = CommandLineTest.execute("run", file.toString(), "--out", reference.toString(), "--quiet");
    assertEquals(Main.OK, whole.code(), whole.err());
  }

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void aRunStoppedWithSigtermSaysInterruptedAndResumesToTheSameResult() throws Exception {
    Path stopped = dir.resolve("stopped");
    Process run = start(stopped, dir.resolve("stopped.log"));
    EdgeweaveProcess.awaitRows(stopped.resolve("metrics.csv"), 4, run);

    int committed = EdgeweaveProcess.stopWithSigterm(run, stopped, dir.resolve("stopped.log"));
    assertTrue(committed >= 4 && committed < ROUNDS, "stopped part way: " + committed);
    assertTrue(Files.exists(stopped.resolve(String.format("checkpoints/round-%06d.ckpt", committed - 1))),
        "a checkpoint of the last committed round");
    assertEquals(committed + 1, Files.readAllLines(stopped.resolve("metrics.csv")).size(), "a row per committed round");

    assertSameAsNeverStopped(stopped);
  }

  @Test
  void aKilledRunResumesFromItsNewestCheckpointToTheSameResult() throws Exception {
    Path killed = dir.resolve("killed");
    Process run = start(killed, dir.resolve("killed.log"));
    EdgeweaveProcess.awaitRows(killed.resolve("metrics.csv"), 6, run);

    run.destroyForcibly(); // SIGKILL: no summary
    run.waitFor(60, TimeUnit.SECONDS);

    assertFalse(Files.exists(killed.resolve("summary.json")));
    assertSameAsNeverStopped(killed);
  }

  /** Resumes {@code run} in this JVM and compares it with the same scenario run to its end in one go. */
  private static void assertSameAsNeverStopped(Path run) throws IOException {
    Result resumed = CommandLineTest.execute("run", "--resume", run.toString(), "--quiet");
    assertEquals(Main.OK, resumed.code(), resumed.err());
    JsonNode a = EdgeweaveProcess.summary(run);
    JsonNode b = EdgeweaveProcess.summary(reference);
    assertEquals("completed", a.get("status").asText());
    assertEquals(ROUNDS, a.get("steps_committed").asInt());
    assertEquals(b.get("test_accuracy").asDouble(), a.get("test_accuracy").asDouble(), 0.0, "test accuracy");
    assertEquals(b.get("virtual_time_ms").asDouble(), a.get("virtual_time_ms").asDouble(), 0.0, "virtual time");
    assertEquals(RoundRows.deterministic(reference), RoundRows.deterministic(run), "every round's row, once");
  }

  private Process start(Path out, Path log) throws IOException {
    Process p = EdgeweaveProcess.start(log, "run", file.toString(), "--out", out.toString());
    started.add(p);
    return p;
  }
}
