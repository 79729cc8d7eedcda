package io.edgeweave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.edgeweave.collab.actors.DeviceGroup;
import io.edgeweave.collab.actors.RoundRows;
import io.edgeweave.data.Datasets;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RoundRecord;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.runtime.FleetStatus;
import io.edgeweave.runtime.RunControl;
import io.edgeweave.runtime.RunProgress;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes: collaborative rounds with the devices on two edge JVMs (a cloud JVM beside them), as entities of
 * Cluster Sharding in groups of four, and the round coordinator in this JVM, the director. The rounds are those of a single-JVM run; a run stopped there resumes there
 * to the same result; a kill-jvm fault of the scenario gives the single-JVM run with that fault; an edge JVM killed
 * from outside mid-run costs its devices that round only, and the run completes; an edge JVM that joins mid-run takes
 * groups over between two rounds, and the run is still the single-JVM run.
 */
@Tag("slow")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CollaborativeClusterProcessTest {
  private static final Path CONFIG = Path.of("cluster-config/cluster.conf");
  private static final Path LOGS = Path.of("target", "collaborative-cluster-process-test");
  private static final String SCENARIO = """
      name = collab-cluster-test
      seed = 11
      nodes { cloud { role = cloud, flops = 100 GFLOPS } }
      model { inputs = 20, hidden = [64], classes = 4, updater = adam, learning-rate = 0.01 }
      data { synthetic { train = 1500, test = 300 }, sharding { scheme = dirichlet, alpha = 0.5 } }
      workload {
        type = collaborative-training, cloud = cloud, rounds = 6, participants = 12, local-steps = 3, batch-size = 16
        deadline = 400 ms, eval-every = 3
        devices { count = 30, flops = { distribution = log-normal, median = 100 MFLOPS, sigma = 1 }
          loss = 0.1, dropout = 0.1, crash = 0.05 }
      }
      runtime { response-timeout = 60 s }
      """;

  @TempDir static Path dir;
  private static NodeJvms cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    Files.createDirectories(LOGS);
    cluster = new NodeJvms(LOGS, CONFIG, node -> Map.of("EDGEWEAVE_STABLE_AFTER", "2s"));
    cluster.add("cloud-1", "cloud");
    cluster.add("edge-a", "edge");
    cluster.add("edge-b", "edge");
    cluster.startMissing();
    cluster.awaitAllUp(Duration.ofMinutes(3));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) cluster.close();
  }

  @Test
  @Order(1)
  void threeJvmsRunTheRoundsOfOneJvm() throws Exception {
    Scenario scenario = ScenarioLoader.parse(SCENARIO, "collab-cluster-test.conf", List.of());
    TrainTest data = Datasets.load(scenario.data(), scenario.model(), scenario.seed());
    Rounds single = new Rounds(r -> {});
    RunOutcome one = LocalRun.run(scenario, data, dir.resolve("single"), single, ConfigFactory.empty());
    Rounds clustered = new Rounds(r -> {});
    RunOutcome three = onCluster(scenario, data, dir.resolve("cluster"), clustered);

    assertEquals(RunStatus.COMPLETED, three.summary().status(), three.summary().error());
    assertEquals(virtual(single.rounds), virtual(clustered.rounds));
    assertEquals(one.summary().testAccuracy(), three.summary().testAccuracy());
    assertEquals(one.parameters().get(0), three.parameters().get(0), "the same global model, bit for bit");
    assertTrue(clustered.rounds.stream().mapToInt(RoundRecord::crashed).sum() > 0, "devices crash by their fates");
  }

  @Test
  @Order(2)
  void aRunStoppedOnTheClusterResumesThereToTheResultOfOneJvm() throws Exception {
    Scenario scenario = ScenarioLoader.parse(SCENARIO, "collab-cluster-test.conf", List.of());
    TrainTest data = Datasets.load(scenario.data(), scenario.model(), scenario.seed());
    RunOutcome one = LocalRun.run(scenario, data, dir.resolve("one-jvm"), new Rounds(r -> {}), ConfigFactory.empty());
    Path out = dir.resolve("stopped");
    RunControl control = new RunControl();

    RunOutcome stopped = onCluster(scenario, data, out, new Rounds(r -> {
      if (r.round() == 1) control.interrupt("test");
    }), control, false);

    assertEquals(RunStatus.INTERRUPTED, stopped.summary().status(), stopped.summary().error());
    assertTrue(stopped.summary().stepsCommitted() < 6, "stopped part way: " + stopped.summary().stepsCommitted());
    RunOutcome resumed = onCluster(scenario, data, out, new Rounds(r -> {}), new RunControl(), true);
    assertEquals(RunStatus.COMPLETED, resumed.summary().status(), resumed.summary().error());
    assertEquals(one.parameters().get(0), resumed.parameters().get(0), "the same global model, bit for bit");
    assertEquals(one.summary().testAccuracy(), resumed.summary().testAccuracy());
    assertEquals(RoundRows.deterministic(dir.resolve("one-jvm")), RoundRows.deterministic(out));
  }

  /**
   * A kill-jvm fault of the scenario halts edge-a as round 2 opens: the devices of its groups selected in round 2 crash,
   * decided by the cloud, so the cluster run equals the single-JVM run with the same fault, bit for bit. Then edge-a is
   * started again for the next test.
   */
  @Test
  @Order(3)
  void aKillJvmFaultOfTheScenarioGivesTheRunOfOneJvmWithIt() throws Exception {
    Scenario scenario = ScenarioLoader.parse(SCENARIO, "collab-cluster-test.conf",
        List.of("workload.jvms = 2", "faults = [{ kind = kill-jvm, jvm = 1, at-step = 2 }]"));
    TrainTest data = Datasets.load(scenario.data(), scenario.model(), scenario.seed());
    Config groupsOfFour = ConfigFactory.parseMap(Map.of("edgeweave.collab.devices-per-entity", 4));
    Rounds single = new Rounds(r -> {});
    RunOutcome one = LocalRun.run(scenario, data, dir.resolve("single-killed"), single, groupsOfFour);
    Rounds unstruck = new Rounds(r -> {});
    LocalRun.run(ScenarioLoader.parse(SCENARIO, "collab-cluster-test.conf", List.of("workload.jvms = 2")), data,
        dir.resolve("single-unstruck"), unstruck, groupsOfFour);
    Process edgeA = cluster.process("edge-a");
    Rounds clustered = new Rounds(r -> {});
    RunOutcome two = onCluster(scenario, data, dir.resolve("cluster-killed"), clustered);

    assertEquals(RunStatus.COMPLETED, two.summary().status(), two.summary().error());
    assertTrue(edgeA.waitFor(60, TimeUnit.SECONDS), "the struck JVM is gone");
    assertEquals(JvmProcess.KILLED, edgeA.exitValue());
    assertEquals(virtual(single.rounds), virtual(clustered.rounds));
    assertEquals(one.parameters().get(0), two.parameters().get(0), "the same global model, bit for bit");
    assertTrue(clustered.rounds.get(2).crashed() > unstruck.rounds.get(2).crashed(), "edge-a's devices crashed");
    assertEquals(virtual(unstruck.rounds.subList(0, 2)), virtual(clustered.rounds.subList(0, 2)), "before the fault");
    for (RoundRecord r : clustered.rounds) {
      assertEquals(r.selected(), r.arrived() + r.stragglers() + r.droppedOut() + r.crashed() + r.unreachable(),
          "round " + r.round() + ": every device accounted for");
    }
    cluster.startMissing();
    cluster.awaitAllUp(Duration.ofMinutes(3));
  }

  @Test
  @Order(4) // last: it kills an edge JVM
  void anEdgeJvmKilledMidRunCostsItsDevicesThatRoundOnly() throws Exception {
    Scenario scenario = ScenarioLoader.parse(SCENARIO, "collab-cluster-test.conf",
        List.of("workload.devices { loss = 0, dropout = 0, crash = 0 }", "workload.deadline = 0 s", "workload.local-steps = 20",
            "model.hidden = [256, 256]"));
    TrainTest data = Datasets.load(scenario.data(), scenario.model(), scenario.seed());
    Process edgeB = cluster.process("edge-b");
    Rounds rounds = new Rounds(r -> {
      if (r.round() == 1) edgeB.destroyForcibly(); // as round 2 opens
    });
    RunOutcome outcome = onCluster(scenario, data, dir.resolve("killed"), rounds);

    assertEquals(RunStatus.COMPLETED, outcome.summary().status(), outcome.summary().error());
    assertTrue(edgeB.waitFor(30, TimeUnit.SECONDS));
    assertEquals(6, rounds.rounds.size(), "no round lost");
    int crashed = rounds.rounds.stream().mapToInt(RoundRecord::crashed).sum();
    assertTrue(crashed > 0, "the killed JVM's devices crashed in the round it died in");
    for (RoundRecord r : rounds.rounds) {
      assertEquals(r.selected(), r.arrived() + r.crashed(), "round " + r.round());
    }
    RoundRecord last = rounds.rounds.get(5);
    assertEquals(last.selected(), last.arrived(), "the lost devices were hosted again on the other edge JVM");
    assertTrue(outcome.summary().testAccuracy() > 0.3, "accuracy " + outcome.summary().testAccuracy());
  }

  /**
   * A third edge JVM joins once the fleet is placed on edge-a and edge-b: the cloud moves groups onto it between two
   * rounds (the sharding's own statistics on that JVM show them), no round is lost and the run is the single-JVM run,
   * bit for bit.
   */
  @Test
  @Order(5) // after the kills: edge-b is started again first
  void anEdgeJvmThatJoinsMidRunTakesGroupsOverWithoutLosingARound() throws Exception {
    cluster.startMissing();
    cluster.awaitAllUp(Duration.ofMinutes(3));
    Scenario scenario = ScenarioLoader.parse(SCENARIO, "collab-cluster-test.conf", List.of());
    TrainTest data = Datasets.load(scenario.data(), scenario.model(), scenario.seed());
    Rounds single = new Rounds(r -> {});
    RunOutcome one = LocalRun.run(scenario, data, dir.resolve("single-joined"), single, ConfigFactory.empty());
    NodeJvms.Node edgeC = cluster.add("edge-c", "edge");
    int management = LocalProcesses.freePort();
    HttpClient http = HttpClient.newHttpClient();
    URI shards = URI.create("http://127.0.0.1:" + management + "/cluster/shards/" + DeviceGroup.KEY.name());
    List<Integer> groupsOnC = new CopyOnWriteArrayList<>();
    Rounds clustered = new Rounds(r -> groupsOnC.add(liveGroups(http, shards))) {
      @Override
      public void onFleet(FleetStatus status) {
        if (!status.ready()) return;
        try { // placed on edge-a and edge-b: now edge-c starts, and the cloud waits for it (this thread is the director's)
          cluster.start(edgeC, List.of("--management-port", Integer.toString(management)));
          cluster.awaitAllUp(Duration.ofMinutes(3));
          Thread.sleep(5000); // its host and shard region registered, seen by the deployer
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    RunOutcome joined = onCluster(scenario, data, dir.resolve("cluster-joined"), clustered);

    assertEquals(RunStatus.COMPLETED, joined.summary().status(), joined.summary().error());
    assertEquals(virtual(single.rounds), virtual(clustered.rounds));
    assertEquals(one.parameters().get(0), joined.parameters().get(0), "the same global model, bit for bit");
    assertEquals(10, groupsOnC.get(groupsOnC.size() - 1), "edge-c holds a third of the 30 groups (of one device): " + groupsOnC);
    for (RoundRecord r : clustered.rounds) {
      assertEquals(r.selected(), r.arrived() + r.stragglers() + r.droppedOut() + r.crashed() + r.unreachable(),
          "round " + r.round() + ": every device accounted for");
      assertEquals(0, r.unanswered(), "round " + r.round());
    }
  }

  /** Device groups alive on a JVM, by the sharding's statistics from its management endpoint. */
  private static int liveGroups(HttpClient http, URI shards) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(shards).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) return -response.statusCode();
      Matcher m = Pattern.compile("\"numEntities\":(\\d+)").matcher(response.body());
      int live = 0;
      while (m.find()) live += Integer.parseInt(m.group(1));
      return live;
    } catch (java.io.IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static RunOutcome onCluster(Scenario scenario, TrainTest data, Path out, RunProgress progress) throws Exception {
    return onCluster(scenario, data, out, progress, new RunControl(), false);
  }

  private static RunOutcome onCluster(
      Scenario scenario, TrainTest data, Path out, RunProgress progress, RunControl control, boolean resume)
      throws Exception {
    Config config = ClusterConfig.load(new ClusterConfig.Flags(
        Optional.of(CONFIG), Optional.of("127.0.0.1"), Optional.of(0), Optional.of(cluster.seeds()), Optional.empty(),
        List.of(ClusterRun.DIRECTOR_ROLE),
        Map.of("edgeweave.cluster.min-jvms", 3, "edgeweave.cluster.wait-for-nodes", "90s",
            "edgeweave.cluster.join-timeout", "90s", "pekko.cluster.split-brain-resolver.stable-after", "2s",
            "edgeweave.collab.devices-per-entity", 4)));
    try (ClusterRun director = ClusterRun.join(config)) {
      return director.run(scenario, data, out, progress, control, resume);
    }
  }

  /** Collects the rounds of a run, and tells {@code onRound} of each. */
  private static class Rounds implements RunProgress {
    final List<RoundRecord> rounds = new CopyOnWriteArrayList<>();
    private final Consumer<RoundRecord> onRound;

    Rounds(Consumer<RoundRecord> onRound) {
      this.onRound = onRound;
    }

    @Override
    public void onStep(StepRecord step, int totalSteps) {}

    @Override
    public void onRound(RoundRecord round, int totalRounds) {
      rounds.add(round);
      onRound.accept(round);
    }
  }

  /** What a round must reproduce exactly: its accounting, virtual times, loss, bytes and accuracy. */
  private static List<List<Object>> virtual(List<RoundRecord> rounds) {
    return rounds.stream().map(r -> List.<Object>of(r.round(), r.selected(), r.arrived(), r.stragglers(),
        r.droppedOut(), r.crashed(), r.unreachable(), r.duplicatesIgnored(), r.startMs(), r.endMs(),
        r.trainLoss(), r.meanDownlinkMs(), r.meanComputeMs(), r.meanUplinkMs(), r.linkBytes(), r.transmissionsLost(),
        r.testAccuracy())).toList();
  }
}
