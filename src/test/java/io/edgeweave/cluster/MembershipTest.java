package io.edgeweave.cluster;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Joining a cluster: a JVM of another build is named, and the JVM that found it leaves; a seed is found listening, or
 * not when nothing is there.
 */
class MembershipTest {
  private ActorSystem<Void> first;
  private ActorSystem<Void> second;

  @AfterEach
  void stop() throws InterruptedException {
    for (ActorSystem<Void> system : java.util.Arrays.asList(first, second)) if (system != null) Shutdown.terminate(system);
  }

  private static Config config(String build) {
    return ConfigFactory.parseString("pekko.remote.artery.canonical.port = 0\npekko.cluster.app-version = \"" + build + "\"")
        .withFallback(ConfigFactory.load());
  }

  /** A one-member cluster of build {@code build}, and the settings of a JVM that joins it. */
  private ClusterSettings startFirst(String build) {
    first = ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM, config(build));
    Cluster cluster = Cluster.get(Adapter.toClassic(first));
    cluster.join(cluster.selfAddress());
    Address at = cluster.selfAddress();
    String seed = at.getHost().get() + ":" + at.getPort().get();
    return new ClusterSettings(List.of(seed), false, "second", Duration.ofSeconds(20), Duration.ofSeconds(20), 1, Optional.empty());
  }

  private void joinSecond(String build, ClusterSettings settings) throws InterruptedException {
    second = ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM, config(build));
    Cluster.get(Adapter.toClassic(second)).join(Cluster.get(Adapter.toClassic(first)).selfAddress());
    Membership.awaitUp(second, settings);
  }

  @Test
  void aJvmOfAnotherBuildIsNamedAndTheJoinerLeaves() throws Exception {
    ClusterSettings settings = startFirst("20261207.101500");

    IllegalStateException refused = assertThrows(Membership.OtherBuild.class, () -> joinSecond("20261207.151442", settings));
    Address firstAt = Cluster.get(Adapter.toClassic(first)).selfAddress();
    assertEquals("the JVM at " + firstAt.getHost().get() + ":" + firstAt.getPort().get() + " runs another build of EdgeWeave (20261207.101500) than this one"
        + " (20261207.151442): stop the cluster and start it with this build (cluster-config/launch stop, then start)",
        refused.getMessage());
    second.getWhenTerminated().toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void jvmsOfOneBuildJoin() throws Exception {
    ClusterSettings settings = startFirst(BuildVersion.get());
    assertDoesNotThrow(() -> joinSecond(BuildVersion.get(), settings));
    assertTrue(Membership.otherBuild(Cluster.get(Adapter.toClassic(second))).isEmpty());
  }

  @Test
  void thisBuildIsTheTimeMavenMadeIt() {
    assertTrue(BuildVersion.get().matches("\\d{8}\\.\\d{6}"), BuildVersion.get());
  }

  @Test
  void aSeedIsFoundListeningOnlyWhileSomethingListensOnItsPort() throws Exception {
    int port;
    try (ServerSocket listening = new ServerSocket()) {
      listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      port = listening.getLocalPort();
      assertTrue(Membership.anySeedListens(List.of("127.0.0.1:" + LocalProcesses.freePort(), "127.0.0.1:" + port), Duration.ZERO));
    }
    assertFalse(Membership.anySeedListens(List.of("127.0.0.1:" + port), Duration.ofMillis(300)), "closed: nothing listens");
    assertFalse(Membership.anySeedListens(List.of("no-such-host.invalid:25520"), Duration.ZERO), "a host that does not resolve");
  }

  @Test
  void seedsAreLocalOnlyIfEveryOneIsOnTheLoopbackInterface() {
    assertTrue(Membership.allLoopback(List.of("127.0.0.1:25520", "localhost:25521")));
    assertFalse(Membership.allLoopback(List.of("127.0.0.1:25520", "192.0.2.7:25520")), "one on another machine");
    assertFalse(Membership.allLoopback(List.of("no-such-host.invalid:25520")), "unknown: maybe not resolvable yet");
  }
}
