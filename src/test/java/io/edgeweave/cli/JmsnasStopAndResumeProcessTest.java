package io.edgeweave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeweave.cli.CommandLineTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JMSNAS run in its own process, stopped with SIGTERM or killed with SIGKILL while it serves, then resumed from
 * its run folder, ends with the serving of the same run never stopped: every request answered once, at the same
 * virtual times and latencies, through the same deployments (the kill-jvm fault at request 300 strikes after the
 * stop, in the resumed run).
 */
@Tag("slow")
class JmsnasStopAndResumeProcessTest {
  private static final int REQUESTS = 400;

  @TempDir static Path shared;
  private static Path reference;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void aServingRunStoppedWithSigtermResumesToTheSameServing(@TempDir Path dir) throws Exception {
    Path stopped = dir.resolve("stopped");
    Process run = start(stopped, dir.resolve("stopped.log"));
    awaitCheckpoint(stopped, 100, run);

    run.destroy(); // SIGTERM
    assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the run stops");

    String log = Files.readString(dir.resolve("stopped.log"));
    assertEquals(143, run.exitValue(), log);
    JsonNode interrupted = json(stopped.resolve("summary.json"));
    assertEquals("interrupted", interrupted.get("status").asText());
    int answered = interrupted.get("steps_committed").asInt();
    assertTrue(answered >= 100 && answered < REQUESTS, "stopped while serving: " + answered);
    assertTrue(log.contains("resume with: ./edgeweave run --resume " + stopped), log);
    assertTrue(Files.exists(stopped.resolve(String.format("checkpoints/request-%06d.ckpt", answered))), "a checkpoint where it stopped");

    assertSameAsNeverStopped(stopped);
  }

  @Test
  void aKilledServingRunResumesFromItsNewestCheckpointToTheSameServing(@TempDir Path dir) throws Exception {
    Path killed = dir.resolve("killed");
    Process run = start(killed, dir.resolve("killed.log"));
    awaitCheckpoint(killed, 200, run);

    run.destroyForcibly(); // SIGKILL
    run.waitFor(60, TimeUnit.SECONDS);

    assertFalse(Files.exists(killed.resolve("summary.json")));
    assertSameAsNeverStopped(killed);
  }

  private static void assertSameAsNeverStopped(Path dir) throws IOException {
    Result resumed = CommandLineTest.execute("run", "--resume", dir.toString(), "--quiet");
    assertEquals(Main.OK, resumed.code(), resumed.err());
    Path whole = reference();
    JsonNode a = json(dir.resolve("serving.json"));
    JsonNode b = json(whole.resolve("serving.json"));
    List<Integer> requests = new ArrayList<>();
    a.get("request_records").forEach(r -> requests.add(r.get("request").asInt()));
    assertEquals(IntStream.range(0, REQUESTS).boxed().toList(), requests, "every request answered once, in order");
    assertEquals(b.get("request_records"), a.get("request_records"), "latencies, virtual times, attempts, answers");
    assertEquals(2, a.get("deployments").size(), "the start, and the re-plan after the kill-jvm fault");
    for (int i = 0; i < 2; i++) {
      for (String field : List.of("trigger", "request", "decided_ms", "ready_ms", "placement", "bytes_moved")) {
        assertEquals(b.get("deployments").get(i).get(field), a.get("deployments").get(i).get(field), field + " of deployment " + i);
      }
    }
    JsonNode sa = json(dir.resolve("summary.json"));
    JsonNode sb = json(whole.resolve("summary.json"));
    assertEquals("completed", sa.get("status").asText());
    for (String field : List.of("test_accuracy", "virtual_time_ms", "link_bytes", "compute_ms_by_node", "comm_ms_by_link")) {
      assertEquals(sb.get(field), sa.get(field), field);
    }
  }

  private static synchronized Path reference() {
    if (reference == null) {
      Path whole = shared.resolve("whole");
      Result r = CommandLineTest.execute(args(whole, "--quiet").toArray(String[]::new));
      assertEquals(Main.OK, r.code(), r.err());
      reference = whole;
    }
    return reference;
  }

  private Process start(Path out, Path log) throws IOException {
    Process p = EdgeweaveProcess.start(log, args(out));
    started.add(p);
    return p;
  }

  /** A small JMSNAS scenario on synthetic data; links paced on the wall clock so that serving lasts seconds. */
  private static List<String> args(Path out, String... more) {
    List<String> args = new ArrayList<>(List.of("run", "scenarios/jmsnas-jvm-failure.conf",
        "--set", "data.source=synthetic",
        "--set", "data.synthetic.train=3000",
        "--set", "data.synthetic.test=400",
        "--set", "model.hidden=[32]",
        "--set", "workload.search.blocks=[{widths=[16]},{widths=[32]}]",
        "--set", "workload.search.epochs=1",
        "--set", "workload.search.validation=500",
        "--set", "workload.search.confirmation=500",
        "--set", "workload.search.cache=" + shared.resolve("cache"),
        "--set", "workload.train.max-epochs=2",
        "--set", "workload.encoding.input=float32",
        "--set", "workload.serve.requests=" + REQUESTS,
        "--set", "runtime.checkpoint-every=50",
        "--set", "runtime.time-scale=1",
        "--out", out.toString()));
    args.addAll(List.of(more));
    return args;
  }

  private static void awaitCheckpoint(Path out, int request, Process run) throws Exception {
    Path file = out.resolve(String.format("checkpoints/request-%06d.ckpt", request));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (!run.isAlive()) throw new AssertionError("the run ended before it was stopped: exit " + run.exitValue());
      if (Files.exists(file)) return;
      Thread.sleep(20);
    }
    throw new AssertionError("no " + file + " in 3 minutes");
  }

  private static JsonNode json(Path file) throws IOException {
    return new ObjectMapper().readTree(file.toFile());
  }
}
