package io.edgeweave.collab.actors;

import io.edgeweave.collab.DeviceFate;
import io.edgeweave.collab.Fleet;
import io.edgeweave.collab.RoundModel;
import io.edgeweave.data.DataException;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.scenario.NodeRole;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Consecutive devices of a collaborative run on a cluster, as one entity of Cluster Sharding (ADR 0024): the
 * sharding puts it on a JVM of role edge and, when that JVM leaves, starts it again on another. Its entity id names
 * the run and the group; everything else it rebuilds from the seed when {@link Wake}d: the run's {@link Fleet} (one
 * per JVM, shared by the JVM's groups through its {@link DeviceHost}) gives each device its shard and rates. Idle, it
 * holds that reference and the set of devices that trained in the current round, so a device costs a group a bit.
 * A device of the group trains as a {@link CollaborativeDevice} does, but a crash is told to the cloud rather than
 * failing the actor, which holds the group's other devices too.
 *
 * <p>A round's model crosses to a JVM once, not once per device: a {@link Train} names its round only, and the group
 * takes the model's tensor from its JVM's {@link DeviceHost}, which asks the cloud for it the first time one of its
 * groups needs it in a round. Until it is there, the group keeps the round's trains.
 */
public final class DeviceGroup extends AbstractBehavior<DeviceGroup.Command> {
  public static final EntityTypeKey<Command> KEY = EntityTypeKey.create(Command.class, "edgeweave-device-group");

  /** Settings of the device entities' sharding: {@code edgeweave.device-sharding}. */
  static final String SHARDING = "edgeweave.device-sharding";

  public interface Command extends CborSerializable {}

  /** Build the run's fleet on this JVM if needed, then reply with the group's devices and actor. */
  public record Wake(FleetSpec fleet, ActorRef<DeviceHost.Hosted> replyTo) implements Command {}

  /**
   * Round {@code round}'s model for one of the group's devices, as its link delivers it, but by round number: the
   * group takes the model itself from its JVM. The other fields are those of {@link CollaborativeDevice.Train}.
   */
  public record Train(
      int device,
      int round,
      double arrivedAtMs,
      double clockMs,
      ActorRef<DeviceLink.Command> link,
      ActorRef<CollaborativeCloud.Command> cloud)
      implements Command {
    static Train of(int device, CollaborativeDevice.Train train) {
      return new Train(device, train.model().round(), train.arrivedAtMs(), train.clockMs(), train.link(), train.cloud());
    }

    CollaborativeDevice.Train with(RoundModel model) {
      return new CollaborativeDevice.Train(model, arrivedAtMs, clockMs, link, cloud);
    }
  }

  /** The model a group waits for reached its JVM. */
  record ModelArrived(RoundModel model) implements Command, NoSerializationVerificationNeeded {}

  /** The run is over: stop. */
  public enum Stop implements Command {
    INSTANCE
  }

  private final String entityId;
  private final String runId;
  private final String jvm;
  private final FleetSource fleets;
  private Fleet fleet;
  private int first;
  private int round = -1;
  private BitSet trained;
  /** Trains of the current round that wait for its model to reach this JVM. */
  private final List<Train> waiting = new ArrayList<>();

  /** Where a group finds its run's fleet on its JVM, and says that it holds devices of that run. */
  interface FleetSource {
    Fleet fleet(FleetSpec spec);

    void woken(String runId, ActorRef<Command> group, int devices, ActorRef<?> requester);

    /**
     * The model of round {@code round} of the run if this JVM has it; if not, empty, and the JVM gets it from
     * {@code cloud} (once per round, whichever groups want it) and tells {@code group} ({@link ModelArrived}).
     */
    Optional<RoundModel> model(
        String runId, int round, ActorRef<CollaborativeCloud.Command> cloud, ActorRef<Command> group);

    /** Of a JVM that hosts no device groups (the director's): the sharding there is a proxy. */
    FleetSource NONE = new FleetSource() {
      @Override
      public Fleet fleet(FleetSpec spec) {
        throw new IllegalStateException("this JVM hosts no device groups");
      }

      @Override
      public void woken(String runId, ActorRef<Command> group, int devices, ActorRef<?> requester) {}

      @Override
      public Optional<RoundModel> model(
          String runId, int round, ActorRef<CollaborativeCloud.Command> cloud, ActorRef<Command> group) {
        throw new IllegalStateException("this JVM hosts no device groups");
      }
    };
  }

