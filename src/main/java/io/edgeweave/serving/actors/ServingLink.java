package io.edgeweave.serving.actors;

import io.edgeweave.channel.Delivery;
import io.edgeweave.channel.DigitalLinkModel;
import io.edgeweave.channel.Direction;
import io.edgeweave.channel.Transmission;
import io.edgeweave.fault.LinkConditions;
import io.edgeweave.metrics.LiveMetrics;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.LinkStats;
import io.edgeweave.runtime.LiveMetricsExtension;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.serving.ServingMessage;
import io.edgeweave.training.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A link between two serving nodes: the same link model as {@link WirelessLink} (it alone knows the link's
 * rate and faults, it stamps each message's delivery time and reports a lost message to its sender), for the
 * messages of a deployed model. It also answers probes of its state, as a link monitor would, and follows a
 * node that restarts. A message for an end that has not attached yet waits for it.
 */
public final class ServingLink extends AbstractBehavior<ServingLink.Command> {
  public interface Command extends CborSerializable {}

  /** Carry a message from one end to the other. */
  public record Carry(String senderNode, ServingMessage message) implements Command {}

  /** Hand a held-back message over now. */
  record Release(boolean toDestination, ServingMessage message) implements Command {}

  /** Report the link's state for request {@code request} at virtual time {@code timeMs}. */
  public record Probe(int request, double timeMs, ActorRef<State> replyTo) implements Command {}

  /** The end {@code node} is now this actor (a node starting); it is told {@link ServingNode.LinkAttached}. */
  public record Attach(String node, ActorRef<ServingNode.Command> ref) implements Command {}

  public record GetStats(ActorRef<LinkStats> replyTo) implements Command {}

  /** Between two requests: report the link's memory and counters for a checkpoint. */
  public record Snapshot(ActorRef<Snapshotted> replyTo) implements Command {}

  /** A resumed run: carry on from a snapshot of this link; then {@link Snapshotted}. */
  public record Restore(Snapshotted snapshot, ActorRef<Snapshotted> replyTo) implements Command {}

  /** What a link holds between two requests: its model's memory and its counters. */
  public record Snapshotted(String linkId, DigitalLinkModel.State model, LinkStats stats) implements CborSerializable {}

  /** The link's state for a probe, with its counters so far (what is known of it if its JVM dies). */
  public record State(String linkId, double bitsPerSecond, boolean partitioned, LinkStats stats) implements CborSerializable {}

  private final DigitalLinkModel model;
  private final LinkSpec spec;
  private final double timeScale;
  private final Map<String, ActorRef<ServingNode.Command>> ends = new HashMap<>();
  private final Map<String, List<ServingNode.Command>> waiting = new HashMap<>();
  private long bytesSent;
  private long messagesSent;
  private long messagesDropped;
  private long messagesDuplicated;
  private final LiveMetrics live;

  public static Behavior<Command> create(LinkSpec spec, List<FaultSpec> faults, long seed, double timeScale) {
    return Behaviors.setup(ctx -> new ServingLink(ctx, spec, faults, seed, timeScale));
  }

  private ServingLink(ActorContext<Command> ctx, LinkSpec spec, List<FaultSpec> faults, long seed, double timeScale) {
    super(ctx);
    this.spec = spec;
    this.model = new DigitalLinkModel(spec, faults, seed);
    this.timeScale = timeScale;
    this.live = LiveMetricsExtension.of(ctx.getSystem());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Carry.class, this::onCarry)
        .onMessage(Release.class, this::onRelease)
        .onMessage(Probe.class, this::onProbe)
        .onMessage(Attach.class, this::onAttach)
        .onMessage(GetStats.class, this::onGetStats)
        .onMessage(Snapshot.class, s -> snapshotted(s.replyTo()))
        .onMessage(Restore.class, this::onRestore)
        .build();
  }

  private Behavior<Command> onCarry(Carry carry) {
    Direction direction = Direction.of(spec, carry.senderNode());
    ServingMessage message = carry.message();
    Transmission t = model.transmit(direction, message.request(), message.attempt(), message.payloadBytes(), message.timeMs());
    messagesSent++;
    bytesSent += t.bytes();
    if (t.dropped()) messagesDropped++;
    if (t.duplicated()) messagesDuplicated++;
    live.transmitted(spec.id(), t.bytes(), t.dropped(), t.duplicated());
    boolean toDestination = direction == Direction.FORWARD;
    if (t.dropped()) tell(!toDestination, new ServingNode.Lost(message));
    for (Delivery d : t.inArrivalOrder()) {
      Span transfer = new Span(spec.id(), Span.Phase.TRANSFER, t.sendTimeMs(), d.deliveryTimeMs(), t.bytes());
      deliver(toDestination, message.deliveredAt(d.deliveryTimeMs(), transfer), d.wallDelay(t, timeScale));
    }
    return this;
  }

  /** Tells an end, or keeps the message until that end has attached. */
  private void tell(boolean destination, ServingNode.Command message) {
    String node = destination ? spec.to() : spec.from();
    ActorRef<ServingNode.Command> end = ends.get(node);
    if (end == null) waiting.computeIfAbsent(node, n -> new ArrayList<>()).add(message);
    else end.tell(message);
  }

  private void deliver(boolean toDestination, ServingMessage message, Duration delay) {
    if (delay.isZero()) {
      tell(toDestination, new ServingNode.Deliver(message));
    } else {
      getContext().scheduleOnce(delay, getContext().getSelf(), new Release(toDestination, message));
    }
  }

  private Behavior<Command> onRelease(Release release) {
    deliver(release.toDestination(), release.message(), Duration.ZERO);
    return this;
  }

  private Behavior<Command> onProbe(Probe probe) {
    LinkConditions c = model.conditionsFor(probe.request(), probe.timeMs());
    probe.replyTo().tell(new State(spec.id(), c.bitsPerSecond(), c.partitioned(), stats()));
    return this;
  }

  private Behavior<Command> onAttach(Attach attach) {
    ends.put(attach.node(), attach.ref());
    attach.ref().tell(new ServingNode.LinkAttached(attach.node().equals(spec.from()) ? spec.to() : spec.from()));
    List<ServingNode.Command> held = waiting.remove(attach.node());
    if (held != null) held.forEach(attach.ref()::tell);
    return this;
  }

  private Behavior<Command> onGetStats(GetStats get) {
    get.replyTo().tell(stats());
    return this;
  }

  private Behavior<Command> snapshotted(ActorRef<Snapshotted> replyTo) {
    replyTo.tell(new Snapshotted(spec.id(), model.state(), stats()));
    return this;
  }

  private Behavior<Command> onRestore(Restore restore) {
    LinkStats s = restore.snapshot().stats();
    model.restore(restore.snapshot().model());
    bytesSent = s.bytesSent();
    messagesSent = s.messagesSent();
    messagesDropped = s.messagesDropped();
    messagesDuplicated = s.messagesDuplicated();
    return snapshotted(restore.replyTo());
  }

  private LinkStats stats() {
    return new LinkStats(spec.id(), bytesSent, messagesSent, messagesDropped, messagesDuplicated, 0);
  }
}
