package io.edgeweave.cluster;

import com.typesafe.config.Config;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.runtime.JvmData;
import io.edgeweave.runtime.NodeAgent;
import io.edgeweave.scenario.NodeRole;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A node JVM: joins the cluster with its roles, and hosts through its {@link NodeAgent} whatever runs place on it,
 * until it is stopped (SIGTERM or SIGINT: it leaves the cluster first) or removed from the cluster.
 */
public final class ClusterNode {
  /** Exit status when the node could not join, or the cluster removed it. */
  public static final int LOST = 1;

  private ClusterNode() {}

  /**
   * Runs the node to its end and returns its exit status.
   *
   * @param out where the node says it is up (one line, for people and launch scripts)
   */
  public static int run(Config config, Set<NodeRole> roles, PrintStream out) throws InterruptedException {
    ClusterSettings settings = ClusterSettings.of(config);
    ActorSystem<Void> system = ActorSystem.create(guardian(settings, roles), ClusterSettings.SYSTEM, config);
    String management;
    try {
      management = Management.start(system); // answers /ready with 503 until the JVM is a member that hosts
      Nd4jSetup.singleThreaded(); // loads the native backend while the JVM joins, not in the first run
      Membership.awaitUp(system, settings);
    } catch (IllegalStateException e) {
      System.err.println("edgeweave node: " + e.getMessage());
      Shutdown.terminate(system);
      return LOST;
    }
    out.printf(Locale.ROOT, "edgeweave node %s %s up at %s, management %s%n", name(settings, system, roles), roles(roles),
        Cluster.get(system).selfMember().address().hostPort(), management);
    out.flush();
    system.getWhenTerminated().toCompletableFuture().join();
    boolean downed = CoordinatedShutdown.get(Adapter.toClassic(system)).getShutdownReason()
        .filter(r -> r instanceof CoordinatedShutdown.ClusterDowningReason$)
        .isPresent();
    if (downed) System.err.println("edgeweave node: the cluster removed this JVM (it was unreachable)");
    return downed ? LOST : 0;
  }

  private static Behavior<Void> guardian(ClusterSettings settings, Set<NodeRole> roles) {
    return Behaviors.setup(ctx -> {
      String name = name(settings, ctx.getSystem(), roles);
      ctx.spawn(
          NodeAgent.create(name, roles, new JvmProcess(ctx.getSystem()), new JvmData(settings.dataDirectory())), "agent");
      JvmHealth.get(ctx.getSystem()).markReady();
      return Behaviors.empty();
    });
  }

  /** The given name, or role and port. */
  private static String name(ClusterSettings settings, ActorSystem<?> system, Set<NodeRole> roles) {
    if (!settings.name().isBlank()) return settings.name();
    int port = (Integer) Cluster.get(system).selfMember().address().port().get();
    return roles(roles) + "-" + port;
  }

  private static String roles(Set<NodeRole> roles) {
    return String.join("-", roles.stream().map(NodeRole::configName).sorted().toList());
  }
}
