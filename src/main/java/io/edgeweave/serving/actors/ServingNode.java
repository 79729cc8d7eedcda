package io.edgeweave.serving.actors;

import io.edgeweave.fault.NodeFaultSchedule;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.HostProcess;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.scenario.RuntimeSpec;
import io.edgeweave.serving.Answer;
import io.edgeweave.serving.Query;
import io.edgeweave.serving.Role;
import io.edgeweave.serving.ServingMessage;
import io.edgeweave.serving.ServingWorker;
import io.edgeweave.serving.Weights;
import io.edgeweave.tensor.EncodedTensor;
import io.edgeweave.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A node serving its part of a deployed model: it decodes messages, lets its {@link ServingWorker} decide and
 * puts what it decided on the link to the neighbour named. Every message it handles is checked against the
 * node's crash faults: a node whose crash window is open tells the orchestrator when (the fault injector's
 * record; the orchestrator learns of the crash itself from death watch) and stops, losing what it held. A node
 * struck by a kill-jvm fault tells the orchestrator, ignores every message from then on, and halts its JVM when the
 * orchestrator says so (in a single-JVM run it just stops): a real process death that the cluster has to detect.
 * A node starts by attaching itself to its links and reports that it is hosted once every link knows it.
 */
public final class ServingNode extends AbstractBehavior<ServingNode.Command> {
  public interface Command extends CborSerializable {}

  /** Where to send events. */
  public record Register(ActorRef<Event> orchestrator) implements Command {}

  /** The link to {@code neighbour} knows this node now. */
  public record LinkAttached(String neighbour) implements Command {}

  /** Struck by a kill-jvm fault: halt the JVM now (the orchestrator has the record). */
  public enum Halt implements Command {
    INSTANCE
  }

  /** Take {@code role} in a new deployment, ready no earlier than {@code notBeforeMs}. */
  public record Assign(Role role, double notBeforeMs) implements Command {}

  /** The deployment is in force everywhere: forget blocks the role does not run. */
  public enum Prune implements Command {
    INSTANCE
  }

  /** Not on the path any more: forget every block and role. */
  public enum Retire implements Command {
    INSTANCE
  }

  /** Send the blocks {@code [from, to)} this node holds along {@code route}. */
  public record Ship(int epoch, int request, int from, int to, List<String> route, double sendMs) implements Command {}

  /** Send the checkpoint's parameters of blocks {@code [from, to)} along {@code route}. */
  public record ShipCheckpoint(
      int epoch, int request, ModelSpec model, int from, int to, Tensor parameters, List<String> route, double sendMs)
      implements Command {}

  /** Source only: start request {@code request}. */
  public record Serve(int epoch, int request, EncodedTensor input, double arrivalMs, double notBeforeMs) implements Command {}

  /** A message from a link. */
  public record Deliver(ServingMessage message) implements Command {}

  /** A link could not deliver a message of this node. */
  public record Lost(ServingMessage message) implements Command {}

  /** Are you there, at request {@code request}? (Nodes off the path, in probe round {@code round}; traffic tells about the others.) */
  public record Heartbeat(int request, double timeMs, int round) implements Command {}

  /** Between two requests: report the node's state ({@link Snapshotted}) for a checkpoint. */
  public enum Snapshot implements Command {
    INSTANCE
  }

  /** A resumed run: carry on from {@code state}, holding {@code values} (its blocks' parameters); then {@link Snapshotted}. */
  public record Restore(ServingWorker.State state, Tensor values) implements Command {}

  /** What a node tells the orchestrator. */
  public interface Event extends CborSerializable {}

  public record Installed(String node, int epoch, double readyMs) implements Event {}

  public record Completed(String node, Answer answer) implements Event {}

  /** The node crashes at {@code timeMs}, struck by fault {@code fault} (its index in the scenario's faults). */
  public record Crashing(String node, int fault, double timeMs) implements Event {}

  /** A kill-jvm fault (its index) strikes the node's JVM at {@code timeMs}; the node waits for {@link Halt}. */
  public record Killed(String node, int fault, double timeMs) implements Event {}

  /** The answer to a heartbeat of probe round {@code round}. */
  public record Alive(String node, int round) implements Event {}

  public record Snapshotted(String node, ServingWorker.State state) implements Event {}

  public record Failed(String node, String reason) implements Event {}

  private final NodeSpec node;
  private final NodeFaultSchedule faults;
  private final ServingWorker worker;
  private final HostProcess process;
  private final Map<String, ActorRef<ServingLink.Command>> links;
  private final Set<String> unattached = new HashSet<>();
  private final Runnable hosted;
  private ActorRef<Event> orchestrator;

  /**
   * @param links neighbour → the link to it
   * @param hostedTo told {@link ServingHost.NodeHosted} once every link knows this node
   */
  public static Behavior<Command> create(
      NodeSpec node,
      int incarnation,
      RuntimeSpec runtime,
      NodeFaultSchedule faults,
      HostProcess process,
      Map<String, ActorRef<ServingLink.Command>> links,
      ActorRef<ServingHost.Hosted> hostedTo) {
    return Behaviors.setup(ctx -> new ServingNode(ctx, node, runtime, faults, process, links,
        () -> hostedTo.tell(new ServingHost.NodeHosted(node.id(), incarnation, ctx.getSelf()))));
  }

