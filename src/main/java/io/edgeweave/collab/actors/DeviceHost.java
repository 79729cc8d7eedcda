package io.edgeweave.collab.actors;

import io.edgeweave.collab.Fleet;
import io.edgeweave.collab.RoundModel;
import io.edgeweave.data.DataException;
import io.edgeweave.data.TrainTest;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.HeapGauge;
import io.edgeweave.runtime.HostedJvm;
import io.edgeweave.runtime.HostedRuns;
import io.edgeweave.runtime.JvmService;
import io.edgeweave.runtime.NodeAgent;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.NodeRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The devices of collaborative runs on one JVM: a {@link JvmService}, registered with the receptionist, that spawns
 * the devices a run's {@link FleetDeployer} places here, as its children on the compute dispatcher. A device is
 * rebuilt from the seed: its shard and rates come from the run's {@link Fleet}, built once per run on this JVM over
 * this JVM's copy of the data (checked against the director's fingerprint). Devices live and die with the JVM. In a
 * cluster it also starts the sharding of {@link DeviceGroup}s, whose groups share its fleets, and stops a run's groups
 * here when the run is released. Its groups take each round's model from it: it asks the cloud once per round, when a
 * group first needs it, and keeps only the newest round's.
 */
public final class DeviceHost extends AbstractBehavior<DeviceHost.Command> {
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "edgeweave-device-hosts");

  /** Starts a host beside every node agent. */
  public static final class Service implements JvmService {
    @Override
    public String name() {
      return "device-host";
    }

    @Override
    public Behavior<Command> create(HostedJvm jvm) {
      return DeviceHost.create(jvm);
    }
  }

  public interface Command extends CborSerializable {}

  public record Describe(ActorRef<Description> replyTo) implements Command {}

  public record Description(String jvm, Set<NodeRole> roles, ActorRef<Command> host) implements CborSerializable {}

  /** Spawn {@code devices} (ascending) of the run. */
  public record HostDevices(FleetSpec fleet, int[] devices, ActorRef<Hosted> replyTo) implements Command {}

  /** Stop every device of the run on this JVM. */
  public record Release(String runId) implements Command {}

  /** A kill-jvm fault strikes this JVM: its agent halts it (in one JVM, stops, with this host and its devices). */
  public record Strike(FaultSpec fault) implements Command {}

  /** A JVM left the cluster: the runs it directed are over here. */
  record JvmLeft(Address address) implements Command, NoSerializationVerificationNeeded {}

  /** A group of the run woke on this JVM, at the request of {@code requester}. */
  record GroupWoken(String runId, ActorRef<DeviceGroup.Command> group, int devices, ActorRef<?> requester)
      implements Command, NoSerializationVerificationNeeded {}

  /** A group of the run here stopped (moved to another JVM, or released). */
  record GroupStopped(String runId, ActorRef<DeviceGroup.Command> group, int devices)
      implements Command, NoSerializationVerificationNeeded {}

  /** A group of the run here waits for the model of {@code round}: get it from {@code cloud} unless asked already. */
  record ModelWanted(
      String runId, int round, ActorRef<CollaborativeCloud.Command> cloud, ActorRef<DeviceGroup.Command> group)
      implements Command, NoSerializationVerificationNeeded {}

  /** The cloud's answer to {@link CollaborativeCloud.SendModel}: the model of a round of the run, for every group here. */
  public record ModelOfRound(String runId, RoundModel model) implements Command {}

  /** Collect garbage, then reply with the heap in use and the devices hosted here (measurements). */
  public record MeasureHeap(ActorRef<HeapMeasured> replyTo) implements Command {}

  /** @param devices devices of every run on this JVM: device actors and devices of groups */
  public record HeapMeasured(String jvm, long heapBytes, long devices) implements CborSerializable {}

  /** A reply to {@link HostDevices}. */
  public interface Hosted extends CborSerializable {}

  public record DevicesHosted(HostedDevices hosted) implements Hosted {}

  public record HostingFailed(String reason) implements Hosted {}

  private final HostedJvm jvm;
  private final ActorSystem<?> system;
  private final int computeThreads;
  /** The fleets of runs with devices here: groups build them on their own threads. */
  private final Map<String, Fleet> fleets = new ConcurrentHashMap<>();
  private final Map<String, Set<ActorRef<DeviceGroup.Command>>> groups = new HashMap<>();
  /** The newest round's model of each run here, which groups read on their own threads; the groups waiting for one. */
  private final Map<String, RoundModel> models = new ConcurrentHashMap<>();
  private final Map<String, Waiting> waiting = new HashMap<>();
  private final HostedRuns runs;
  /** Devices hosted here, by run. */
  private final Map<String, Long> devicesHere = new HashMap<>();

  public static Behavior<Command> create(HostedJvm jvm) {
    return Behaviors.setup(ctx -> new DeviceHost(ctx, jvm));
  }

  private DeviceHost(ActorContext<Command> ctx, HostedJvm jvm) {
    super(ctx);
    this.jvm = jvm;
    this.system = ctx.getSystem();
    this.computeThreads = ctx.getSystem().settings().config().getInt(CollaborativeTrainingDirector.COMPUTE_THREADS);
    this.runs = HostedRuns.of(ctx, jvm.name(), JvmLeft::new);
    ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
    if (HostedRuns.clustered(ctx.getSystem())) DeviceGroup.init(ctx.getSystem(), jvm.name(), new Groups(ctx.getSelf()));
  }

  /** What the device groups on this JVM share through its host. */
  private final class Groups implements DeviceGroup.FleetSource {
    private final ActorRef<Command> host;

    Groups(ActorRef<Command> host) {
      this.host = host;
    }

    @Override
    public Fleet fleet(FleetSpec spec) {
      return fleets.computeIfAbsent(spec.runId(), id -> DeviceHost.this.fleet(spec));
    }

    @Override
    public void woken(String runId, ActorRef<DeviceGroup.Command> group, int devices, ActorRef<?> requester) {
      host.tell(new GroupWoken(runId, group, devices, requester));
    }

    @Override
    public Optional<RoundModel> model(
        String runId, int round, ActorRef<CollaborativeCloud.Command> cloud, ActorRef<DeviceGroup.Command> group) {
      RoundModel model = models.get(runId);
      if (model != null && model.round() == round) return Optional.of(model);
      host.tell(new ModelWanted(runId, round, cloud, group));
      return Optional.empty();
    }
  }

  /** Groups of a run waiting for the model of {@code round}, asked of the cloud. */
  private record Waiting(int round, List<ActorRef<DeviceGroup.Command>> groups) {}

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Describe.class, this::onDescribe)
        .onMessage(HostDevices.class, this::onHostDevices)
        .onMessage(GroupWoken.class, this::onGroupWoken)
        .onMessage(GroupStopped.class, this::onGroupStopped)
        .onMessage(ModelWanted.class, this::onModelWanted)
        .onMessage(ModelOfRound.class, this::onModelOfRound)
        .onMessage(MeasureHeap.class, m -> {
          m.replyTo().tell(new HeapMeasured(jvm.name(), HeapGauge.afterCollection(),
              devicesHere.values().stream().mapToLong(Long::longValue).sum()));
          return this;
        })
        .onMessage(Strike.class, strike -> {
          jvm.agent().tell(new NodeAgent.Strike(strike.fault()));
          return this;
        })
        .onMessage(Release.class, r -> release(List.of(r.runId())))
        .onMessage(JvmLeft.class, left -> release(runs.directedFrom(left.address())))
        .build();
  }

  private Behavior<Command> onDescribe(Describe describe) {
    describe.replyTo().tell(new Description(jvm.name(), jvm.roles(), getContext().getSelf()));
    return this;
  }

  private Behavior<Command> onHostDevices(HostDevices host) {
    FleetSpec spec = host.fleet();
    Fleet fleet;
    try {
      fleet = fleets.computeIfAbsent(spec.runId(), id -> fleet(spec));
    } catch (DataException e) {
      host.replyTo().tell(new HostingFailed("JVM " + jvm.name() + ": " + e.getMessage()));
      return this;
    }
    runs.hosting(spec.runId(), host.replyTo());
    DispatcherSelector compute = DispatcherSelector.fromConfig(ScenarioDirector.COMPUTE_DISPATCHER);
    List<ActorRef<CollaborativeDevice.Command>> refs = new ArrayList<>(host.devices().length);
    devicesHere.merge(spec.runId(), (long) host.devices().length, Long::sum);
    for (int device : host.devices()) {
      refs.add(getContext().spawn(CollaborativeDevice.create(device, fleet), childName(spec.runId(), device), compute));
    }
    host.replyTo().tell(new DevicesHosted(new HostedDevices(getContext().getSelf(), jvm.name(), host.devices(), refs, null)));
    return this;
  }

  private Behavior<Command> onGroupWoken(GroupWoken woken) {
    runs.hosting(woken.runId(), woken.requester());
    if (!groups.computeIfAbsent(woken.runId(), id -> new HashSet<>()).add(woken.group())) return this; // woken again
    devicesHere.merge(woken.runId(), (long) woken.devices(), Long::sum);
    getContext().watchWith(woken.group(), new GroupStopped(woken.runId(), woken.group(), woken.devices()));
    return this;
  }

  private Behavior<Command> onGroupStopped(GroupStopped stopped) {
    Set<ActorRef<DeviceGroup.Command>> mine = groups.get(stopped.runId());
    if (mine != null && mine.remove(stopped.group())) {
      devicesHere.computeIfPresent(stopped.runId(), (id, n) -> n - stopped.devices());
    }
    return this;
  }

  /** A group's wish for a round's model: answered now if here, else once the cloud answers; an older round's, never. */
  private Behavior<Command> onModelWanted(ModelWanted wanted) {
    RoundModel model = models.get(wanted.runId());
    if (model != null && model.round() >= wanted.round()) {
      if (model.round() == wanted.round()) wanted.group().tell(new DeviceGroup.ModelArrived(model));
      return this;
    }
    Waiting w = waiting.get(wanted.runId());
    if (w == null || w.round() < wanted.round()) {
      w = new Waiting(wanted.round(), new ArrayList<>());
      waiting.put(wanted.runId(), w);
      wanted.cloud().tell(new CollaborativeCloud.SendModel(wanted.runId(), wanted.round(), getContext().getSelf()));
    }
    if (w.round() == wanted.round()) w.groups().add(wanted.group());
    return this;
  }

  /** Keeps a round's model in place of the run's older one, and hands it to the groups waiting for it. */
  private Behavior<Command> onModelOfRound(ModelOfRound received) {
    String runId = received.runId();
    RoundModel model = received.model();
    RoundModel held = models.get(runId);
    if (!fleets.containsKey(runId) || (held != null && held.round() >= model.round())) return this;
    models.put(runId, model);
    Waiting w = waiting.get(runId);
    if (w != null && w.round() <= model.round()) {
      waiting.remove(runId);
      if (w.round() == model.round()) w.groups().forEach(group -> group.tell(new DeviceGroup.ModelArrived(model)));
    }
    return this;
  }

  private Fleet fleet(FleetSpec spec) {
    TrainTest data = jvm.data().load(spec.data(), spec.model(), spec.seed(), spec.fingerprint());
    return Fleet.of(spec.workload(), spec.model(), spec.data().sharding(), spec.seed(), data, computeThreads,
        TrainingMeters.of(system, spec.runId()));
  }

  private Behavior<Command> release(List<String> runIds) {
    for (String runId : runIds) {
      fleets.remove(runId);
      models.remove(runId);
      waiting.remove(runId);
      groups.getOrDefault(runId, Set.of()).forEach(group -> group.tell(DeviceGroup.Stop.INSTANCE));
      groups.remove(runId);
      devicesHere.remove(runId);
      TrainingMeters.release(getContext().getSystem(), runId);
      runs.release(runId);
    }
    return this;
  }

  /** The device's actor name: it ends in {@link Fleet#deviceName}, which the cloud reads back from a stopped actor. */
  private static String childName(String runId, int device) {
    return HostedRuns.childName(runId, Fleet.deviceName(device));
  }
}
