package io.edgeweave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.edgeweave.data.Datasets;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.runtime.Runs;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes: a tiny genai run with its cloud and two edges on three node JVMs (127.0.0.1, plain Artery) and this
 * JVM as the director gives the single-JVM run's results: every strategy's Fréchet distance, fidelity, traffic and
 * times, and every served request. The same when a kill-jvm fault halts an edge's JVM in local training: the run is
 * deployed again on the JVMs left and ends as if nothing had happened.
 */
@Tag("slow")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class GenAiClusterProcessTest {
  private static final Path LOGS = Path.of("target", "genai-cluster-process-test");
  private static final Path CONFIG = Path.of("cluster-config/cluster.conf");
  private static final String SCENARIO = """
      name = tiny-genai
      seed = 3
      nodes { a { role = edge }, b { role = edge, flops = 5 GFLOPS }, c { role = cloud, flops = 1 TFLOPS } }
      links { la { from = a, to = c, rate = 20 Mbps, loss = 0.1 }, lb { from = b, to = c } }
      data { source = synthetic, synthetic { train = 400, test = 200 }, sharding { scheme = classes, classes-per-shard = 5 } }
      workload {
        type = genai, cloud = c, edges = [a, b]
        experts = [{ hidden = [16], latent = 3 }, { hidden = [24], latent = 4 }]
        baseline { hidden = [16], latent = 3 }
        local { epochs = 1, batch-size = 50 }
        categories { low = [0, 1, 2, 3, 4], high = [5, 6, 7, 8, 9] }
        top-k = 1
        assembly { samples = 200, epochs = 1 }
        fedavg { rounds = 2 }
        personalisation { epochs = 1, min-share = 0.2 }
        serving { requests = 12, images = 2 }
        quality { samples-per-class = 8, referee { channels = [2, 4], features = 8, epochs = 1 } }
      }
      """;

  @Test
  void threeJvmsGiveTheSingleJvmResults(@TempDir Path dir) throws Exception {
    try (NodeJvms jvms = threeJvms()) {
      Runs runs = runs(jvms, dir, "");
      RunSummary reference = runs.single();
      RunSummary cluster = runs.cluster();
      assertEquals(RunStatus.COMPLETED, cluster.status(), cluster.error());
      assertEquals(Map.of("c", "cloud-1", "a", "edge-a", "b", "edge-b"), cluster.placement(), "one node per JVM");
      assertEquals(reference.stepsCommitted(), cluster.stepsCommitted(), "requests served");
      assertEquals(reference.virtualTimeMs(), cluster.virtualTimeMs());
      assertEquals(reference.linkBytes(), cluster.linkBytes());
      assertNotEquals(0, cluster.retries(), "lost transfers were sent again");
      assertEquals(reference.retries(), cluster.retries());
      assertEquals(results(dir.resolve("single")), results(dir.resolve("cluster")), "FD, fidelity, traffic, times");
      assertEquals(Files.readString(dir.resolve("single/requests.csv")), Files.readString(dir.resolve("cluster/requests.csv")));
    }
  }

  @Test
  void anEdgeJvmKilledInLocalTrainingCostsNothingButTime(@TempDir Path dir) throws Exception {
    try (NodeJvms jvms = threeJvms()) {
      Runs runs = runs(jvms, dir, "faults = [{ node = b, kind = kill-jvm, at-step = 1 }]\n");
      RunSummary reference = runs.single();
      RunSummary cluster = runs.cluster();
      Path out = dir.resolve("cluster");

      assertEquals(RunStatus.COMPLETED, cluster.status(), cluster.error());
      Process killed = jvms.process("edge-b");
      assertTrue(killed.waitFor(30, TimeUnit.SECONDS), "the JVM of edge b was halted");
      assertEquals(JvmProcess.KILLED, killed.exitValue());
      assertEquals(1, cluster.recovery().faultsInjected());
      assertEquals(1, cluster.recovery().recoveries());
      assertEquals(Map.of("c", "cloud-1", "a", "edge-a", "b", "edge-a"), cluster.placement(), "b moved to the edge JVM left");
      assertEquals(reference.virtualTimeMs(), cluster.virtualTimeMs());
      assertEquals(reference.linkBytes(), cluster.linkBytes());
      assertEquals(results(dir.resolve("single")), results(out), "FD, fidelity, traffic, times");
      assertEquals(Files.readString(dir.resolve("single/requests.csv")), Files.readString(out.resolve("requests.csv")));
    }
  }

  record Runs(RunSummary single, RunSummary cluster) {}

  /** The scenario in one JVM (without {@code extra}) into dir/single, then with {@code extra} on the three into dir/cluster. */
  private static Runs runs(NodeJvms jvms, Path dir, String extra) throws Exception {
    Scenario single = scenario(dir.resolve("single"));
    TrainTest data = Datasets.load(single.data(), single.model(), single.seed());
    RunOutcome reference = LocalRun.run(single, data, dir.resolve("single"), (step, total) -> {}, ConfigFactory.empty());
    assertEquals(RunStatus.COMPLETED, reference.summary().status(), reference.summary().error());
    try (ClusterRun director = ClusterRun.join(directorConfig(jvms))) {
      Path out = dir.resolve("cluster");
      return new Runs(reference.summary(), director.run(scenario(out, extra), data, out, (step, total) -> {}).summary());
    }
  }

  /** The cloud and two edge JVMs, started; they join while the single-JVM reference runs. */
  private static NodeJvms threeJvms() throws Exception {
    Files.createDirectories(LOGS);
    NodeJvms jvms = new NodeJvms(LOGS, CONFIG, node -> Map.of("EDGEWEAVE_STABLE_AFTER", "2s"));
    jvms.add("cloud-1", "cloud");
    jvms.add("edge-a", "edge");
    jvms.add("edge-b", "edge");
    jvms.startMissing();
    return jvms;
  }

  /** This JVM as the director of the three, once they are up. */
  private static Config directorConfig(NodeJvms jvms) throws Exception {
    jvms.awaitAllUp(Duration.ofMinutes(3));
    return ClusterConfig.load(new ClusterConfig.Flags(
        Optional.of(CONFIG), Optional.of("127.0.0.1"), Optional.of(0), Optional.of(jvms.seeds()), Optional.empty(),
        List.of(ClusterRun.DIRECTOR_ROLE),
        Map.of("edgeweave.cluster.min-jvms", 3, "edgeweave.cluster.wait-for-nodes", "90s",
            "edgeweave.cluster.join-timeout", "90s")));
  }

  private static Scenario scenario(Path out) throws Exception {
    return scenario(out, "");
  }

  private static Scenario scenario(Path out, String extra) throws Exception {
    return ScenarioLoader.parse(SCENARIO + "output { directory = \"" + out + "\" }\n" + extra, "tiny-genai.conf", List.of());
  }

  private static JsonNode results(Path run) throws Exception {
    return new ObjectMapper().readTree(run.resolve("results.json").toFile());
  }
}
