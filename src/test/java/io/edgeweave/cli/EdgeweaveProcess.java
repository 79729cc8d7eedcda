package io.edgeweave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code edgeweave} in a process of its own, for tests that stop or kill it, and what it leaves in its run folder. */
public final class EdgeweaveProcess {
  private EdgeweaveProcess() {}

  /** Starts {@code edgeweave ARGS} with its output (both streams) going to {@code log}. */
  public static Process start(Path log, String... args) throws IOException {
    return start(log, List.of(args));
  }

  public static Process start(Path log, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Waits until {@code csv} holds more than {@code rows} rows after its header, while {@code run} runs. */
  static void awaitRows(Path csv, int rows, Process run) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (!run.isAlive()) throw new AssertionError("the run ended before it was stopped: exit " + run.exitValue());
      if (Files.exists(csv) && Files.readAllLines(csv).size() > rows) return;
      Thread.sleep(50);
    }
    throw new AssertionError("no " + rows + " rows in " + csv + " in 3 minutes");
  }

  /**
   * Stops {@code edgeweave run} with SIGTERM and checks that it stopped as a clean stop does: exit 143, status
   * {@code interrupted}, and the line that says how to resume.
   *
   * @return the steps (or rounds) it committed
   */
  static int stopWithSigterm(Process run, Path out, Path log) throws Exception {
    run.destroy();
    assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the run stops");
    String said = Files.readString(log);
    assertEquals(143, run.exitValue(), said);
    JsonNode interrupted = summary(out);
    assertEquals("interrupted", interrupted.get("status").asText());
    assertTrue(said.contains("resume with: ./edgeweave run --resume " + out), said);
    return interrupted.get("steps_committed").asInt();
  }

  static JsonNode summary(Path run) throws IOException {
    return new ObjectMapper().readTree(run.resolve("summary.json").toFile());
  }
}
