package io.edgeweave.training.actors;

import io.edgeweave.channel.Delivery;
import io.edgeweave.channel.DigitalLinkModel;
import io.edgeweave.channel.Direction;
import io.edgeweave.channel.LinkState;
import io.edgeweave.channel.Medium;
import io.edgeweave.channel.NoiseStreams;
import io.edgeweave.channel.Transmission;
import io.edgeweave.fault.LinkConditions;
import io.edgeweave.metrics.LiveMetrics;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.LinkStats;
import io.edgeweave.runtime.LiveMetricsExtension;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.RuntimeSpec;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.training.Inference;
import io.edgeweave.training.Span;
import io.edgeweave.training.StepMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A link between two nodes. It alone knows the link's state: its {@link Medium} decides what a message's
 * values become on the way (unchanged on a digital link; through the MIMO channel H, which no node ever
 * sees, on an over-the-air link; quantised on the digital MIMO baseline) and how long they occupy the
 * medium; the link model decides, from the scenario seed, whether each message is lost, duplicated or
 * held back and when it arrives in virtual time; the actor stamps the delivery time and hands the message's
 * copies to the node at the other end at once, earliest virtual arrival first (a copy held back arrives later in
 * virtual time, never later on the wall clock, so what a node receives never depends on the machine's load). A lost
 * message is sent again by the link, as a link-layer acknowledgement timeout would have its sender do: the retry
 * timeout later in virtual time, as the next attempt, right away on the wall clock, so that it takes its place in
 * the link's transmit queue in the order its sender sent it, whatever else the sender does meanwhile. After
 * {@code maxRetries} resends the link gives up and tells the sender.
 */
public final class WirelessLink extends AbstractBehavior<WirelessLink.Command> {
  public interface Command extends CborSerializable {}

  /** Carry a message from one end to the other. */
  public record Carry(String senderNode, StepMessage message) implements Command {}

  /** Carry a test batch forward, through the medium only (no virtual time, no packet faults). */
  public record CarryInference(Inference inference) implements Command {}

  /** Hand a paced message's copies over now, earliest virtual arrival first. */
  record Release(boolean toDestination, List<StepMessage> copies) implements Command {}

  public record GetStats(ActorRef<LinkStats> replyTo) implements Command {}

  /** Report the link's state for a checkpoint. */
  public record SaveState(ActorRef<StateSaved> replyTo) implements Command {}

  public record StateSaved(String linkId, LinkState state) implements CborSerializable {}

  private final DigitalLinkModel model;
  private final Medium medium;
  private final NoiseStreams noise;
  private final LinkSpec spec;
  private final double timeScale;
  private final double retryTimeoutMs;
  private final int maxRetries;
  private final ActorRef<PartitionHost.Command> fromNode;
  private final ActorRef<PartitionHost.Command> toNode;
  private long bytesSent;
  private long messagesSent;
  private long messagesDropped;
  private long messagesDuplicated;
  private double channelUses;
  private final LiveMetrics live;

  /** @param resumeFrom the link's state in a checkpoint; empty for a fresh link */
  public static Behavior<Command> create(
      LinkSpec spec,
      List<FaultSpec> faults,
      long seed,
      RuntimeSpec runtime,
      ActorRef<PartitionHost.Command> fromNode,
      ActorRef<PartitionHost.Command> toNode,
      Optional<LinkState> resumeFrom) {
    return Behaviors.setup(ctx -> new WirelessLink(ctx, spec, faults, seed, runtime, fromNode, toNode, resumeFrom));
  }

  private WirelessLink(
      ActorContext<Command> ctx,
      LinkSpec spec,
      List<FaultSpec> faults,
      long seed,
      RuntimeSpec runtime,
      ActorRef<PartitionHost.Command> fromNode,
      ActorRef<PartitionHost.Command> toNode,
      Optional<LinkState> resumeFrom) {
    super(ctx);
    this.spec = spec;
    this.model = new DigitalLinkModel(spec, faults, seed);
    this.medium = Medium.of(spec, seed);
    this.noise = new NoiseStreams(seed, spec.id());
    this.timeScale = runtime.timeScale();
    this.retryTimeoutMs = runtime.retryTimeout().toNanos() / 1e6;
    this.maxRetries = runtime.maxRetries();
    this.fromNode = fromNode;
    this.toNode = toNode;
    this.live = LiveMetricsExtension.of(ctx.getSystem());
    resumeFrom.ifPresent(this::restore);
  }

  private void restore(LinkState state) {
    model.restore(state.model());
    bytesSent = state.bytesSent();
    messagesSent = state.messagesSent();
    messagesDropped = state.messagesDropped();
    messagesDuplicated = state.messagesDuplicated();
    channelUses = state.channelUses();
    if (!state.channelEpochStarts().isEmpty()) medium.restoreChannelEpochStarts(state.channelEpochStarts());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Carry.class, this::onCarry)
        .onMessage(CarryInference.class, this::onCarryInference)
        .onMessage(Release.class, this::onRelease)
        .onMessage(GetStats.class, this::onGetStats)
        .onMessage(SaveState.class, this::onSaveState)
        .build();
  }

  /** Transmits a message, and again while it is lost, up to {@code maxRetries} resends. */
  private Behavior<Command> onCarry(Carry carry) {
    StepMessage sent = carry.message();
    while (!transmitted(carry.senderNode(), sent)) {
      if (sent.attempt() >= maxRetries) {
        (Direction.of(spec, carry.senderNode()) == Direction.FORWARD ? fromNode : toNode).tell(new PartitionHost.Lost(sent));
        break;
      }
      sent = sent.retried(carry.senderNode(), retryTimeoutMs);
    }
    return this;
  }

  /** Puts one attempt of a message on the link; hands its copies over unless it is lost (false). */
  private boolean transmitted(String senderNode, StepMessage sent) {
    Direction direction = Direction.of(spec, senderNode);
    LinkConditions conditions = model.conditionsFor(sent.step(), sent.timeMs());
    Medium.Carried carried =
        medium.carry(
            direction,
            sent.values(),
            sent.sideBytes(),
            sent.step(),
            noise.training(direction, sent.step(), sent.transmission()),
            conditions);
    StepMessage message = sent.withValues(carried.values());
    Transmission t =
        model.transmit(
            direction, sent.step(), sent.transmission(), carried.bytes(), sent.timeMs(), conditions, carried.airtimeMs());
    messagesSent++;
    bytesSent += t.bytes();
    channelUses += carried.channelUses();
    if (t.dropped()) messagesDropped++;
    if (t.duplicated()) messagesDuplicated++;
    live.transmitted(spec.id(), t.bytes(), t.dropped(), t.duplicated());
    if (t.dropped()) return false;
    boolean toDestination = direction == Direction.FORWARD;
    List<Delivery> arrivals = t.inArrivalOrder();
    List<StepMessage> copies = new ArrayList<>(arrivals.size());
    for (Delivery d : arrivals) {
      Span transfer = new Span(spec.id(), Span.Phase.TRANSFER, t.sendTimeMs(), d.deliveryTimeMs(), t.bytes());
      copies.add(message.deliveredAt(d.deliveryTimeMs(), transfer));
    }
    // paced or not, the copies leave together, in virtual order: no timer can swap them
    Duration delay = arrivals.get(0).wallDelay(t, timeScale);
    if (delay.isZero()) deliver(toDestination, copies);
    else getContext().scheduleOnce(delay, getContext().getSelf(), new Release(toDestination, copies));
    return true;
  }

  private void deliver(boolean toDestination, List<StepMessage> copies) {
    copies.forEach(copy -> (toDestination ? toNode : fromNode).tell(new PartitionHost.Deliver(copy)));
  }

  private Behavior<Command> onCarryInference(CarryInference carry) {
    Inference sent = carry.inference();
    Tensor received =
        medium.carryTest(
            sent.values(),
            sent.step(),
            noise.inference(sent.round(), sent.batch()),
            noise.testChannel(sent.round(), sent.batch()),
            model.conditionsFor(sent.step(), sent.timeMs()));
    toNode.tell(new PartitionHost.Infer(sent.withValues(received)));
    return this;
  }

  private Behavior<Command> onRelease(Release release) {
    deliver(release.toDestination(), release.copies());
    return this;
  }

  private Behavior<Command> onSaveState(SaveState save) {
    LinkState state =
        new LinkState(
            model.state(), bytesSent, messagesSent, messagesDropped, messagesDuplicated, channelUses,
            medium.channelEpochStarts());
    save.replyTo().tell(new StateSaved(spec.id(), state));
    return this;
  }

  private Behavior<Command> onGetStats(GetStats get) {
    get.replyTo().tell(new LinkStats(spec.id(), bytesSent, messagesSent, messagesDropped, messagesDuplicated, channelUses));
    return this;
  }
}