  /**
   * Starts the sharding of device groups in this actor system: entities on the JVMs of role edge, a proxy elsewhere.
   * On a JVM of role edge the first call must give the JVM's fleets (its {@link DeviceHost} does, as the JVM starts).
   */
  static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system, String jvm, FleetSource fleets) {
    ClusterShardingSettings settings =
        ClusterShardingSettings.fromConfig(system.settings().config().getConfig(SHARDING));
    return ClusterSharding.get(system).init(
        Entity.of(KEY, ctx -> DeviceGroup.create(ctx.getEntityId(), jvm, fleets))
            .withRole(NodeRole.EDGE.configName())
            .withSettings(settings)
            .withMessageExtractor(new ShardPerGroup())
            .withAllocationStrategy(new HomeJvmAllocation(system.address()))
            .withStopMessage(Stop.INSTANCE)
            .withEntityProps(DispatcherSelector.fromConfig(ScenarioDirector.COMPUTE_DISPATCHER)));
  }

  /**
   * The entity id of group {@code group} of run {@code runId}, whose home is the JVM at {@code home} (its address):
   * {@link HomeJvmAllocation} puts it there while that JVM is up.
   */
  public static String entityId(String runId, int group, String home) {
    return runId + "#" + group + "#" + home;
  }

  static String runOf(String entityId) {
    return entityId.substring(0, entityId.lastIndexOf('#', entityId.lastIndexOf('#') - 1));
  }

  static int groupOf(String entityId) {
    int end = entityId.lastIndexOf('#');
    return Integer.parseInt(entityId.substring(entityId.lastIndexOf('#', end - 1) + 1, end));
  }

  static String homeOf(String entityId) {
    return entityId.substring(entityId.lastIndexOf('#') + 1);
  }

  /** Each group is a shard of its own, named by its entity id, for {@link HomeJvmAllocation} to place. */
  private static final class ShardPerGroup extends ShardingMessageExtractor<ShardingEnvelope<Command>, Command> {
    @Override
    public String entityId(ShardingEnvelope<Command> envelope) {
      return envelope.entityId();
    }

    @Override
    public String shardId(String entityId) {
      return entityId;
    }

    @Override
    public Command unwrapMessage(ShardingEnvelope<Command> envelope) {
      return envelope.message();
    }
  }

  /** The devices of group {@code group}: {@code perEntity} consecutive ones, fewer in the last. */
  static int[] devices(int group, int perEntity, int fleetSize) {
    return IntStream.range(group * perEntity, Math.min(fleetSize, (group + 1) * perEntity)).toArray();
  }

  /** Groups of a fleet of {@code fleetSize}. */
  static int groups(int perEntity, int fleetSize) {
    return (fleetSize + perEntity - 1) / perEntity;
  }

  static Behavior<Command> create(String entityId, String jvm, FleetSource fleets) {
    return Behaviors.setup(ctx -> new DeviceGroup(ctx, entityId, jvm, fleets));
  }

  private DeviceGroup(ActorContext<Command> ctx, String entityId, String jvm, FleetSource fleets) {
    super(ctx);
    this.entityId = entityId;
    this.runId = runOf(entityId);
    this.jvm = jvm;
    this.fleets = fleets;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Wake.class, this::onWake)
        .onMessage(Train.class, this::onTrain)
        .onMessage(ModelArrived.class, this::onModelArrived)
        .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
        .build();
  }

  private Behavior<Command> onWake(Wake wake) {
    FleetSpec spec = wake.fleet();
    try {
      fleet = fleets.fleet(spec);
    } catch (DataException e) {
      wake.replyTo().tell(new DeviceHost.HostingFailed("JVM " + jvm + ": " + e.getMessage()));
      return this;
    }
    int group = groupOf(entityId);
    int[] devices = devices(group, spec.devicesPerEntity(), fleet.size());
    first = group * spec.devicesPerEntity();
    fleets.woken(runId, getContext().getSelf(), devices.length, wake.replyTo());
    wake.replyTo().tell(new DeviceHost.DevicesHosted(
        new HostedDevices(getContext().getSelf(), jvm, devices, List.of(), entityId)));
    return this;
  }

  /**
   * A duplicated delivery, or one of an earlier round, changes nothing; nor does one before the group was woken. A
   * round's trains wait for its model; those of an earlier round still waiting are dropped (that round is closed).
   */
  private Behavior<Command> onTrain(Train train) {
    int r = train.round();
    if (fleet == null || r < round) return this;
    if (r > round) {
      round = r;
      if (trained == null) trained = new BitSet();
      else trained.clear();
      waiting.clear();
    }
    int offset = train.device() - first;
    if (trained.get(offset)) return this;
    trained.set(offset);
    Optional<RoundModel> model =
        waiting.isEmpty() ? fleets.model(runId, r, train.cloud(), getContext().getSelf()) : Optional.empty();
    if (model.isPresent()) train(train, model.get());
    else waiting.add(train);
    return this;
  }

  private Behavior<Command> onModelArrived(ModelArrived arrived) {
    if (arrived.model().round() != round) return this;
    waiting.forEach(train -> train(train, arrived.model()));
    waiting.clear();
    return this;
  }

  private void train(Train train, RoundModel model) {
    if (CollaborativeDevice.train(fleet, train.device(), train.with(model)) == DeviceFate.Kind.CRASH) {
      train.cloud().tell(new CollaborativeCloud.Crashed(round, train.device()));
    }
  }
}
