package io.edgeweave.collab.actors;

import io.edgeweave.collab.DeviceFate;
import io.edgeweave.collab.DeviceRound;
import io.edgeweave.collab.Fleet;
import io.edgeweave.collab.RoundModel;
import io.edgeweave.runtime.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * An edge device of a collaborative run. Idle, it holds only its id and the last round it trained; its virtual
 * clock comes with each round's model (the cloud keeps it, as the device reported it), and its data is a shard of the fleet's shared training set, its rates are in the fleet's profiles, and
 * it borrows a network from the fleet's pool only while it trains (on the compute dispatcher). When a round's
 * model arrives it trains, then sends its update back through the link that brought the model, goes silent
 * (dropout: the simulation tells the cloud, which a real cloud would only learn at the deadline), or
 * crashes: its actor fails and stops, and the cloud, watching it for the round, sees it terminate. Its parent is the
 * {@link DeviceHost} of the JVM it lives on.
 */
public final class CollaborativeDevice extends AbstractBehavior<CollaborativeDevice.Command> {
  public interface Command extends CborSerializable {}

  /**
   * The round's model, delivered by the device's link at virtual time {@code arrivedAtMs}.
   *
   * @param clockMs the device's virtual clock: its last round's work ended then
   * @param link the link to send the update back through
   */
  public record Train(
      RoundModel model,
      double arrivedAtMs,
      double clockMs,
      ActorRef<DeviceLink.Command> link,
      ActorRef<CollaborativeCloud.Command> cloud)
      implements Command {}

  /** The failure of a device that crashes mid-round; its supervisor stops it without logging. */
  static final class Crash extends RuntimeException {
    Crash(int device, int round) {
      super(Fleet.deviceName(device) + " crashed in round " + round, null, false, false);
    }
  }

  private final int id;
  private final Fleet fleet;
  private int lastRound = -1;

  public static Behavior<Command> create(int id, Fleet fleet) {
    return Behaviors.supervise(Behaviors.<Command>setup(ctx -> new CollaborativeDevice(ctx, id, fleet)))
        .onFailure(Crash.class, SupervisorStrategy.stop().withLoggingEnabled(false));
  }

  private CollaborativeDevice(ActorContext<Command> ctx, int id, Fleet fleet) {
    super(ctx);
    this.id = id;
    this.fleet = fleet;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(Train.class, this::onTrain).build();
  }

  private Behavior<Command> onTrain(Train train) {
    int round = train.model().round();
    if (round <= lastRound) return this; // a duplicated delivery
    lastRound = round;
    if (train(fleet, id, train) == DeviceFate.Kind.CRASH) throw new Crash(id, round);
    return this;
  }

  /**
   * Device {@code id} of {@code fleet} trains on the round's model and sends its update up its link, or tells the cloud
   * it went silent; a crash is for the caller to show.
   */
  static DeviceFate.Kind train(Fleet fleet, int id, Train train) {
    int round = train.model().round();
    DeviceRound.Result result = DeviceRound.run(fleet, id, train.model(), train.arrivedAtMs(), train.clockMs());
    switch (result.fate().kind()) {
      case DROPOUT -> train.cloud().tell(new CollaborativeCloud.WentSilent(round, id, result.clockMs()));
      case NONE -> train.link().tell(new DeviceLink.Up(result.update()));
      case CRASH -> {}
    }
    return result.fate().kind();
  }
}
