package io.edgeweave.cluster;

import com.typesafe.config.Config;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.runtime.JvmData;
import io.edgeweave.runtime.NodeAgent;
import io.edgeweave.scenario.NodeRole;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
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
  /**
   * Exit status when the cluster runs another build: as for bad input, starting the JVM again as it is cannot help
   * (a supervisor such as {@code launch start --restart} leaves it stopped).
   */
  public static final int REFUSED = 2;

  private ClusterNode() {}

  /**
   * Runs the node to its end and returns its exit status.
   *
   * @param out where the node says it is up (one line, for people and launch scripts)
   */
  public static int run(Config config, Set<NodeRole> roles, PrintStream out) throws InterruptedException {
    ClusterSettings settings = ClusterSettings.of(config);
    return serve(config, guardian(settings, roles), "node", system -> name(settings, system, roles) + " " + roles(roles), out);
  }

  /**
   * Runs a JVM of the cluster whose actors {@code guardian} starts until it is stopped or removed, and returns its
   * exit status; {@code kind} ({@code node}, {@code standby}) and {@code who} name it in what it prints.
   */
  static int serve(Config config, Behavior<Void> guardian, String kind, Function<ActorSystem<?>, String> who, PrintStream out)
      throws InterruptedException {
    ClusterSettings settings = ClusterSettings.of(config);
    ActorSystem<Void> system = ActorSystem.create(guardian, ClusterSettings.SYSTEM, config);
    String management;
    try {
      management = Management.start(system); // answers /ready with 503 until the JVM is a member that hosts
      Nd4jSetup.singleThreaded(); // loads the native backend while the JVM joins, not in the first run
      Membership.awaitUp(system, settings);
    } catch (IllegalStateException e) {
      System.err.println("edgeweave " + kind + ": " + e.getMessage());
      Shutdown.terminate(system);
      return e instanceof Membership.OtherBuild ? REFUSED : LOST;
    }
    out.printf(Locale.ROOT, "edgeweave %s %s up at %s, management %s%n", kind, who.apply(system),
        Cluster.get(system).selfMember().address().hostPort(), management);
    out.flush();
    Shutdown.awaitEnd(system);
    boolean downed = CoordinatedShutdown.get(Adapter.toClassic(system)).getShutdownReason()
        .filter(r -> r instanceof CoordinatedShutdown.ClusterDowningReason$)
        .isPresent();
    if (downed) System.err.println("edgeweave " + kind + ": the cluster removed this JVM (it was unreachable)");
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
    return name(settings, system, roles(roles));
  }

  /** The given name, or {@code role} and port. */
  static String name(ClusterSettings settings, ActorSystem<?> system, String role) {
    if (!settings.name().isBlank()) return settings.name();
    int port = (Integer) Cluster.get(system).selfMember().address().port().get();
    return role + "-" + port;
  }

  private static String roles(Set<NodeRole> roles) {
    return String.join("-", roles.stream().map(NodeRole::configName).sorted().toList());
  }
}
