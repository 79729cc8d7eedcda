package io.edgeweave.runtime;

import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.NodeRole;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The host of one JVM: it starts every {@link JvmService} as its child, so the actors that workloads place on this
 * JVM live and die with it, and applies process faults to its JVM. A workload's service spawns that workload's
 * actors here when its director asks: a node's data and computation stay on the JVM that runs it, and only
 * messages cross the network.
 */
public final class NodeAgent extends AbstractBehavior<NodeAgent.Command> {
  public interface Command extends CborSerializable {}

  public record Describe(ActorRef<Description> replyTo) implements Command {}

  /** @param name unique in the cluster; the scenario's {@code placement} pins nodes to it */
  public record Description(String name, Set<NodeRole> roles, ActorRef<Command> agent) implements CborSerializable {}

  /** Apply a process fault (kill-jvm, pause-jvm, partition-jvm) to this JVM. */
  public record Strike(FaultSpec fault) implements Command {}

  private final String name;
  private final Set<NodeRole> roles;
  private final HostProcess process;

  /** @param data this JVM's training data, shared with the {@link JvmService}s */
  public static Behavior<Command> create(String name, Set<NodeRole> roles, HostProcess process, JvmData data) {
    return Behaviors.setup(ctx -> new NodeAgent(ctx, name, roles, process, data));
  }

  private NodeAgent(ActorContext<Command> ctx, String name, Set<NodeRole> roles, HostProcess process, JvmData data) {
    super(ctx);
    this.name = name;
    this.roles = Set.copyOf(roles);
    this.process = process;
    HostedJvm jvm = new HostedJvm(name, roles, process, data, ctx.getSelf());
    JvmService.all().forEach(service -> ctx.spawn(service.create(jvm), service.name()));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Describe.class, this::onDescribe)
        .onMessage(Strike.class, this::onStrike)
        .build();
  }

  private Behavior<Command> onDescribe(Describe describe) {
    describe.replyTo().tell(new Description(name, roles, getContext().getSelf()));
    return this;
  }

  private Behavior<Command> onStrike(Strike strike) {
    FaultSpec fault = strike.fault();
    getContext().getLog().warn("{}: {} (the fault on {})", name, fault.kind(), fault.target());
    switch (fault.kind()) {
      case KILL_JVM -> {
        process.halt();
        return Behaviors.stopped();
      }
      case PAUSE_JVM -> process.pause(fault.duration().orElseThrow());
      case PARTITION_JVM -> process.isolate(fault.duration().orElseThrow());
      default -> throw new IllegalArgumentException("not a process fault: " + fault.kind());
    }
    return this;
  }
}
