package io.edgeweave.collab.actors;

import io.edgeweave.channel.DigitalLinkModel;
import io.edgeweave.channel.Direction;
import io.edgeweave.collab.DeviceUpdate;
import io.edgeweave.collab.LinkTransfer;
import io.edgeweave.collab.RoundModel;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.RuntimeSpec;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The wireless link between the cloud and one device for one round: the connection a selected device opens,
 * spawned by the cloud when it selects the device and stopped when the round closes, so an idle device
 * costs no link. It carries the round's model down and the device's update up, each direction at the
 * device's own drawn rate; the link model decides losses (resent in virtual time), duplicates and arrival
 * times. Before delivering, it reports each transfer to the cloud.
 */
public final class DeviceLink extends AbstractBehavior<DeviceLink.Command> {
  public interface Command extends CborSerializable {}

  /**
   * Carry the round's model to the device.
   *
   * @param deviceClockMs the device's virtual clock, passed on with the model
   */
  public record Down(RoundModel model, double deviceClockMs) implements Command {}

  /** Carry the device's update to the cloud. */
  public record Up(DeviceUpdate update) implements Command {}

  /** Where the link delivers the model: the device's actor, or its group's entity. */
  @FunctionalInterface
  public interface Inbox {
    void deliver(CollaborativeDevice.Train train);
  }

  private final int device;
  private final DigitalLinkModel downlink;
  private final DigitalLinkModel uplink;
  private final RuntimeSpec runtime;
  private final Inbox inbox;
  private final ActorRef<CollaborativeCloud.Command> cloud;

  public static Behavior<Command> create(
      int device,
      LinkSpec downlink,
      LinkSpec uplink,
      long seed,
      RuntimeSpec runtime,
      Inbox inbox,
      ActorRef<CollaborativeCloud.Command> cloud) {
    return Behaviors.setup(ctx -> new DeviceLink(ctx, device, downlink, uplink, seed, runtime, inbox, cloud));
  }

  private DeviceLink(
      ActorContext<Command> ctx,
      int device,
      LinkSpec downlink,
      LinkSpec uplink,
      long seed,
      RuntimeSpec runtime,
      Inbox inbox,
      ActorRef<CollaborativeCloud.Command> cloud) {
    super(ctx);
    this.device = device;
    this.downlink = new DigitalLinkModel(downlink, List.of(), seed);
    this.uplink = new DigitalLinkModel(uplink, List.of(), seed);
    this.runtime = runtime;
    this.inbox = inbox;
    this.cloud = cloud;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(Down.class, this::onDown).onMessage(Up.class, this::onUp).build();
  }

  private Behavior<Command> onDown(Down down) {
    RoundModel model = down.model();
    LinkTransfer t = transfer(downlink, Direction.FORWARD, model.round(), model.bytes(), model.sentAtMs());
    report(model.round(), false, model.sentAtMs(), t);
    for (double at : t.arrivalsMs()) {
      inbox.deliver(new CollaborativeDevice.Train(model, at, down.deviceClockMs(), getContext().getSelf(), cloud));
    }
    return this;
  }

  private Behavior<Command> onUp(Up up) {
    DeviceUpdate update = up.update();
    LinkTransfer t = transfer(uplink, Direction.BACKWARD, update.round(), update.bytes(), update.sentAtMs());
    report(update.round(), true, update.sentAtMs(), t);
    for (double at : t.arrivalsMs()) cloud.tell(new CollaborativeCloud.UpdateArrived(update, at));
    return this;
  }

  private LinkTransfer transfer(DigitalLinkModel link, Direction direction, int round, long bytes, double sentAtMs) {
    return LinkTransfer.send(
        link, direction, round, bytes, sentAtMs, runtime.retryTimeout().toNanos() / 1e6, runtime.maxRetries());
  }

  private void report(int round, boolean up, double sentAtMs, LinkTransfer t) {
    cloud.tell(new CollaborativeCloud.Transferred(
        round, device, up, sentAtMs, t.bytesSent(), t.attempts(), t.arrivalsMs().size()));
  }
}
