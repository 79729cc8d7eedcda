package io.edgeweave.serving.actors;

import io.edgeweave.fault.NodeFaultSchedule;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.HostedJvm;
import io.edgeweave.runtime.HostedRuns;
import io.edgeweave.runtime.JvmService;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.scenario.RuntimeSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * Hosts the serving nodes and links a JMSNAS run places on this JVM: the {@link JmsnasDirector} finds it through
 * the receptionist, and it spawns what the director asks for as its children, so they live and die with the JVM
 * (or, in a single-JVM run, with the agent that stands for it). A node's process faults act on this JVM.
 */
public final class ServingHost extends AbstractBehavior<ServingHost.Command> {
  /** The receptionist key of every JVM's serving host. */
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "edgeweave-serving-hosts");

  /** Registered in {@code META-INF/services/io.edgeweave.runtime.JvmService}. */
  public static final class Service implements JvmService {
    @Override
    public String name() {
      return "serving";
    }

    @Override
    public Behavior<Command> create(HostedJvm jvm) {
      return ServingHost.create(jvm);
    }
  }

  public interface Command extends CborSerializable {}

  public record Describe(ActorRef<Description> replyTo) implements Command {}

  /** @param jvm the JVM's name, unique in the cluster */
  public record Description(String jvm, Set<NodeRole> roles, ActorRef<Command> host) implements CborSerializable {}

  /** Host link {@code link} of run {@code runId}; its ends attach themselves when they start. */
  public record HostLink(String runId, LinkSpec link, List<FaultSpec> faults, long seed, double timeScale, ActorRef<Hosted> replyTo)
      implements Command {}

  /**
   * Host incarnation {@code incarnation} of node {@code node} of run {@code runId}.
   *
   * @param faults every fault of the scenario (a crash is named by its index)
   * @param struck indices of the crash faults that already struck the node
   * @param links neighbour → the link to it
   */
  public record HostNode(
      String runId,
      NodeSpec node,
      int incarnation,
      RuntimeSpec runtime,
      List<FaultSpec> faults,
      Set<Integer> struck,
      Map<String, ActorRef<ServingLink.Command>> links,
      ActorRef<Hosted> replyTo)
      implements Command {}

  /** Stop every actor of run {@code runId} on this JVM. */
  public record Release(String runId) implements Command {}

  /** A JVM left the cluster: the runs it directed are over here (their director may resume them anew). */
  record JvmLeft(Address address) implements Command, NoSerializationVerificationNeeded {}

  /** A reply to {@link HostLink} or {@link HostNode}. */
  public interface Hosted extends CborSerializable {}

  public record LinkHosted(String linkId, ActorRef<ServingLink.Command> link) implements Hosted {}

  /** Sent by the node once every link it has knows it. */
  public record NodeHosted(String nodeId, int incarnation, ActorRef<ServingNode.Command> node) implements Hosted {}

  /** Nodes and links take turns with remoting on one thread (ADR 38). */
  private static final DispatcherSelector STEP = DispatcherSelector.fromConfig(ScenarioDirector.STEP_DISPATCHER);

  private final HostedJvm jvm;
  private final HostedRuns runs;

  public static Behavior<Command> create(HostedJvm jvm) {
    return Behaviors.setup(ctx -> new ServingHost(ctx, jvm));
  }

  private ServingHost(ActorContext<Command> ctx, HostedJvm jvm) {
    super(ctx);
    this.jvm = jvm;
    this.runs = HostedRuns.of(ctx, jvm.name(), JvmLeft::new);
    ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Describe.class, d -> describe(d.replyTo()))
        .onMessage(HostLink.class, this::onHostLink)
        .onMessage(HostNode.class, this::onHostNode)
        .onMessage(Release.class, r -> release(List.of(r.runId())))
        .onMessage(JvmLeft.class, left -> release(runs.directedFrom(left.address())))
        .build();
  }

  private Behavior<Command> describe(ActorRef<Description> replyTo) {
    replyTo.tell(new Description(jvm.name(), jvm.roles(), getContext().getSelf()));
    return this;
  }

  private Behavior<Command> onHostLink(HostLink host) {
    List<FaultSpec> faults = host.faults().stream().filter(f -> f.onLink(host.link().id())).toList();
    ActorRef<ServingLink.Command> link =
        getContext().spawn(ServingLink.create(host.link(), faults, host.seed(), host.timeScale()),
            HostedRuns.childName(host.runId(), "link-" + host.link().id()), STEP);
    runs.hosting(host.runId(), host.replyTo());
    host.replyTo().tell(new LinkHosted(host.link().id(), link));
    return this;
  }

  private Behavior<Command> onHostNode(HostNode host) {
    NodeSpec node = host.node();
    ActorRef<ServingNode.Command> ref =
        getContext().spawn(
            ServingNode.create(node, host.incarnation(), host.runtime(), new NodeFaultSchedule(node.id(), host.faults(), host.struck()),
                jvm.process(), host.links(), host.replyTo()),
            HostedRuns.childName(host.runId(), "node-" + node.id() + "." + host.incarnation()), STEP);
    runs.hosting(host.runId(), host.replyTo());
    getContext().getLog().info("{} hosts serving node {} (incarnation {}) of run {}", jvm.name(), node.id(), host.incarnation(), host.runId());
    return this;
  }

  private Behavior<Command> release(List<String> runIds) {
    runIds.forEach(runs::release);
    return this;
  }
}