  private ServingNode(
      ActorContext<Command> ctx,
      NodeSpec node,
      RuntimeSpec runtime,
      NodeFaultSchedule faults,
      HostProcess process,
      Map<String, ActorRef<ServingLink.Command>> links,
      Runnable hosted) {
    super(ctx);
    this.node = node;
    this.faults = faults;
    this.process = process;
    this.links = Map.copyOf(links);
    this.hosted = hosted;
    this.worker = new ServingWorker(node.id(), node.flopsPerSecond(), runtime.retryTimeout().toNanos() / 1e6, runtime.maxRetries());
    links.values().forEach(link -> link.tell(new ServingLink.Attach(node.id(), ctx.getSelf())));
    unattached.addAll(links.keySet());
    if (unattached.isEmpty()) hosted.run();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Register.class, r -> remember(r.orchestrator()))
        .onMessage(LinkAttached.class, this::onLinkAttached)
        .onMessage(Assign.class, a -> act(worker.assign(a.role(), a.notBeforeMs())))
        .onMessageEquals(Prune.INSTANCE, this::prune)
        .onMessageEquals(Retire.INSTANCE, this::retire)
        .onMessage(Ship.class, s -> checked(s.request(), s.sendMs(), () -> worker.ship(s.epoch(), s.request(), s.from(), s.to(), s.route(), s.sendMs())))
        .onMessage(ShipCheckpoint.class, this::onShipCheckpoint)
        .onMessage(Serve.class, s -> checked(s.request(), s.arrivalMs(), () -> worker.serve(s.epoch(), s.request(), s.input(), s.arrivalMs(), s.notBeforeMs())))
        .onMessage(Deliver.class, d -> checked(d.message().request(), d.message().timeMs(), () -> onDeliver(d.message())))
        .onMessage(Lost.class, l -> act(worker.onLost(l.message())))
        .onMessage(Heartbeat.class, this::onHeartbeat)
        .onMessageEquals(Snapshot.INSTANCE, this::snapshotted)
        .onMessage(Restore.class, r -> {
          worker.restore(r.state(), r.values().toFloats());
          return snapshotted();
        })
        .build();
  }

  private Behavior<Command> remember(ActorRef<Event> ref) {
    orchestrator = ref;
    return this;
  }

  private Behavior<Command> onLinkAttached(LinkAttached attached) {
    if (unattached.remove(attached.neighbour()) && unattached.isEmpty()) hosted.run();
    return this;
  }

  private Behavior<Command> snapshotted() {
    orchestrator.tell(new Snapshotted(node.id(), worker.state()));
    return this;
  }

  private Behavior<Command> prune() {
    worker.prune();
    return this;
  }

  private Behavior<Command> retire() {
    worker.retire();
    return this;
  }

  private Behavior<Command> onShipCheckpoint(ShipCheckpoint s) {
    return checked(s.request(), s.sendMs(), () -> worker.shipCheckpoint(
        s.epoch(), s.request(), s.model(), s.from(), s.to(), s.parameters().toFloats(), s.route(), s.sendMs()));
  }

  private ServingWorker.Decision onDeliver(ServingMessage m) {
    if (m instanceof Query q) return worker.onQuery(q);
    if (m instanceof Answer a) return worker.onAnswer(a);
    return worker.onWeights((Weights) m);
  }

  private Behavior<Command> onHeartbeat(Heartbeat h) {
    return checked(h.request(), h.timeMs(), () -> {
      orchestrator.tell(new Alive(node.id(), h.round()));
      return ServingWorker.Ignore.INSTANCE;
    });
  }

  /** Runs {@code handler} unless a crash or kill-jvm fault strikes this node at {@code request}, {@code timeMs}. */
  private Behavior<Command> checked(int request, double timeMs, Supplier<ServingWorker.Decision> handler) {
    OptionalInt fault = faults.crash(request, timeMs);
    if (fault.isPresent()) {
      orchestrator.tell(new Crashing(node.id(), fault.getAsInt(), timeMs));
      return Behaviors.stopped();
    }
    OptionalInt kill = faults.kill(request);
    if (kill.isPresent()) {
      orchestrator.tell(new Killed(node.id(), kill.getAsInt(), timeMs));
      return dying();
    }
    return act(handler.get());
  }

  /** Struck by a kill-jvm fault: deaf to everything until told to halt the JVM. */
  private Behavior<Command> dying() {
    getContext().getLog().warn("{}: kill-jvm fault, halting this JVM when the orchestrator has the record", node.id());
    return Behaviors.receive(Command.class)
        .onMessageEquals(Halt.INSTANCE, () -> {
          process.halt();
          return Behaviors.stopped();
        })
        .build();
  }

  private Behavior<Command> act(ServingWorker.Decision decision) {
    if (decision instanceof ServingWorker.Send send) {
      ActorRef<ServingLink.Command> link = links.get(send.to());
      if (link == null) throw new IllegalStateException(node.id() + " has no link to " + send.to());
      link.tell(new ServingLink.Carry(node.id(), send.message()));
    } else if (decision instanceof ServingWorker.Completed done) {
      orchestrator.tell(new Completed(node.id(), done.answer()));
    } else if (decision instanceof ServingWorker.Installed installed) {
      orchestrator.tell(new Installed(node.id(), installed.epoch(), installed.readyMs()));
    } else if (decision instanceof ServingWorker.Failed failed) {
      orchestrator.tell(new Failed(node.id(), failed.reason()));
    }
    return this;
  }
}
