package io.edgeweave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeweave.cli.CommandLineTest.Result;
import io.edgeweave.genai.actors.GenAiRunTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A genai run in its own process, stopped with SIGTERM or killed with SIGKILL once it has checkpointed some of its
 * units of training, then resumed from its run folder, ends with exactly the results of the same run never stopped:
 * every strategy's Fréchet distance, fidelity, traffic and times, and every request served the same way.
 */
@Tag("slow")
class GenAiStopAndResumeProcessTest {
  /** The tiny scenario of {@code GenAiRunTest}, trained longer so that there is time to stop it part way. */
  private static final String SCENARIO = GenAiRunTest.SCENARIO + """
      data.synthetic.train = 1200
      workload { local.epochs = 3, assembly { samples = 400, epochs = 2 }, personalisation.epochs = 2 }
      """;
  private static final List<String> RESULTS = List.of("results.json", "quality.csv", "requests.csv");

  @TempDir static Path shared;

  private static Path file;
  private static Path reference;
  private final List<Process> started = new ArrayList<>();

  /** The scenario run to its end in one go (which also caches the referee for every later run). */
  @BeforeAll
  static void runReference() throws IOException {
    file = shared.resolve("tiny-genai.conf");
    Files.writeString(file, SCENARIO + "output { directory = \"" + shared.resolve("runs") + "\" }\n");
    reference = shared.resolve("reference");
    Result r = CommandLineTest.execute("run", file.toString(), "--out", reference.toString(), "--quiet");
    assertEquals(Main.OK, r.code(), r.err());
  }

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void aRunStoppedWithSigtermSaysInterruptedAndResumesToTheSameResults(@TempDir Path dir) throws Exception {
    Path stopped = dir.resolve("stopped");
    Process run = start(stopped, dir.resolve("stopped.log"));
    awaitCheckpoints(stopped, 1, run);

    run.destroy(); // SIGTERM
    assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the run stops");
    String log = Files.readString(dir.resolve("stopped.log"));
    assertEquals(143, run.exitValue(), log);
    JsonNode summary = new ObjectMapper().readTree(stopped.resolve("summary.json").toFile());
    assertEquals("interrupted", summary.get("status").asText());
    assertTrue(summary.get("error").asText().startsWith("stopped by SIGTERM"), summary.toString());
    assertTrue(log.contains("resume with: ./edgeweave run --resume " + stopped), log);
    for (String result : RESULTS) assertFalse(Files.exists(stopped.resolve(result)), result);

    assertSameAsNeverStopped(stopped);
  }

  @Test
  void aKilledRunResumesFromItsCheckpointedUnitsToTheSameResults(@TempDir Path dir) throws Exception {
    Path killed = dir.resolve("killed");
    Process run = start(killed, dir.resolve("killed.log"));
    awaitCheckpoints(killed, 2, run);

    run.destroyForcibly(); // SIGKILL: no summary
    run.waitFor(60, TimeUnit.SECONDS);
    assertFalse(Files.exists(killed.resolve("summary.json")));

    assertSameAsNeverStopped(killed);
  }

  private static void assertSameAsNeverStopped(Path dir) throws IOException {
    int saved = checkpoints(dir);
    Result resumed = CommandLineTest.execute("run", "--resume", dir.toString(), "--quiet");
    assertEquals(Main.OK, resumed.code(), resumed.err());
    for (String result : RESULTS) {
      assertEquals(Files.readString(reference.resolve(result)), Files.readString(dir.resolve(result)), result);
    }
    JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
    assertEquals("completed", summary.get("status").asText());
    assertEquals(checkpoints(reference), checkpoints(dir), "every unit checkpointed");
    assertTrue(saved > 0 && saved < checkpoints(reference), "stopped part way: " + saved + " units");
  }

  private static int checkpoints(Path run) throws IOException {
    try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
      return (int) files.filter(p -> p.getFileName().toString().endsWith(".ckpt")).count();
    }
  }

  private Process start(Path out, Path log) throws IOException {
    Process p = EdgeweaveProcess.start(log, "run", file.toString(), "--out", out.toString());
    started.add(p);
    return p;
  }

  /** Waits until the run has checkpointed {@code units} units of training. */
  private static void awaitCheckpoints(Path out, int units, Process run) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (!run.isAlive()) throw new AssertionError("the run ended before it was stopped: exit " + run.exitValue());
      if (Files.isDirectory(out.resolve("checkpoints")) && checkpoints(out) >= units) return;
      Thread.sleep(20);
    }
    throw new AssertionError("no " + units + " checkpoints in " + out + " in 3 minutes");
  }
}
