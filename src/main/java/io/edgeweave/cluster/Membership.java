package io.edgeweave.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;

/** Joining a cluster through its seed nodes. */
final class Membership {
  private Membership() {}

  /** The cluster runs another build than this JVM: joining it again would not help. */
  static final class OtherBuild extends IllegalStateException {
    OtherBuild(String message) {
      super(message);
    }
  }

  /**
   * Waits until this JVM is an Up member of the cluster; if it is not within {@code join-timeout}, ends its actor
   * system and throws an {@link IllegalStateException} that names the seeds; if a member runs another build, ends it
   * and throws {@link OtherBuild}.
   */
  static void awaitUp(ActorSystem<?> system, ClusterSettings settings) throws InterruptedException {
    CompletableFuture<Void> up = new CompletableFuture<>();
    Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> up.complete(null));
    try {
      up.get(settings.joinTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      Shutdown.terminate(system);
      throw new IllegalStateException(
          "could not join the cluster at " + String.join(",", settings.seeds()) + " in "
              + settings.joinTimeout().toSeconds() + " s");
    }
    Optional<String> otherBuild = otherBuild(Cluster.get(Adapter.toClassic(system)));
    if (otherBuild.isPresent()) {
      Shutdown.terminate(system);
      throw new OtherBuild(otherBuild.get());
    }
  }

  /**
   * Whether any of {@code seeds} ({@code host:port}) accepts a TCP connection within {@code within}, asked again every
   * quarter second: a seed JVM's Artery listens on its port over TCP once the JVM has started.
   */
  static boolean anySeedListens(List<String> seeds, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      for (String seed : seeds) if (listens(seed)) return true;
      if (System.nanoTime() >= deadline) return false;
      Thread.sleep(250);
    }
  }

  /** Whether every seed ({@code host:port}) names this machine's loopback interface. */
  static boolean allLoopback(List<String> seeds) {
    for (String seed : seeds) {
      InetSocketAddress at = address(seed);
      if (at == null || at.isUnresolved() || !at.getAddress().isLoopbackAddress()) return false;
    }
    return true;
  }

  private static boolean listens(String seed) {
    InetSocketAddress at = address(seed);
    if (at == null) return false;
    try (Socket socket = new Socket()) {
      socket.connect(at, 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A seed's address, resolved if its host resolves now; null if its port is out of range. */
  private static InetSocketAddress address(String seed) {
    int colon = seed.lastIndexOf(':');
    try {
      return new InetSocketAddress(seed.substring(0, colon), Integer.parseInt(seed.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A member that runs another build than this JVM, in words, if there is one: their messages do not agree. */
  static Optional<String> otherBuild(Cluster cluster) {
    Member self = cluster.selfMember();
    for (Member member : cluster.state().getMembers()) {
      if (!member.appVersion().equals(self.appVersion())) {
        String at = member.address().getHost().orElse("?") + ":" + member.address().getPort().orElse(0);
        return Optional.of("the JVM at " + at + " runs another build of EdgeWeave (" + member.appVersion()
            + ") than this one (" + self.appVersion() + "): stop the cluster and start it with this build"
            + " (cluster-config/launch stop, then start)");
      }
    }
    return Optional.empty();
  }
}
