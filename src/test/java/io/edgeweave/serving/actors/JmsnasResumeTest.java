package io.edgeweave.serving.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeweave.data.Datasets;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.SummaryWriter;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.runtime.Hosting;
import io.edgeweave.runtime.RunControl;
import io.edgeweave.runtime.Runs;
import io.edgeweave.runtime.TakenOver;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import io.edgeweave.serving.ServingReport;
import io.edgeweave.serving.ServingReport.DeploymentRecord;
import io.edgeweave.serving.ServingReport.RequestRecord;
import io.edgeweave.serving.actors.ServingCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JMSNAS run stopped between two requests, or killed after a checkpoint, resumes without searching or training
 * again and ends with the figures of the run that was never stopped: the same requests, each answered once, at
 * the same virtual times, through the same deployments, with the same link counters. The scenario re-plans on a
 * crash and a restart, and on a rate drop that starts before the checkpoint at request 20 and ends after it (the
 * link remembers when it started), over a lossy radio.
 */
class JmsnasResumeTest {
  private static final ActorTestKit KIT = ActorTestKit.create(Runs.TEST_CONFIG);
  private static final int REQUESTS = 30;

  @TempDir static Path cache;
  @TempDir static Path baselineOut;
  private static Scenario scenario;
  private static TrainTest data;
  private static Result baseline;

  record Result(RunSummary summary, ServingReport report) {}

