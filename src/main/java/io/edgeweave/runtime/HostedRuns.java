package io.edgeweave.runtime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.ClusterActorRefProvider;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The runs a JVM's host holds actors of, for the hosts of every workload. A host names each actor it spawns for
 * a run {@code runId + "." + ...}; a run is released when its director says so, or when the JVM of its director
 * leaves the cluster (the director died with it, and a resumed run hosts its actors anew). The director's JVM is
 * the address of the first actor that asked to host something of the run: a director in this JVM has a local
 * address, which no member that leaves matches.
 */
public final class HostedRuns {
  private final ActorContext<?> ctx;
  private final String jvm;
  private final Map<String, Address> directorJvm = new HashMap<>();

  private HostedRuns(ActorContext<?> ctx, String jvm) {
    this.ctx = ctx;
    this.jvm = jvm;
  }

  /**
   * The runs of the host {@code ctx} on JVM {@code jvm}, which learns of members that leave through {@code left}
   * (in a clustered actor system; a local one has no other JVM).
   */
  public static <T> HostedRuns of(ActorContext<T> ctx, String jvm, Function<Address, T> left) {
    if (clustered(ctx.getSystem())) {
      ActorRef<ClusterEvent.MemberRemoved> removed =
          ctx.messageAdapter(ClusterEvent.MemberRemoved.class, e -> left.apply(e.member().address()));
      Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(removed, ClusterEvent.MemberRemoved.class));
    }
    return new HostedRuns(ctx, jvm);
  }

  /** Whether {@code system} is a member of a cluster (not a local actor system). */
  public static boolean clustered(ActorSystem<?> system) {
    return Adapter.toClassic(system).provider() instanceof ClusterActorRefProvider;
  }

  /** The name of the actor {@code id} of run {@code runId} on this host. */
  public static String childName(String runId, String id) {
    return runId + "." + id;
  }

  /** {@code requester} (an actor of the run's director's JVM) asks to host something of run {@code runId}. */
  public void hosting(String runId, ActorRef<?> requester) {
    directorJvm.putIfAbsent(runId, requester.path().address());
  }

  /** The runs whose director's JVM was {@code address}, which has left the cluster: forgotten here, to release. */
  public List<String> directedFrom(Address address) {
    List<String> runs = directorJvm.entrySet().stream().filter(e -> e.getValue().equals(address)).map(Map.Entry::getKey).toList();
    runs.forEach(run -> ctx.getLog().warn("the JVM directing run {} left the cluster: {} releases what it hosts of it", run, jvm));
    return runs;
  }

  /** Stops every actor of run {@code runId} that still lives on this host. */
  public void release(String runId) {
    directorJvm.remove(runId);
    String prefix = childName(runId, "");
    ctx.getChildren().forEach(child -> {
      if (child.path().name().startsWith(prefix)) ctx.stop(child);
    });
  }
}
