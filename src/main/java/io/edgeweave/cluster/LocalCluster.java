package io.edgeweave.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/** Single-JVM mode: one ActorSystem that forms a one-node Pekko cluster by joining itself. */
public final class LocalCluster {
  private LocalCluster() {}

  public static <T> ActorSystem<T> start(String name, Behavior<T> guardian, Config overrides) {
    ActorSystem<T> system = ActorSystem.create(guardian, name, overrides.withFallback(ConfigFactory.load()));
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    return system;
  }
}
