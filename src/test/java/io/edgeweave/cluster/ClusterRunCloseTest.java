package io.edgeweave.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;

/**
 * The JVM that directed a run leaves while a node JVM is unreachable and not yet downed (a production split-brain
 * resolver waits 20 s): the cluster cannot converge, so its Leave cannot complete, and {@link ClusterRun#close()}
 * still ends the actor system within Pekko's coordinated-shutdown phases. Three actor systems of this JVM over Artery
 * TCP; the unreachable one is cut off with Artery's blackhole.
 */
class ClusterRunCloseTest {
  /** The coordinated-shutdown phases this close may wait in: cluster-exiting's 10 s, and a few seconds for the rest. */
  private static final Duration BOUND = Duration.ofSeconds(20);

  @Test
  void theDirectorStopsPromptlyWhileTheClusterCannotConverge() throws Exception {
    int seedPort = LocalProcesses.freePort();
    String seeds = "127.0.0.1:" + seedPort;
    // the other two stop without leaving when the test ends: nothing waits for a convergence that cannot come
    Map<String, Object> abrupt = Map.of("pekko.coordinated-shutdown.run-by-actor-system-terminate", "off");
    ActorSystem<Void> seed = ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM, config(seedPort, seeds, "cloud", abrupt));
    ActorSystem<Void> lost = ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM, config(0, seeds, "edge", abrupt));
    try {
      Membership.awaitUp(seed, ClusterSettings.of(seed.settings().config()));
      Membership.awaitUp(lost, ClusterSettings.of(lost.settings().config()));
      ClusterRun director = ClusterRun.join(config(0, seeds, ClusterRun.DIRECTOR_ROLE, Map.of()));
      new JvmProcess(lost).isolate(Duration.ofMinutes(5));
      Cluster cluster = Cluster.get(director.system());
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (cluster.state().getUnreachable().isEmpty()) {
        assertTrue(System.nanoTime() < deadline, "the cut-off JVM never became unreachable");
        Thread.sleep(100);
      }

      long start = System.nanoTime();
      director.close();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertTrue(director.system().whenTerminated().isCompleted(), "the director's actor system ended");
      assertTrue(took.compareTo(BOUND) < 0, "close() took " + took.toMillis() + " ms");
    } finally {
      seed.terminate();
      lost.terminate();
      seed.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      lost.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** A JVM of the test cluster: Artery TCP on 127.0.0.1, fast failure detection, a resolver that downs no one here. */
  private static Config config(int port, String seeds, String role, Map<String, Object> more) {
    Map<String, Object> settings = new java.util.HashMap<>(more);
    settings.put("pekko.remote.artery.advanced.test-mode", "on");
    settings.put("pekko.cluster.failure-detector.acceptable-heartbeat-pause", "2 s");
    settings.put("pekko.cluster.split-brain-resolver.stable-after", "5m");
    return ClusterConfig.load(new ClusterConfig.Flags(
        Optional.empty(), Optional.of("127.0.0.1"), Optional.of(port), Optional.of(seeds), Optional.empty(), List.of(role),
        settings));
  }
}
