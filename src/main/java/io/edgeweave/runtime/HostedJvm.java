package io.edgeweave.runtime;

import io.edgeweave.scenario.NodeRole;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a {@link JvmService} knows of the JVM it runs on.
 *
 * @param name the JVM's name, unique in the cluster (the scenario's {@code placement} pins nodes to it)
 * @param roles the roles of the nodes this JVM takes
 * @param process what a process fault does to this JVM
 * @param data this JVM's copy of the training data, shared by every actor it hosts
 * @param agent the JVM's {@link NodeAgent}, which applies process faults to it
 */
public record HostedJvm(
    String name, Set<NodeRole> roles, HostProcess process, JvmData data, ActorRef<NodeAgent.Command> agent) {
  public HostedJvm {
    roles = Set.copyOf(roles);
  }
}
