package io.edgeweave.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.edgeweave.data.Datasets;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.runtime.NodeAgent;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import io.edgeweave.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes: three node JVMs (one cloud, two edge) on 127.0.0.1 over Artery with mutual TLS, and this JVM as the
 * director. A scenario run across them computes what it computes in one JVM, survives losing an edge JVM and the
 * cloud JVM, and a JVM without a certificate of the cluster's CA cannot join or send.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterProcessTest {
  private static final Path TLS_CONFIG = Path.of("cluster-config/tls.conf");
  private static final Duration UP = Duration.ofMinutes(3);
  /** The node JVMs' output, kept after the test for whoever needs to know what happened. */
  private static final Path LOGS = Path.of("target", "cluster-process-test");
  private static final String SCENARIO = """
      name = cluster-test
      seed = 7
      nodes {
        device { role = edge, flops = 1 GFLOPS }
        edge { role = edge, flops = 10 GFLOPS }
        cloud { role = cloud, flops = 100 GFLOPS }
      }
      links {
        device-edge { from = device, to = edge, rate = 100 Mbps, propagation = 2 ms, loss = 0.05 }
        edge-cloud { from = edge, to = cloud, rate = 1 Gbps, propagation = 10 ms }
      }
      model { inputs = 20, hidden = [16, 12], classes = 4, learning-rate = 0.01 }
      data { source = synthetic, synthetic { train = 512, test = 200 } }
      workload { path = [device, edge, cloud], cuts = [1, 2], batch-size = 16, steps = 40, eval-every = 20 }
      runtime { checkpoint-every = 10, response-timeout = 3 s }
      """;

  @TempDir static Path dir;
  private static Path certificates;
  private static CompletableFuture<Path> rogueCertificates;
  private static NodeJvms cluster;
  private static TrainTest data;
  private static Map<Integer, Double> referenceLosses;
  private static List<Tensor> referenceParameters;

  @BeforeAll
  static void startCluster() throws Exception {
    certificates = makeCertificates(dir.resolve("tls"), "member");
    // another CA, with the same store password so that an intruder can hold our truststore and its own key
    rogueCertificates = CompletableFuture.supplyAsync(() -> makeCertificates(dir.resolve("rogue-tls"), "rogue"));
    Files.createDirectories(LOGS);
    cluster = new NodeJvms(LOGS, TLS_CONFIG, node -> tlsEnvironment(certificates, "member", certificates));
    cluster.add("cloud-1", "cloud");
    cluster.add("edge-a", "edge");
    cluster.add("edge-b", "edge");
    cluster.startMissing();

    Scenario scenario = scenario();
    data = Datasets.load(scenario.data(), scenario.model(), scenario.seed());
    Map<Integer, Double> losses = new TreeMap<>();
    RunOutcome single =
        LocalRun.run(scenario, data, dir.resolve("single"), (step, total) -> losses.put(step.step(), step.loss()), ConfigFactory.empty());
    assertEquals(RunStatus.COMPLETED, single.summary().status());
    referenceLosses = losses;
    referenceParameters = single.parameters();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) cluster.close();
  }

  @BeforeEach
  void everyJvmUp() throws Exception {
    cluster.startMissing();
    cluster.awaitAllUp(UP);
    cluster.awaitOnlyNodesListed(UP); // the last test's JVMs gone (NodeJvms)
  }

  @Test
  @Order(1)
  void threeJvmsComputeWhatOneJvmComputes() throws Exception {
    Run run = runOnCluster("three-jvms");

    assertSameTraining(run);
    assertEquals(Set.of("cloud-1", "edge-a", "edge-b"), Set.copyOf(run.summary().placement().values()), "every JVM hosts a node");
    assertEquals("cloud-1", run.summary().placement().get("cloud"));
    assertTrue(run.summary().retries() > 0, "lost messages were resent across JVMs");
  }

  @Test
  @Order(4) // last: no test needs its JVM started again
  void anEdgeJvmDiesAndTheRunCompletesWithoutLosingACommittedStep() throws Exception {
    Run run = runOnCluster("edge-dies", "faults = [{ node = device, kind = kill-jvm, at-step = 25 }]");

    assertSameTraining(run);
    RunSummary.Recovery recovery = run.summary().recovery();
    assertEquals(1, recovery.faultsInjected());
    assertTrue(recovery.recoveries() >= 1);
    assertEquals(20, recovery.resumedFromSteps().get(0), "from the checkpoint after step 19");
    assertEquals(0, recovery.stepsLost());
    assertEquals(JvmProcess.KILLED, cluster.process("edge-a").waitFor(), "the JVM that hosted the device halted");
    assertEquals("edge-b", run.summary().placement().get("device"), "the device moved to the other edge JVM");
  }

  @Test
  @Order(3)
  void theCloudJvmDiesIsRestartedAndTheRunResumesFromItsCheckpoint() throws Exception {
    cluster.restartWhenItExits(cluster.node("cloud-1"));

    Run run = runOnCluster("cloud-dies", "faults = [{ node = cloud, kind = kill-jvm, at-step = 15 }]");

    assertSameTraining(run);
    RunSummary.Recovery recovery = run.summary().recovery();
    assertEquals(10, recovery.resumedFromSteps().get(0), "from the checkpoint after step 9");
    assertEquals(0, recovery.stepsLost());
    assertEquals("cloud-1", run.summary().placement().get("cloud"), "the restarted cloud JVM");
    assertTrue(Files.exists(run.directory().resolve("checkpoints")));
  }

  @Test
  @Order(2)
  void aJvmWithoutACertificateOfTheClusterCannotJoinOrSend() throws Exception {
    // The intruder trusts the cluster's CA, but its own certificate comes from another CA.
    Path rogue = rogueCertificates.get(5, TimeUnit.MINUTES);
    String cloudAgent = "pekko://" + ClusterSettings.SYSTEM + "@" + cluster.node("cloud-1").address() + "/user/agent";
    Config memberConfig = memberConfig(certificates, "member", "observer", Map.of());
    ActorSystem<Void> member = ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM, memberConfig);
    ActorSystem<Void> outsider =
        ActorSystem.create(
            Behaviors.empty(), ClusterSettings.SYSTEM,
            memberConfig(rogue, "rogue", "observer", Map.of("pekko.actor.provider", "remote")));
    try (NodeJvms rogues =
        new NodeJvms(LOGS, TLS_CONFIG, node -> tlsEnvironment(rogue, "rogue", certificates), cluster)) {
      Membership.awaitUp(member, ClusterSettings.of(memberConfig)); // else "never a member" below looks at no members
      NodeJvms.Node intruder = rogues.add("rogue", "edge");
      Process process = rogues.start(intruder, List.of("--join-timeout", "8s"));

      assertEquals("cloud-1", describe(member, cloudAgent).name(), "a JVM with a certificate of the cluster is answered");
      assertThrows(Exception.class, () -> describe(outsider, cloudAgent), "a JVM without one is not");
      assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the intruder gives up");
      assertEquals(ClusterNode.LOST, process.exitValue());
      assertTrue(rogues.errors(intruder).contains("could not join the cluster"), rogues.errors(intruder));
      assertFalse(
          StreamSupport.stream(Cluster.get(member).state().getMembers().spliterator(), false)
              .anyMatch(m -> m.address().port().get().equals(intruder.port())),
          "never a member");
      awaitLogged(cluster.node("cloud-1"), "TLS refused an inbound connection: ", Duration.ofSeconds(60));
    } finally {
      // the member leaves through its coordinated shutdown, bounded whether the cluster converges or not (Shutdown)
      outsider.terminate();
      Shutdown.terminate(member);
      Shutdown.terminate(outsider);
    }
  }

  // --- helpers

  record Run(RunSummary summary, Map<Integer, Double> losses, List<Tensor> parameters, Path directory) {}

  private static Run runOnCluster(String name, String... overrides) throws Exception {
    Scenario scenario = scenario(overrides);
    Path out = dir.resolve(name);
    Map<Integer, Double> losses = new TreeMap<>();
    Config config = memberConfig(certificates, "member", ClusterRun.DIRECTOR_ROLE, Map.of("edgeweave.cluster.min-jvms", 3));
    try (ClusterRun director = ClusterRun.join(config)) {
      RunOutcome outcome = director.run(scenario, data, out, (step, total) -> losses.put(step.step(), step.loss()));
      return new Run(outcome.summary(), losses, outcome.parameters(), out);
    }
  }

  private static void assertSameTraining(Run run) {
    assertEquals(RunStatus.COMPLETED, run.summary().status(), run.summary().error());
    assertEquals(40, run.summary().stepsCommitted());
    assertEquals(referenceLosses, run.losses(), "the loss of every step");
    assertEquals(referenceParameters.size(), run.parameters().size());
    for (int i = 0; i < referenceParameters.size(); i++) {
      assertArrayEquals(referenceParameters.get(i).toFloats(), run.parameters().get(i).toFloats(), "partition " + i);
    }
    assertNotEquals(0, run.summary().linkBytes());
  }

  private static Scenario scenario(String... overrides) throws Exception {
    return ScenarioLoader.parse(SCENARIO, "cluster-test.conf", List.of(overrides));
  }

  /** This JVM's configuration as a member of the cluster with {@code role}, over TLS with the given certificate. */
  private static Config memberConfig(Path tls, String certificate, String role, Map<String, Object> more) {
    Map<String, Object> settings = new HashMap<>(more);
    settings.put("edgeweave.tls.keystore", tls.resolve(certificate + ".p12").toString());
    settings.put("edgeweave.tls.truststore", certificates.resolve("truststore.p12").toString());
    settings.put("edgeweave.tls.password", password(tls));
    settings.put("edgeweave.cluster.wait-for-nodes", "90s");
    settings.put("edgeweave.cluster.join-timeout", "90s");
    settings.put("pekko.cluster.split-brain-resolver.stable-after", "2s");
    return ClusterConfig.load(
        new ClusterConfig.Flags(
            Optional.of(TLS_CONFIG), Optional.of("127.0.0.1"), Optional.of(0), Optional.of(cluster.seeds()),
            Optional.empty(), List.of(role), settings));
  }

  /**
   * A node JVM's environment: its certificate from {@code tls}, the CA it trusts from {@code trusted} (both stores
   * have the password of their directory), and a fast split-brain resolver.
   */
  private static Map<String, String> tlsEnvironment(Path tls, String certificate, Path trusted) {
    return Map.of(
        "EDGEWEAVE_TLS_KEYSTORE", tls.resolve(certificate + ".p12").toString(),
        "EDGEWEAVE_TLS_TRUSTSTORE", trusted.resolve("truststore.p12").toString(),
        "EDGEWEAVE_TLS_PASSWORD", password(tls),
        "EDGEWEAVE_STABLE_AFTER", "2s");
  }

  private static NodeAgent.Description describe(ActorSystem<Void> from, String agentPath) throws Exception {
    ActorRef<NodeAgent.Command> agent = ActorRefResolver.get(from).resolveActorRef(agentPath);
    CompletionStage<NodeAgent.Description> reply =
        AskPattern.ask(agent, NodeAgent.Describe::new, Duration.ofSeconds(8), from.scheduler());
    return reply.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Waits until the node's log holds {@code text}; fails with the log otherwise. */
  private static void awaitLogged(NodeJvms.Node node, String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!cluster.errors(node).contains(text)) {
      assertTrue(System.nanoTime() < deadline, node.name() + " never logged \"" + text + "\": " + cluster.errors(node));
      Thread.sleep(250);
    }
  }

  /** A CA and certificates made by the project's script, in a fresh directory. */
  private static Path makeCertificates(Path into, String... names) {
    try {
      List<String> command = new java.util.ArrayList<>(List.of("bash", "cluster-config/make-certs", into.toString()));
      command.addAll(List.of(names));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      if (certificates != null) builder.environment().put("EDGEWEAVE_TLS_PASSWORD", password(certificates));
      Process p = builder.start();
      String output = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) throw new IllegalStateException("make-certs failed: " + output);
      return into;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String password(Path tls) {
    try {
      return Files.readString(tls.resolve("password")).strip();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
