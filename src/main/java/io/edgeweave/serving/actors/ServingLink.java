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

  /**
   * Report the link's state for request {@code request} at virtual time {@code timeMs}, for probe round {@code round};
   * {@code ahead}: asked while the request before is still served.
   */
  public record Probe(int request, double timeMs, int round, boolean ahead, ActorRef<State> replyTo) implements Command {}

  /** The end {@code node} is now this actor (a node starting); it is told {@link ServingNode.LinkAttached}. */
  public record Attach(String node, ActorRef<ServingNode.Command> ref) implements Command {}

  public record GetStats(ActorRef<LinkStats> replyTo) implements Command {}

  /** Between two requests: report the link's memory and counters for a checkpoint. */
  public record Snapshot(ActorRef<Snapshotted> replyTo) implements Command {}

  /** A resumed run: carry on from a snapshot of this link; then {@link Snapshotted}. */
  public record Restore(Snapshotted snapshot, ActorRef<Snapshotted> replyTo) implements Command {}

  /**
   * What a link holds between two requests: its model's memory and its counters.
   *
   * @param settled the counters of the requests before {@code newestRequest}, the newest request it carried a message of
   */
  public record Snapshotted(String linkId, DigitalLinkModel.State model, LinkStats stats, LinkStats settled, int newestRequest)
      implements CborSerializable {}

  /**
   * The link's state for a probe, with its counters (what is known of it if its JVM dies): all so far, or, for a probe
   * of request {@code p} asked ahead, those of the requests before {@code p - 1}, final while {@code p - 1} is in flight.
   */
  public record State(String linkId, int round, double bitsPerSecond, boolean partitioned, LinkStats stats)
      implements CborSerializable {}

  private final DigitalLinkModel model;
  private final LinkSpec spec;
  private final double timeScale;
  private final Map<String, ActorRef<ServingNode.Command>> ends = new HashMap<>();
  private final Map<String, List<ServingNode.Command>> waiting = new HashMap<>();
  private long bytesSent;
  private long messagesSent;
  private long messagesDropped;
  private long messagesDuplicated;
  /** The newest request this link carried a message of, and its counters of the requests before it. */
  private int newestRequest = -1;
  private LinkStats settled;
  /**
   * The request of the newest probe and its time: the fault windows a probe opens open when its request's first
   * message comes, or a later request is probed, as if at the probe (a probe asked ahead must not open a window
   * for the messages of the request still in flight). -1: none pending.
   */
  private int probedRequest = -1;
  private double probedAtMs;
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
    this.settled = stats();
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
    openProbedWindows(message.request());
    if (message.request() > newestRequest) {
      settled = stats();
      newestRequest = message.request();
    }
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
    openProbedWindows(probe.request() - 1);
    LinkConditions c = model.peekConditions(probe.request(), probe.timeMs());
    probedRequest = probe.request();
    probedAtMs = probe.timeMs();
    LinkStats counted = probe.ahead() && newestRequest >= probe.request() - 1 ? settled : stats();
    probe.replyTo().tell(new State(spec.id(), probe.round(), c.bitsPerSecond(), c.partitioned(), counted));
    return this;
  }

  /** Opens the windows of the pending probe if its request is {@code upTo} or earlier. */
  private void openProbedWindows(int upTo) {
    if (probedRequest < 0 || probedRequest > upTo) return;
    model.conditionsFor(probedRequest, probedAtMs);
    probedRequest = -1;
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
    replyTo.tell(new Snapshotted(spec.id(), model.state(), stats(), settled, newestRequest));
    return this;
  }

  private Behavior<Command> onRestore(Restore restore) {
    LinkStats s = restore.snapshot().stats();
    model.restore(restore.snapshot().model());
    bytesSent = s.bytesSent();
    messagesSent = s.messagesSent();
    messagesDropped = s.messagesDropped();
    messagesDuplicated = s.messagesDuplicated();
    // a checkpoint of an earlier version has no settled counters: they are the counters restored
    boolean settledKept = restore.snapshot().settled() != null;
    settled = settledKept ? restore.snapshot().settled() : s;
    newestRequest = settledKept ? restore.snapshot().newestRequest() : -1;
    return snapshotted(restore.replyTo());
  }

  private LinkStats stats() {
    return new LinkStats(spec.id(), bytesSent, messagesSent, messagesDropped, messagesDuplicated, 0);
  }
}
