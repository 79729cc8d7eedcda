package io.edgeweave.collab.actors;

import io.edgeweave.collab.DevicePlacement;
import io.edgeweave.collab.DeviceUpdate;
import io.edgeweave.collab.Fleet;
import io.edgeweave.collab.RoundCoordinator;
import io.edgeweave.collab.RoundModel;
import io.edgeweave.metrics.RoundRecord;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.RoundProgress;
import io.edgeweave.scenario.CollaborativeTrainingSpec;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * The cloud server of a collaborative run: runs the rounds one after another. For each round it selects the
 * devices, opens a {@link DeviceLink} to each and watches it for the round, sends the global model, accounts
 * for every device (update, straggler, dropout, crash, unreachable), and when the account is complete
 * aggregates, evaluates when due and reports the round. A wall-clock safety net closes a round that hears
 * nothing for {@code runtime.response-timeout}, counting the silent devices as unanswered. The round logic is
 * in {@link RoundCoordinator}. It starts at the round its start state names (the first, or the one after a
 * checkpoint) and reports every round with the state after it, from which a run can resume.
 *
 * <p>It watches the JVMs that host devices (on a cluster, the {@link DeviceGroup} entities). When one is lost, its
 * devices selected in the open round count as crashed for that round, and the next round opens only once the
 * {@link FleetDeployer} has hosted them elsewhere (on a cluster, once sharding has started their groups again).
 *
 * <p>A kill-jvm fault of the scenario strikes as its round is to open, and its effect is decided here, not by timing:
 * the devices on the struck edge JVM are those that {@link DevicePlacement#after} puts there given the faults before
 * (so a resumed run, placed afresh, finds the same). The cloud has the JVM halted and waits until every host there is
 * lost and its devices hosted elsewhere; then it opens the round, in which those devices that are selected count as
 * crashed (their model is sent and goes nowhere). Later rounds use them where they now live.
 *
 * <p>On a cluster, before a round opens it spreads the groups evenly over the edge JVMs up: an edge JVM that joined
 * mid-run takes groups over between two rounds ({@link #spread}).
 */
public final class CollaborativeCloud extends AbstractBehavior<CollaborativeCloud.Command> {
  private static final long PROGRESS_EVERY_NANOS = 500_000_000L;
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  public interface Command extends CborSerializable {}

  public enum Start implements Command {
    INSTANCE
  }

  /** A device's update, delivered by its link at virtual time {@code arrivedAtMs}. */
  public record UpdateArrived(DeviceUpdate update, double arrivedAtMs) implements Command {}

  /**
   * A link's report of one transfer, sent before it delivers anything.
   *
   * @param sentAtMs virtual time of the first attempt
   * @param copies arrivals at the far end: 0 when every attempt was lost
   */
  public record Transferred(
      int round, int device, boolean uplink, double sentAtMs, long bytes, int attempts, int copies)
      implements Command {}

  /**
   * A device went silent in a round (the simulation's notice; see {@link CollaborativeDevice}).
   *
   * @param clockMs the device's virtual clock when it went silent
   */
  public record WentSilent(int round, int device, double clockMs) implements Command {}

  /** A device of a {@link DeviceGroup} crashed in a round (its group lives on). */
  public record Crashed(int round, int device) implements Command {}

  /**
   * A JVM that hosts device groups asks for the model of round {@code round}, which it has not: the cloud sends it
   * ({@link DeviceHost.ModelOfRound}) if that is the round it last opened.
   */
  public record SendModel(String runId, int round, ActorRef<DeviceHost.Command> replyTo) implements Command {}

  /** Closes the open round if its account is complete (for a round that selected no device). */
  enum CloseIfReady implements Command {
    INSTANCE
  }

  /** Checks whether the open round has heard anything since the last check. */
  record CheckProgress(int round) implements Command {}

  /** Opens a round after the signals already queued (a lost JVM's) have been seen. */
  record OpenRound(int round) implements Command {}

  /** Devices of a lost JVM, or of a group moved between rounds, hosted again. */
  public record DevicesMoved(HostedDevices hosted) implements Command {}

  /** On a cluster, the edge JVMs up that the fleet spreads over, from the {@link FleetDeployer}. */
  public record EdgeJvmsUp(List<String> jvms) implements Command {}

  /** What the cloud tells its director. */
  public interface Event extends CborSerializable {}

  /** @param state the cloud after the round: a run resumes from it */
  public record RoundClosed(RoundRecord record, RoundCoordinator.State state) implements Event {}

  public record Progress(RoundProgress progress) implements Event {}

  /**
   * A kill-jvm fault struck edge JVM {@code jvm} before round {@code round}, which opened {@code stillMs} of wall time
   * later with {@code crashed} of its devices crashed with the JVM.
   */
  public record JvmStruck(int round, String jvm, int crashed, double stillMs) implements Event {}

  /** All rounds done: the final global model and virtual time. */
  public record Finished(Tensor global, double virtualTimeMs) implements Event {}

  private final CollaborativeTrainingSpec workload;
  private final Scenario scenario;
  private final Fleet fleet;
  private final List<ActorRef<CollaborativeDevice.Command>> devices;
  /** The actors whose end ends devices: the JVMs' hosts, or the device groups. */
  private final List<ActorRef<?>> hosts = new ArrayList<>();
  private final Map<ActorRef<?>, Integer> hostIndex = new HashMap<>();
  /** Per host, its devices; and its entity if it is a group. */
  private final List<List<int[]>> hostDevices = new ArrayList<>();
  private final List<EntityRef<DeviceGroup.Command>> entities = new ArrayList<>();
  /** Index in {@link #hosts} of each device's host; -1 while it moves. */
  private final int[] hostOf;
  private final BitSet moving = new BitSet();
  private final ActorRef<FleetDeployer.Command> deployer;
  private final ActorRef<Event> director;
  private final TimerScheduler<Command> timers;
  private final RoundCoordinator coordinator;
  private final List<ActorRef<DeviceLink.Command>> links = new ArrayList<>();
  private final long runStartNanos = System.nanoTime();
  /** The devices of the open round, watched until it closes. */
  private final Map<ActorRef<CollaborativeDevice.Command>, Integer> watched = new HashMap<>();
  private long roundStartNanos;
  private long lastProgressNanos;
  private int heard;
  private int heardAtLastCheck;
  private int roundToOpen = -1;
  /** The model of the round last opened: what its links carry, and what JVMs of device groups ask for. */
  private RoundModel model;
  /** The edge JVMs the fleet was placed over, in order: a kill-jvm names one by its number, from 1. */
  private final List<String> jvms;
  /** Per host, the JVM it is on. */
  private final List<String> hostJvm = new ArrayList<>();
  private final int perGroup;
  /** The kill-jvm faults of the run, in the order they strike (the round they strike before, then the scenario's). */
  private final List<FaultSpec> kills;
  /** Hosts on a struck JVM not yet seen lost, and the devices they held: crashed in the round about to open. */
  private final Set<ActorRef<?>> struckHosts = new HashSet<>();
  private final BitSet struckDevices = new BitSet();
  private String struckJvm;
  private long struckAtNanos;
  /** On a cluster, the edge JVMs up; the last round opened after the groups were spread over them; a move under way. */
  private List<String> edgeJvms = List.of();
  /** JVMs whose groups were lost, while the deployer still lists them (it learns of a loss later). */
  private final Set<String> lostJvms = new HashSet<>();
  private int spreadBefore = -1;
  private long movingSinceNanos = -1;

  public static Behavior<Command> create(
      Scenario scenario,
      Fleet fleet,
      RoundCoordinator.State start,
      FleetDeployer.Placed placed,
      ActorRef<FleetDeployer.Command> deployer,
      ActorRef<Event> director) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(
        timers -> new CollaborativeCloud(ctx, timers, scenario, fleet, start, placed, deployer, director)));
  }

  private CollaborativeCloud(
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      Scenario scenario,
      Fleet fleet,
      RoundCoordinator.State start,
      FleetDeployer.Placed placed,
      ActorRef<FleetDeployer.Command> deployer,
      ActorRef<Event> director) {
    super(ctx);
    this.timers = timers;
    this.scenario = scenario;
    this.workload = fleet.workload();
    this.fleet = fleet;
    this.devices = new ArrayList<>(Collections.nCopies(fleet.size(), null));
    this.hostOf = new int[fleet.size()];
    this.deployer = deployer;
    this.director = director;
    this.jvms = placed.jvms();
    this.perGroup = placed.perGroup();
    placed.hosted().forEach(this::hosted);
    this.kills = scenario.faults().stream()
        .filter(f -> f.kind() == FaultSpec.FaultKind.KILL_JVM)
        .sorted(Comparator.comparingInt(f -> f.atStep().orElseThrow()))
        .toList();
    if (entities.stream().anyMatch(Objects::nonNull)) deployer.tell(new FleetDeployer.WatchJvms(ctx.getSelf()));
    this.coordinator =
        new RoundCoordinator(fleet, start, scenario.node(workload.cloud()).flopsPerSecond());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Start.INSTANCE, () -> onOpenRound(new OpenRound(coordinator.nextRound())))
        .onMessage(OpenRound.class, this::onOpenRound)
        .onMessage(DevicesMoved.class, this::onDevicesMoved)
        .onMessage(EdgeJvmsUp.class, up -> {
          edgeJvms = up.jvms();
          lostJvms.retainAll(edgeJvms); // once it is gone from the list, a JVM of that name listed again is back
          return this;
        })
        .onMessage(UpdateArrived.class, this::onUpdate)
        .onMessage(Transferred.class, this::onTransferred)
        .onMessage(WentSilent.class, this::onSilent)
        .onMessage(Crashed.class, this::onCrashed)
        .onMessage(SendModel.class, this::onSendModel)
        .onMessageEquals(CloseIfReady.INSTANCE, this::closeIfReady)
        .onMessage(CheckProgress.class, this::onCheckProgress)
        .onSignal(Terminated.class, this::onTerminated)
        .build();
  }

  private Behavior<Command> openRound(int round) {
    roundToOpen = -1;
    int[] selected = coordinator.open(round);
    model = coordinator.model();
    roundStartNanos = System.nanoTime();
    int crashed = 0;
    for (int device : selected) {
      if (struckDevices.get(device)) {
        coordinator.lostWithJvm(device);
        crashed++;
      }
    }
    if (struckJvm != null) {
      getContext().getLog().warn("round {}: {} of its devices crashed with the struck JVM", round, crashed);
      director.tell(new JvmStruck(round, struckJvm, crashed, (System.nanoTime() - struckAtNanos) / 1e6));
      struckJvm = null;
    }
    for (int device : selected) {
      ActorRef<DeviceLink.Command> link = getContext().spawn(
          DeviceLink.create(device, fleet.link(device, false), fleet.link(device, true), scenario.seed(),
              scenario.runtime(), inbox(device), getContext().getSelf()),
          "link-" + round + "-" + device);
      links.add(link);
      link.tell(new DeviceLink.Down(model, coordinator.deviceClockMs(device)));
    }
    Duration timeout = scenario.runtime().responseTimeout();
    timers.startTimerWithFixedDelay(CheckProgress.class, new CheckProgress(round), timeout);
    if (selected.length == 0) getContext().getSelf().tell(CloseIfReady.INSTANCE);
    return this;
  }

  /**
   * Where device {@code device}'s model goes: its actor, watched for the round (its crash stops it); or its group,
   * watched while it lives (see {@link #hosted}), without the tensor, which the group's JVM asks for once a round
   * ({@link SendModel}).
   */
  private DeviceLink.Inbox inbox(int device) {
    if (struckDevices.get(device)) return train -> {}; // it went with its JVM as the round opened
    ActorRef<CollaborativeDevice.Command> ref = devices.get(device);
    if (ref == null) {
      EntityRef<DeviceGroup.Command> group = entities.get(hostOf[device]);
      return train -> group.tell(DeviceGroup.Train.of(device, train));
    }
    getContext().watch(ref);
    watched.put(ref, device);
    return ref::tell;
  }

  private Behavior<Command> onSendModel(SendModel send) {
    if (model != null && model.round() == send.round()) {
      send.replyTo().tell(new DeviceHost.ModelOfRound(send.runId(), model));
    }
    return this;
  }

  private Behavior<Command> onUpdate(UpdateArrived arrived) {
    coordinator.arrive(arrived.update(), arrived.arrivedAtMs());
    return heard();
  }

  private Behavior<Command> onTransferred(Transferred t) {
    coordinator.transferred(t.round(), t.device(), t.uplink(), t.sentAtMs(), t.bytes(), t.attempts(), t.copies());
    return heard();
  }

  private Behavior<Command> onSilent(WentSilent silent) {
    coordinator.droppedOut(silent.round(), silent.device(), silent.clockMs());
    return heard();
  }

  private Behavior<Command> onCrashed(Crashed crashed) {
    if (crashed.round() != coordinator.round()) return this;
    coordinator.crashed(crashed.device());
    return heard();
  }

  /** A device of the open round stopped (its fate, or its JVM went), or a JVM that hosts devices was lost. */
  private Behavior<Command> onTerminated(Terminated terminated) {
    Integer host = hostIndex.get(terminated.getRef());
    if (host != null) return onHostLost(host);
    Integer device = watched.remove(terminated.getRef());
    if (device == null) return this;
    coordinator.stopped(device);
    return heard();
  }

  private Behavior<Command> onHostLost(int host) {
    ActorRef<?> lost = hosts.set(host, null);
    hostIndex.remove(lost);
    struckHosts.remove(lost);
    int[] lostDevices = hostDevices.set(host, List.of()).stream().flatMapToInt(IntStream::of).sorted().toArray();
    lostJvms.add(hostJvm.get(host));
    getContext().getLog().warn("round {}: lost the host of {} devices, with its JVM ({}); hosting them elsewhere",
        coordinator.round(), lostDevices.length, lost.path().address());
    for (int device : lostDevices) {
      hostOf[device] = -1;
      moving.set(device);
      coordinator.lostWithJvm(device);
    }
    deployer.tell(new FleetDeployer.Rehost(lost, lostDevices, getContext().getSelf()));
    return heard();
  }

  private Behavior<Command> onDevicesMoved(DevicesMoved moved) {
    hosted(moved.hosted());
    if (movingSinceNanos >= 0 && moving.isEmpty()) {
      getContext().getLog().info("before round {}: groups moved in {} ms; groups per edge JVM now {}", roundToOpen,
          (System.nanoTime() - movingSinceNanos) / 1_000_000, groupsByJvm().entrySet().stream()
              .map(e -> e.getKey() + " " + e.getValue().length).toList());
      movingSinceNanos = -1;
    }
    return openWhenReady();
  }

  /** Takes the devices' actors, and watches their JVM. */
  private void hosted(HostedDevices hosted) {
    Integer known = hostIndex.get(hosted.host());
    int host = known == null ? hosts.size() : known;
    if (known == null) {
      hosts.add(hosted.host());
      hostJvm.add(hosted.jvm());
      hostIndex.put(hosted.host(), host);
      hostDevices.add(new ArrayList<>());
      entities.add(hosted.entityId() == null ? null
          : ClusterSharding.get(getContext().getSystem()).entityRefFor(DeviceGroup.KEY, hosted.entityId()));
      getContext().watch(hosted.host());
    }
    hostDevices.get(host).add(hosted.devices());
    for (int i = 0; i < hosted.devices().length; i++) {
      int device = hosted.devices()[i];
      devices.set(device, hosted.entityId() == null ? hosted.refs().get(i) : null);
      hostOf[device] = host;
      moving.clear(device);
    }
  }

  /** Opens the round once no device is moving, after the JVM a kill-jvm fault strikes before it is lost. */
  private Behavior<Command> onOpenRound(OpenRound open) {
    roundToOpen = open.round();
    struckDevices.clear();
    struckJvm = null;
    List<FaultSpec> now = kills.stream().filter(f -> f.atStep().getAsInt() == open.round()).toList();
    if (!now.isEmpty()) strike(now);
    return openWhenReady();
  }

  private Behavior<Command> openWhenReady() {
    if (roundToOpen < 0 || !moving.isEmpty() || !struckHosts.isEmpty()) return this;
    if (spreadBefore < roundToOpen) {
      spreadBefore = roundToOpen;
      if (spread()) return this;
    }
    return openRound(roundToOpen);
  }

  /**
   * On a cluster, between rounds: when the groups are not spread evenly over the edge JVMs up (one joined, or came
   * back), moves the fewest that make them so ({@link DevicePlacement#rebalance}) and opens the round once every moved
   * group answers from its new JVM. No round is open, so no device loses one; a device is the same on any JVM.
   *
   * @return whether groups move
   */
  private boolean spread() {
    List<String> up = edgeJvms.stream().filter(jvm -> !lostJvms.contains(jvm)).toList();
    if (up.isEmpty()) return false;
    Map<String, int[]> groupsOn = groupsByJvm();
    up.forEach(jvm -> groupsOn.putIfAbsent(jvm, new int[0]));
    SortedMap<Integer, String> moves = DevicePlacement.rebalance(groupsOn);
    if (moves.isEmpty()) return false;
    Map<Integer, Integer> hostOfGroup = new HashMap<>();
    for (int h = 0; h < hosts.size(); h++) {
      if (hosts.get(h) != null && entities.get(h) != null) hostOfGroup.put(groupOf(h), h);
    }
    for (int group : moves.keySet()) {
      int h = hostOfGroup.get(group);
      ActorRef<?> from = hosts.set(h, null);
      getContext().unwatch(from);
      hostIndex.remove(from);
      for (int[] mine : hostDevices.set(h, List.of())) {
        for (int device : mine) {
          hostOf[device] = -1;
          moving.set(device);
        }
      }
    }
    getContext().getLog().info("before round {}: {} groups move to spread the fleet over {}: {}", roundToOpen,
        moves.size(), String.join(", ", up), moves.values().stream().distinct().map(jvm -> jvm + " takes "
            + moves.values().stream().filter(jvm::equals).count()).toList());
    movingSinceNanos = System.nanoTime();
    deployer.tell(new FleetDeployer.Move(moves.keySet().stream().mapToInt(Integer::intValue).toArray(),
        List.copyOf(moves.values()), getContext().getSelf()));
    return true;
  }

  /** The groups each JVM holds now, by JVM name. */
  private Map<String, int[]> groupsByJvm() {
    Map<String, List<Integer>> held = new TreeMap<>(DevicePlacement.ORDER);
    for (int h = 0; h < hosts.size(); h++) {
      if (hosts.get(h) != null && entities.get(h) != null) {
        held.computeIfAbsent(hostJvm.get(h), jvm -> new ArrayList<>()).add(groupOf(h));
      }
    }
    Map<String, int[]> groupsOn = new TreeMap<>(DevicePlacement.ORDER);
    held.forEach((jvm, groups) -> groupsOn.put(jvm, groups.stream().mapToInt(Integer::intValue).toArray()));
    return groupsOn;
  }

  /** The group of host {@code h}, a {@link DeviceGroup}. */
  private int groupOf(int h) {
    return DevicePlacement.group(hostDevices.get(h).get(0)[0], perGroup);
  }

  /**
   * Notes the devices on the struck JVMs by the placement the earlier kills lead to, and the hosts there now; has the
   * JVMs halted.
   */
  private void strike(List<FaultSpec> now) {
    List<Integer> before =
        kills.stream().filter(f -> f.atStep().getAsInt() < roundToOpen).map(CollaborativeCloud::jvmIndex).toList();
    int[] at = DevicePlacement.after((hostOf.length + perGroup - 1) / perGroup, jvms.size(), before);
    List<String> names = new ArrayList<>();
    for (FaultSpec kill : now) {
      int jvm = jvmIndex(kill);
      String name = jvms.get(jvm);
      names.add((jvm + 1) + " (" + name + ")");
      for (int d = 0; d < hostOf.length; d++) if (at[DevicePlacement.group(d, perGroup)] == jvm) struckDevices.set(d);
      for (int h = 0; h < hosts.size(); h++) {
        if (hosts.get(h) != null && hostJvm.get(h).equals(name)) struckHosts.add(hosts.get(h));
      }
      deployer.tell(new FleetDeployer.Strike(jvm + 1, kill));
    }
    struckJvm = String.join(", ", names);
    struckAtNanos = System.nanoTime();
    getContext().getLog().warn("before round {}: kill-jvm strikes edge JVM {}, which holds {} devices",
        roundToOpen, struckJvm, struckDevices.cardinality());
  }

  /** The index (from 0) of the edge JVM a kill-jvm fault names (from 1). */
  private static int jvmIndex(FaultSpec kill) {
    return Integer.parseInt(kill.target()) - 1;
  }

  private Behavior<Command> onCheckProgress(CheckProgress check) {
    if (check.round() != coordinator.round()) return this;
    if (heard == heardAtLastCheck) {
      List<Integer> silent = coordinator.giveUp();
      getContext().getLog().warn("round {}: nothing heard for {}, closing it; {} devices unanswered",
          check.round(), scenario.runtime().responseTimeout(), silent.size());
    }
    heardAtLastCheck = heard;
    return closeIfReady();
  }

  private Behavior<Command> heard() {
    heard++;
    long now = System.nanoTime();
    if (now - lastProgressNanos > PROGRESS_EVERY_NANOS) {
      lastProgressNanos = now;
      director.tell(new Progress(new RoundProgress(coordinator.round(), workload.rounds(), coordinator.accounted(),
          coordinator.selectedCount(), coordinator.startMs(), (now - runStartNanos) / 1e6,
          MEMORY.getHeapMemoryUsage().getUsed())));
    }
    return closeIfReady();
  }

  private Behavior<Command> closeIfReady() {
    if (!coordinator.readyToClose()) return this;
    timers.cancel(CheckProgress.class);
    links.forEach(link -> getContext().stop(link));
    links.clear();
    watched.keySet().forEach(getContext()::unwatch);
    watched.clear();
    int round = coordinator.round();
    boolean last = round + 1 == workload.rounds();
    boolean evaluate = last || (workload.evalEvery() > 0 && (round + 1) % workload.evalEvery() == 0);
    double wallMs = (System.nanoTime() - roundStartNanos) / 1e6;
    RoundRecord record = coordinator.close(
        wallMs, fleet.training().read(), MEMORY.getHeapMemoryUsage().getUsed(), evaluate ? fleet.data().test() : null);
    director.tell(new RoundClosed(record, coordinator.state()));
    if (!last) {
      getContext().getSelf().tell(new OpenRound(round + 1));
      return this;
    }
    director.tell(new Finished(coordinator.global(), coordinator.clockMs()));
    return Behaviors.ignore(); // stays until the director stops; stray copies after the last round change nothing
  }
}