  @BeforeAll
  static void runOnceWithoutStopping() throws Exception {
    Nd4jSetup.singleThreaded();
    Cluster cluster = Cluster.get(KIT.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    String hocon = JmsnasRunTest.scenario(cache, String.join("\n",
        "faults = [{ node = edge-1, kind = crash, at-step = 3, until-step = 9 },",
        "  { link = radio2, kind = loss, probability = 0.3 },",
        "  { link = radio, kind = rate, rate = 5 kbps, at-step = 17, duration = 6 s }]",
        "workload.serve.requests = " + REQUESTS,
        // links paced at a tenth of virtual time: a stop lands while requests are served
        "runtime { checkpoint-every = 5, time-scale = 0.1 }"));
    scenario = ScenarioLoader.parse(hocon, "test.conf", List.of());
    data = Datasets.load(scenario.data(), scenario.model(), scenario.seed());
    baseline = run(baselineOut, new RunControl(), false);
    assertEquals(RunStatus.COMPLETED, baseline.summary().status(), baseline.summary().error());
    assertEquals(5, baseline.report().deployments().size(), "start, the crash, the restart, the rate drop and its end");
  }

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  static Result run(Path out, RunControl control, boolean resume) throws Exception {
    Runs.Outcome outcome = Runs.run(KIT, scenario, data, out, Hosting.local(), control, resume);
    ServingReport report = new ObjectMapper().readValue(out.resolve("serving.json").toFile(), ServingReport.class);
    return new Result(outcome.summary(), report);
  }

  @Test
  void aRunStoppedBetweenTwoRequestsResumesAndEndsAsTheRunNeverStopped(@TempDir Path out) throws Exception {
    RunControl control = new RunControl();
    CompletableFuture<Result> stopped = CompletableFuture.supplyAsync(() -> {
      try {
        return run(out, control, false);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Path firstCheckpoint = out.resolve("checkpoints/request-000005.ckpt");
    while (!Files.exists(firstCheckpoint) && !stopped.isDone()) Thread.sleep(5);
    control.interrupt("SIGTERM");
    Result first = stopped.get();

    assertEquals(RunStatus.INTERRUPTED, first.summary().status(), first.summary().error());
    assertEquals(RunStatus.INTERRUPTED, SummaryWriter.read(out.resolve("summary.json")).status());
    int answered = first.report().served();
    assertTrue(answered > 5 && answered < REQUESTS, "stopped while serving, after " + answered + " requests");
    assertTrue(first.summary().error().startsWith("stopped by SIGTERM after " + answered + " answered requests"),
        first.summary().error());
    assertTrue(Files.exists(out.resolve(String.format("checkpoints/request-%06d.ckpt", answered))), "a checkpoint where it stopped");

    Result resumed = run(out, new RunControl(), true);

    assertEquals(RunStatus.COMPLETED, resumed.summary().status(), resumed.summary().error());
    assertSameServing(resumed);
    assertEquals(first.report().trainSeconds(), resumed.report().trainSeconds(), "the training is not done again");
  }

  /**
   * The never-stopped run's folder, as a process killed after its checkpoint before request 25 was damaged would
   * leave it: resumed, as a standby director resumes a run it takes over, the run redoes requests 20 to 29, and its
   * summary holds the standby's takeover figures with its first answer timed.
   */
  @Test
  void aRunResumedFromAnOlderCheckpointRedoesTheRequestsAfterItAlike(@TempDir Path out) throws Exception {
    try (Stream<Path> files = Files.walk(baselineOut)) {
      for (Path from : files.toList()) {
        Path to = out.resolve(baselineOut.relativize(from).toString());
        if (Files.isDirectory(from)) Files.createDirectories(to);
        else Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Path newest = out.resolve("checkpoints/request-000025.ckpt");
    assertTrue(Files.exists(out.resolve("checkpoints").resolve(ServingCheckpoint.PREPARED)));
    byte[] bytes = Files.readAllBytes(newest);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(newest, bytes);
    Files.delete(out.resolve("serving.json"));

    TakenOver takenOver = Runs.takeoverNow();
    RunSummary summary = Runs.takenOver(KIT, scenario, data, out, takenOver).summary();
    Result resumed = new Result(summary, new ObjectMapper().readValue(out.resolve("serving.json").toFile(), ServingReport.class));

    assertEquals(RunStatus.COMPLETED, resumed.summary().status(), resumed.summary().error());
    assertSameServing(resumed);
    RunSummary.Takeover takeover = Runs.assertTakeoverWritten(out, takenOver);
    assertEquals(takeover.firstProgressMs(), takeover.firstAnswerMs(), "a JMSNAS run's unit of work is a request answered");
    Runs.assertNoTakeover(baselineOut);
    assertEquals(17, resumed.report().deployments().get(3).request(), "the rate drop, before the checkpoint");
    assertTrue(resumed.report().deployments().get(4).request() > 20, "its end, after it: " + resumed.report().deployments().get(4));
  }

  private static void assertSameServing(Result resumed) {
    List<RequestRecord> records = resumed.report().requestRecords();
    assertEquals(IntStream.range(0, REQUESTS).boxed().toList(), records.stream().map(RequestRecord::request).toList(),
        "every request answered once, in order");
    assertEquals(baseline.report().requestRecords(), records, "latencies, virtual times, attempts, correct answers");
    assertEquals(virtual(baseline.report().deployments()), virtual(resumed.report().deployments()));
    assertEquals(baseline.report().servedAccuracy(), resumed.report().servedAccuracy());
    assertEquals(baseline.report().testAccuracy(), resumed.report().testAccuracy());
    RunSummary a = baseline.summary();
    RunSummary b = resumed.summary();
    assertEquals(a.stepsCommitted(), b.stepsCommitted());
    assertEquals(a.virtualTimeMs(), b.virtualTimeMs());
    assertEquals(a.linkBytes(), b.linkBytes());
    assertEquals(a.messagesDropped(), b.messagesDropped());
    assertTrue(a.messagesDropped() > 0, "the lossy radio dropped messages");
    assertEquals(a.retries(), b.retries());
    assertEquals(a.computeMsByNode(), b.computeMsByNode());
    assertEquals(a.commMsByLink(), b.commMsByLink());
  }

  /** A deployment's figures in virtual time (its wall times differ from run to run). */
  private static List<List<Object>> virtual(List<DeploymentRecord> deployments) {
    return deployments.stream()
        .map(d -> List.<Object>of(d.epoch(), d.trigger(), d.request(), d.faultMs(), d.decidedMs(), d.readyMs(), d.placement(),
            d.predictedMs(), d.bytesMoved(), d.transfers(), d.served()))
        .toList();
  }
}
