package io.edgeweave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.edgeweave.cli.EdgeweaveProcess;
import io.edgeweave.data.Datasets;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.SummaryWriter;
import io.edgeweave.runtime.RunControl;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import io.edgeweave.serving.ServingReport;
import io.edgeweave.serving.ServingReport.DeploymentRecord;
import io.edgeweave.serving.ServingReport.RequestRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * JMSNAS serving on real node JVMs (one cloud, two edge) on 127.0.0.1: the same small scenario as in one JVM gives
 * the same figures, and a kill-jvm fault halts the JVM that hosts an edge server in the path while a request is in
 * flight; the run re-plans over the survivors and answers every request exactly once. A standby director takes over
 * the run whose director's JVM is killed, of JMSNAS and of split training.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServingProcessTest {
  private static final Path CONFIG = Path.of("cluster-config/cluster.conf");
  private static final Path LOGS = Path.of("target", "serving-process-test");
  private static final Duration UP = Duration.ofMinutes(3);
  private static final int REQUESTS = 20;

  @TempDir static Path dir;
  private static NodeJvms cluster;
  private static TrainTest data;

  /**
   * The scenario of {@code JmsnasRunTest}: the device holds the first layer, edge-1 the second, the slow cloud
   * could hold everything. On JVMs cloud-1, edge-a and edge-b, edge-1 is placed alone on edge-b.
   */
  private static String scenario(String faults) {
    return String.join("\n",
        "name = serving-process-test",
        "seed = 5",
        "nodes {",
        "  device-1 { role = edge, flops = 2 MFLOPS, memory = 1000 B }",
        "  edge-1 { role = edge, flops = 1 GFLOPS, memory = 600 B }",
        "  edge-2 { role = edge, flops = 20 MFLOPS, memory = 1 MiB }",
        "  cloud { role = cloud, flops = 1 MFLOPS, memory = 1 GiB }",
        "}",
        "links {",
        "  radio { from = device-1, to = edge-1, rate = 200 kbps, propagation = 2 ms }",
        "  radio2 { from = device-1, to = edge-2, rate = 10 kbps, propagation = 3 ms }",
        "  fibre { from = edge-1, to = cloud, rate = 10 Mbps, propagation = 20 ms }",
        "  fibre2 { from = edge-2, to = cloud, rate = 10 Mbps, propagation = 20 ms }",
        "}",
        "model { inputs = 24, hidden = [8, 16], classes = 4, learning-rate = 0.01 }",
        "data { source = synthetic, synthetic { train = 3000, test = 400 } }",
        "workload {",
        "  type = jmsnas",
        "  source = device-1",
        "  samples-per-request = 4",
        "  encoding { input = float32, activations = float32 }",
        "  search {",
        "    blocks = [{ widths = [8] }, { widths = [16] }]",
        "    target-accuracy = 0.5, epochs = 1, validation = 500, confirmation = 500",
        "    cache = \"" + dir.resolve("cache") + "\"",
        "  }",
        "  train { max-epochs = 2 }",
        "  serve { requests = " + REQUESTS + ", interval = 1 s }",
        "  detection = 500 ms",
        "}",
        "runtime { retry-timeout = 30 ms, response-timeout = 20 s }",
        "faults = " + faults);
  }

  @BeforeAll
  static void startCluster() throws Exception {
    Files.createDirectories(LOGS);
    cluster = new NodeJvms(LOGS, CONFIG, node -> Map.of("EDGEWEAVE_STABLE_AFTER", "2s"));
    cluster.add("cloud-1", "cloud");
    cluster.add("edge-a", "edge");
    cluster.add("edge-b", "edge");
    cluster.startMissing();
    Scenario scenario = ScenarioLoader.parse(scenario("[]"), "serving.conf", List.of());
    data = Datasets.load(scenario.data(), scenario.model(), scenario.seed());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) cluster.close();
  }

  @BeforeEach
  void everyJvmUp() throws InterruptedException {
    cluster.startMissing();
    cluster.awaitAllUp(UP);
  }

  @Test
  @Order(1)
  void threeJvmsServeWhatOneJvmServes() throws Exception {
    Run one = runInOneJvm("one", "[]");
    Run three = runOnCluster("three", "[]");

    assertSameServing(one, three);
    assertEquals(Map.of("device-1", "edge-a", "edge-1", "edge-b", "edge-2", "edge-a", "cloud", "cloud-1"), three.summary().placement());
    assertEquals(Map.of("device-1", "local", "edge-1", "local", "edge-2", "local", "cloud", "local"), one.summary().placement());
  }

  @Test
  @Order(2)
  void aKilledEdgeJvmLosesNoRequestAndServesNoneTwice() throws Exception {
    String kill = "[{ node = edge-1, kind = kill-jvm, at-step = 8 }]";
    Run one = runInOneJvm("kill-one", kill);
    Process edge = cluster.process("edge-b");
    Run three = runOnCluster("kill-three", kill);

    assertTrue(edge.waitFor(30, TimeUnit.SECONDS), "the JVM of edge-1 is gone");
    assertEquals(JvmProcess.KILLED, edge.exitValue());
    assertSameServing(one, three);
    List<RequestRecord> records = three.report().requestRecords();
    assertEquals(IntStream.range(0, REQUESTS).boxed().toList(), records.stream().map(RequestRecord::request).toList(),
        "every request answered, once, in order");
    assertEquals(2, records.get(8).attempts(), "the request lost with the JVM is served again");
    assertEquals(1, records.stream().filter(r -> r.attempts() > 1).count());
    DeploymentRecord replanned = three.report().deployments().get(1);
    assertEquals("edge-1 crashed", replanned.trigger());
    assertFalse(replanned.placement().contains("edge-1"), replanned.placement());
    assertNotNull(replanned.detectionWallMs(), "the wall time from the halt to the loss seen");
    assertTrue(replanned.detectionWallMs() > 1000, "detection is the failure detector's: seconds, " + replanned.detectionWallMs());
    assertNotNull(replanned.toServingWallMs());
  }

  /**
   * Stopped on the cluster while it serves (as SIGTERM does), resumed on the cluster from its run folder: the same
   * serving as the run never stopped in one JVM, the kill-jvm fault striking after the stop, in the resumed run.
   */
  @Test
  @Order(3)
  void aClusterRunStoppedWhileServingResumesOnTheClusterToTheSameServing() throws Exception {
    String faults = "[{ node = edge-1, kind = kill-jvm, at-step = 12 }]\nruntime { checkpoint-every = 3, time-scale = 0.2 }";
    Run one = runInOneJvm("stop-one", faults);
    Path out = dir.resolve("stop-three");
    RunControl control = new RunControl();
    Thread stopper = new Thread(() -> {
      try {
        while (!Files.exists(out.resolve("checkpoints/request-000003.ckpt"))) Thread.sleep(10);
        control.interrupt("SIGTERM");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    stopper.start();
    Run stopped;
    try (ClusterRun director = ClusterRun.join(directorConfig())) {
      stopped = read(director.run(parse(faults), data, out, (step, total) -> {}, control, false), out);
    } finally {
      stopper.interrupt();
    }
    assertEquals(RunStatus.INTERRUPTED, stopped.summary().status(), stopped.summary().error());
    int answered = stopped.report().served();
    assertTrue(answered >= 3 && answered < 12, "stopped before the kill: " + answered);

    Run resumed;
    try (ClusterRun director = ClusterRun.join(directorConfig())) {
      resumed = read(director.run(parse(faults), data, out, (step, total) -> {}, new RunControl(), true), out);
    }
    assertSameServing(one, resumed);
    assertEquals(2, resumed.report().deployments().size(), "the start, and the re-plan after the JVM of edge-1 died");
  }

  /**
   * The director's JVM (the {@code run} process) killed while it serves: every node JVM releases what it hosted of
   * the run once the cluster removes the dead JVM, and the run resumed from its folder by a new director serves
   * what the run never stopped serves.
   */
  @Test
  @Order(4)
  void aRunWhoseDirectorJvmIsKilledResumesOnTheClusterToTheSameServing() throws Exception {
    String faults = "[]\nruntime { checkpoint-every = 3, time-scale = 1 }";
    Run one = runInOneJvm("director-one", faults);
    Path out = killedWhileServing("director-three", faults).out();
    assertFalse(Files.exists(out.resolve("summary.json")));
    for (String jvm : List.of("cloud-1", "edge-a", "edge-b")) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!cluster.errors(cluster.node(jvm)).contains("left the cluster: " + jvm + " releases what it hosts of it")) {
        assertTrue(System.nanoTime() < deadline, jvm + " released nothing of the run whose director died");
        Thread.sleep(200);
      }
    }

    Run resumed;
    try (ClusterRun again = ClusterRun.join(directorConfig())) {
      resumed = read(again.run(parse(faults), data, out, (step, total) -> {}, new RunControl(), true), out);
    }
    assertSameServing(one, resumed);
  }

  /**
   * The director's JVM killed while it serves, with a standby director in the cluster: the standby takes the run
   * over from the folder's newest checkpoint once the cluster has downed the dead JVM, and the run completes there
   * with the serving of the run never stopped; the wall times from the kill to the takeover and to the first answer
   * after it are printed.
   */
  @Test
  @Order(5)
  void aStandbyDirectorTakesOverARunWhoseDirectorJvmIsKilled() throws Exception {
    NodeJvms.Node standby = cluster.add("standby-1", StandbyDirector.ROLE);
    cluster.startMissing();
    cluster.awaitAllUp(UP);
    String faults = "[]\nruntime { checkpoint-every = 3, time-scale = 1 }";
    Run one = runInOneJvm("standby-one", faults);
    Killed killed = killedWhileServing("standby-three", faults);
    Path out = killed.out();
    assertTrue(cluster.errors(standby).contains("watching run " + out.toAbsolutePath()), cluster.errors(standby));
    long takenOver = awaitLine(standby, "taking the run over", killed.at());
    long firstAnswer = awaitLine(standby, "first answer after resuming", killed.at());
    awaitLine(standby, "ended here", killed.at());
    System.out.printf("standby takeover: kill -> director downed and taken over %d ms, -> first answer %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(takenOver - killed.at()), TimeUnit.NANOSECONDS.toMillis(firstAnswer - killed.at()));

    Run resumed = new Run(SummaryWriter.read(out.resolve("summary.json")),
        new ObjectMapper().readValue(out.resolve("serving.json").toFile(), ServingReport.class));
    assertSameServing(one, resumed);
    assertTrue(firstAnswer > takenOver);
    RunSummary.Takeover takeover = resumed.summary().takeover();
    assertNotNull(takeover, "the takeover's figures are in summary.json");
    System.out.println("standby takeover, as summary.json has it: " + takeover);
    assertTrue(takeover.directorRemovedAt().isAfter(killed.wallAt()), takeover.directorRemovedAt() + " after the kill " + killed.wallAt());
    assertNotNull(takeover.unreachableMs(), "the standby saw the JVM unreachable before its removal");
    assertTrue(takeover.unreachableMs() > 1000, "downing is the split-brain resolver's: seconds, " + takeover.unreachableMs());
    assertTrue(takeover.resumedMs() >= 0 && takeover.firstAnswerMs() > takeover.resumedMs(), takeover.toString());
    assertTrue(takeover.firstAnswerMs() < TimeUnit.NANOSECONDS.toMillis(firstAnswer - killed.at()),
        "the first answer, timed from the removal, comes within what the test saw from the kill: " + takeover);
    assertFalse(takeover.standby().equals(takeover.director()));
    assertEquals(null, one.summary().takeover(), "a run no standby took over has no takeover figures");
  }

  /**
   * While a standby director directs a run it took over, {@code run --cluster} is refused with one line naming the
   * standby and the run (the cluster runs one scenario at a time) and writes nothing; the taken-over run completes.
   */
  @Test
  @Order(7)
  void aRunIsRefusedWhileAStandbyDirectsARunItTookOver() throws Exception {
    NodeJvms.Node standby = cluster.node("standby-1") != null ? cluster.node("standby-1") : cluster.add("standby-1", StandbyDirector.ROLE);
    cluster.startMissing();
    cluster.awaitAllUp(UP);
    String faults = "[]\nruntime { checkpoint-every = 3, time-scale = 60 }"; // links paced: the standby directs for seconds
    Killed killed = killedWhileServing("refused-three", faults);
    awaitLine(standby, "run " + killed.out().toAbsolutePath() + ": resuming here", killed.at());

    Path file = dir.resolve("refused-other.conf");
    Files.writeString(file, scenario("[]"));
    Path other = dir.resolve("refused-other");
    Path log = LOGS.resolve("refused-other.log");
    Process refused = EdgeweaveProcess.start(log, "run", file.toString(), "--cluster", cluster.seeds(), "--jvms", "3",
        "--config", CONFIG.toString(), "--out", other.toString(), "--quiet");
    assertTrue(refused.waitFor(2, TimeUnit.MINUTES), "refused at once");
    String errors = LocalProcesses.read(log);
    assertEquals(1, refused.exitValue(), errors);
    assertTrue(errors.contains("run: the cluster is running another scenario (the standby director at "), errors);
    assertTrue(errors.contains("directs run " + killed.out().toAbsolutePath() + ", taken over"), errors);
    assertFalse(errors.contains("Exception"), "one line, no stack trace: " + errors);
    assertFalse(Files.exists(other), "nothing written");

    awaitLine(standby, "run " + killed.out().toAbsolutePath() + " ended here: completed", killed.at());
    assertEquals(RunStatus.COMPLETED, SummaryWriter.read(killed.out().resolve("summary.json")).status());
  }

  /**
   * SIGTERM to a standby that directs a run it took over stops the run as Ctrl-C stops {@code run}: after the request
   * in flight, with a checkpoint and status {@code interrupted}; the standby leaves cleanly, and the run resumed by
   * hand serves what the run never stopped serves.
   */
  @Test
  @Order(6)
  void aStandbyStoppedWithSigtermStopsTheRunItTookOverToResumeByHand() throws Exception {
    NodeJvms.Node standby = cluster.node("standby-1") != null ? cluster.node("standby-1") : cluster.add("standby-1", StandbyDirector.ROLE);
    cluster.startMissing();
    cluster.awaitAllUp(UP);
    String faults = "[]\nruntime { checkpoint-every = 3, time-scale = 30 }"; // links paced: serving lasts seconds
    Run one = runInOneJvm("sigterm-one", faults);
    Killed killed = killedWhileServing("sigterm-three", faults);
    Path servedByTheStandby = killed.out().resolve("checkpoints/request-000009.ckpt");
    while (!Files.exists(servedByTheStandby)) {
      assertTrue(System.nanoTime() - killed.at() < TimeUnit.MINUTES.toNanos(3), "no " + servedByTheStandby + ": " + cluster.errors(standby));
      Thread.sleep(10);
    }
    Process process = cluster.process("standby-1");
    process.destroy(); // SIGTERM
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the standby stops");
    assertEquals(143, process.exitValue(), "ended by the signal, not removed: " + cluster.errors(standby));
    RunSummary stopped = SummaryWriter.read(killed.out().resolve("summary.json"));
    assertEquals(RunStatus.INTERRUPTED, stopped.status(), stopped.error());
    assertTrue(stopped.stepsCommitted() >= 9 && stopped.stepsCommitted() < REQUESTS, "stopped while serving: " + stopped.stepsCommitted());
    assertTrue(cluster.errors(standby).contains("ended here: interrupted"), cluster.errors(standby));

    Run resumed;
    try (ClusterRun again = ClusterRun.join(directorConfig())) {
      resumed = read(again.run(parse(faults), data, killed.out(), (step, total) -> {}, new RunControl(), true), killed.out());
    }
    assertSameServing(one, resumed);
  }

  /**
   * A split-training run's director JVM killed after its checkpoint of step 39, with a standby director up: the
   * standby takes the run over and completes it with the steps of the run never stopped, each in metrics.csv once; its
   * summary's takeover times the first step it committed.
   */
  @Test
  @Order(8)
  void aStandbyDirectorTakesOverASplitTrainingRun() throws Exception {
    NodeJvms.Node standby = cluster.node("standby-1") != null ? cluster.node("standby-1") : cluster.add("standby-1", StandbyDirector.ROLE);
    cluster.startMissing();
    cluster.awaitAllUp(UP);
    String training = String.join("\n",
        "name = standby-split-test",
        "seed = 7",
        "nodes { device { role = edge, flops = 1 GFLOPS }, edge { role = edge, flops = 10 GFLOPS }, cloud { role = cloud, flops = 100 GFLOPS } }",
        "links {",
        "  device-edge { from = device, to = edge, rate = 100 Mbps, propagation = 2 ms }",
        "  edge-cloud { from = edge, to = cloud, rate = 1 Gbps, propagation = 10 ms }",
        "}",
        "model { inputs = 20, hidden = [16, 12], classes = 4, learning-rate = 0.01 }",
        "data { source = synthetic, synthetic { train = 512, test = 200 } }",
        "workload { path = [device, edge, cloud], cuts = [1, 2], batch-size = 16, steps = 150, eval-every = 50 }",
        "runtime { checkpoint-every = 20, time-scale = 1 }"); // links paced: training lasts seconds
    Scenario scenario = ScenarioLoader.parse(training, "split.conf", List.of());
    Path one = dir.resolve("split-one");
    RunOutcome single = LocalRun.run(scenario, Datasets.load(scenario.data(), scenario.model(), scenario.seed()), one,
        (step, total) -> {}, ConfigFactory.empty());
    Killed killed = killedAt("split-three", training, "checkpoints/step-000039.ckpt");
    awaitLine(standby, "run " + killed.out().toAbsolutePath() + " ended here", killed.at());

    RunSummary resumed = SummaryWriter.read(killed.out().resolve("summary.json"));
    assertEquals(RunStatus.COMPLETED, resumed.status(), resumed.error());
    assertEquals(150, resumed.stepsCommitted());
    assertEquals(single.summary().testAccuracy(), resumed.testAccuracy());
    assertEquals(single.summary().virtualTimeMs(), resumed.virtualTimeMs());
    assertEquals(stepLosses(one), stepLosses(killed.out()), "every step once, with the loss of the run never stopped");
    RunSummary.Takeover takeover = resumed.takeover();
    assertNotNull(takeover, "the takeover's figures are in summary.json");
    System.out.println("standby takeover of split training, as summary.json has it: " + takeover);
    assertTrue(takeover.directorRemovedAt().isAfter(killed.wallAt()), takeover.toString());
    assertTrue(takeover.firstProgressMs() > takeover.resumedMs(), "a step committed after the resumption: " + takeover);
    assertEquals(null, takeover.firstAnswerMs(), "JMSNAS's field");
    assertEquals(null, single.summary().takeover());
  }

  /** Each step of metrics.csv in {@code out} with its loss and virtual time. */
  private static List<String> stepLosses(Path out) throws Exception {
    return Files.readAllLines(out.resolve("metrics.csv")).stream().skip(1)
        .map(line -> String.join(",", List.of(line.split(",")).subList(0, 3)))
        .toList();
  }

  /** When a line holding {@code text} appears in the standby's log (polled every 10 ms), at the latest 3 minutes after {@code since}. */
  private static long awaitLine(NodeJvms.Node standby, String text, long since) throws InterruptedException {
    while (!cluster.errors(standby).contains(text)) {
      assertTrue(System.nanoTime() - since < TimeUnit.MINUTES.toNanos(3), "no \"" + text + "\": " + cluster.errors(standby));
      Thread.sleep(10);
    }
    return System.nanoTime();
  }

  // --- helpers

  record Run(RunSummary summary, ServingReport report) {}

  /** The run folder of a {@code run --cluster} process, and when it was killed ({@link System#nanoTime()}, and wall clock). */
  record Killed(Path out, long at, Instant wallAt) {}

  /**
   * Runs the scenario with {@code faults} in a {@code run --cluster} process of its own, writing to folder
   * {@code name}, and SIGKILLs it once it has written the checkpoint before request 6.
   */
  private static Killed killedWhileServing(String name, String faults) throws Exception {
    return killedAt(name, scenario(faults), "checkpoints/request-000006.ckpt");
  }

  /** Runs {@code scenario} in a {@code run --cluster} process into folder {@code name}; SIGKILLs it once {@code checkpoint} is there. */
  private static Killed killedAt(String name, String scenario, String checkpointFile) throws Exception {
    Path file = dir.resolve(name + ".conf");
    Files.writeString(file, scenario);
    Path out = dir.resolve(name);
    Path log = LOGS.resolve(name + ".log");
    Process director = EdgeweaveProcess.start(log, "run", file.toString(), "--cluster", cluster.seeds(), "--jvms", "3",
        "--config", CONFIG.toString(), "--out", out.toString(), "--quiet");
    try {
      Path checkpoint = out.resolve(checkpointFile);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!Files.exists(checkpoint) && director.isAlive() && System.nanoTime() < deadline) Thread.sleep(10);
      assertTrue(director.isAlive(), "still running at " + checkpointFile + ": " + LocalProcesses.read(log));
      Instant wallAt = Instant.now();
      director.destroyForcibly(); // SIGKILL
      long at = System.nanoTime();
      assertTrue(director.waitFor(30, TimeUnit.SECONDS));
      return new Killed(out, at, wallAt);
    } finally {
      director.destroyForcibly();
    }
  }

  private static Run runInOneJvm(String name, String faults) throws Exception {
    Path out = dir.resolve(name);
    RunOutcome outcome = LocalRun.run(parse(faults), data, out, (step, total) -> {}, ConfigFactory.empty());
    return read(outcome, out);
  }

  private static Run runOnCluster(String name, String faults) throws Exception {
    Path out = dir.resolve(name);
    try (ClusterRun director = ClusterRun.join(directorConfig())) {
      return read(director.run(parse(faults), data, out, (step, total) -> {}), out);
    }
  }

  private static Scenario parse(String faults) throws Exception {
    return ScenarioLoader.parse(scenario(faults), "serving.conf", List.of());
  }

  private static Run read(RunOutcome outcome, Path out) throws Exception {
    ServingReport report = new ObjectMapper().readValue(out.resolve("serving.json").toFile(), ServingReport.class);
    return new Run(outcome.summary(), report);
  }

  /** The same requests, latencies, accuracy, placements and traffic; only wall times differ. */
  private static void assertSameServing(Run one, Run three) {
    assertEquals(RunStatus.COMPLETED, one.summary().status(), one.summary().error());
    assertEquals(RunStatus.COMPLETED, three.summary().status(), three.summary().error());
    assertEquals(REQUESTS, three.summary().stepsCommitted());
    assertEquals(one.summary().testAccuracy(), three.summary().testAccuracy());
    assertEquals(one.summary().virtualTimeMs(), three.summary().virtualTimeMs());
    assertEquals(one.summary().linkBytes(), three.summary().linkBytes());
    assertEquals(one.summary().retries(), three.summary().retries());
    assertEquals(one.summary().computeMsByNode(), three.summary().computeMsByNode());
    assertEquals(one.summary().commMsByLink(), three.summary().commMsByLink());
    assertEquals(one.report().requestRecords(), three.report().requestRecords());
    assertEquals(one.report().deployments().stream().map(DeploymentRecord::placement).toList(),
        three.report().deployments().stream().map(DeploymentRecord::placement).toList());
  }

  private static Config directorConfig() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("edgeweave.cluster.min-jvms", 3);
    settings.put("edgeweave.cluster.wait-for-nodes", "90s");
    settings.put("edgeweave.cluster.join-timeout", "90s");
    settings.put("pekko.cluster.split-brain-resolver.stable-after", "2s");
    return ClusterConfig.load(new ClusterConfig.Flags(
        Optional.of(CONFIG), Optional.of("127.0.0.1"), Optional.of(0), Optional.of(cluster.seeds()), Optional.empty(),
        List.of(ClusterRun.DIRECTOR_ROLE), settings));
  }
}
