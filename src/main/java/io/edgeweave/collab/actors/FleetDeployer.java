package io.edgeweave.collab.actors;

import io.edgeweave.collab.DevicePlacement;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.Hosting;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.NodeRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.actor.ActorPath;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;

/**
 * Puts a collaborative run's devices on JVMs. It finds the {@link DeviceHost}s through the receptionist, waits for the
 * run's JVMs (the first time, {@link Hosting#minJvms()} of them, and {@code workload.jvms} of role edge), places the
 * devices' groups over the first {@code workload.jvms} JVMs of role edge (all of them if 0) by
 * {@link DevicePlacement} and has each host spawn its share; the fleet is {@link Placed} once every device answers. The
 * cloud asks it to {@link Rehost} the devices of a lost JVM on the edge JVMs up then, and to {@link Strike} an edge JVM
 * with a kill-jvm fault; {@link Release} stops the run's devices everywhere. On a cluster the devices are
 * {@link DeviceGroup} entities of Cluster Sharding instead: it wakes every group through the sharding, naming the JVM
 * that the same placement gives it as its home ({@link HomeJvmAllocation}), and wakes a lost group again, which the
 * sharding starts on a JVM that remains; between rounds the cloud has it {@link Move} groups onto edge JVMs that joined
 * (it tells the cloud which are up, {@link WatchJvms}). In one JVM, several runs may share an actor system (tests): a
 * run uses only the hosts of its own in-process agents.
 */
public final class FleetDeployer extends AbstractBehavior<FleetDeployer.Command> {
  /** Devices per {@link DeviceHost.HostDevices} message, so that a host keeps answering while it spawns many. */
  static final int BATCH = 2000;

  public interface Command extends CborSerializable {}

  /** Place the devices of a lost JVM on the edge JVMs up now; the cloud hears {@link CollaborativeCloud.DevicesMoved}. */
  public record Rehost(ActorRef<?> lost, int[] devices, ActorRef<CollaborativeCloud.Command> replyTo)
      implements Command {}

  /** Apply kill-jvm fault {@code fault} to the {@code jvm}-th (from 1) of the run's edge JVMs ({@link Placed#jvms()}). */
  public record Strike(int jvm, FaultSpec fault) implements Command {}

  /**
   * On a cluster: tell {@code cloud} the edge JVMs the fleet spreads over ({@link CollaborativeCloud.EdgeJvmsUp}), now
   * and whenever they change: those of the first placement and those that joined since, once their shard region has
   * registered.
   */
  public record WatchJvms(ActorRef<CollaborativeCloud.Command> cloud) implements Command {}

  /**
   * Move group {@code groups[i]} to the edge JVM named {@code to[i]}: stop it where it is and wake it under that JVM as
   * its home; the cloud hears {@link CollaborativeCloud.DevicesMoved} for each. A group whose JVM is gone already is
   * woken where it is.
   */
  public record Move(int[] groups, List<String> to, ActorRef<CollaborativeCloud.Command> replyTo) implements Command {}

  /** Stop the run's devices on every JVM, then reply. */
  public record Release(ActorRef<Released> replyTo) implements Command {}

  public enum Released implements CborSerializable {
    INSTANCE
  }

  record HostsListed(Receptionist.Listing listing) implements Command {}

  record Described(DeviceHost.Description description) implements Command {}

  record HostedReceived(DeviceHost.Hosted hosted) implements Command {}

  enum WaitExpired implements Command {
    INSTANCE
  }

  enum DescribeAgain implements Command {
    INSTANCE
  }

  /** Wakes again the groups of lost JVMs that have not answered. */
  enum WakeAgain implements Command {
    INSTANCE
  }

  /** Asks the sharding which JVMs have joined it. */
  enum CountRegions implements Command {
    INSTANCE
  }

  record RegionsCounted(ShardRegion.CurrentRegions regions) implements Command, NoSerializationVerificationNeeded {}

  /** What the director hears. */
  public interface Outcome extends CborSerializable {}

  /**
   * Every device is hosted.
   *
   * @param jvms the edge JVMs the fleet was placed over, in {@link DevicePlacement#ORDER}: a kill-jvm names one by
   *     its number here, from 1
   * @param perGroup devices per group
   */
  public record Placed(List<HostedDevices> hosted, List<String> jvms, int perGroup) implements Outcome {}

  public record PlacementFailed(String reason) implements Outcome {}

  private static final Duration DESCRIBE_AGAIN = Duration.ofSeconds(1);

  private final FleetSpec fleet;
  private final Hosting hosting;
  private final ActorPath runGuardian;
  private final ActorRef<Outcome> director;
  private final TimerScheduler<Command> timers;
  private final ActorRef<DeviceHost.Description> describedAdapter;
  private final ActorRef<DeviceHost.Hosted> hostedAdapter;
  private final ActorRef<ShardingEnvelope<DeviceGroup.Command>> sharding;
  private final Set<ActorRef<DeviceHost.Command>> listed = new HashSet<>();
  private final Map<ActorRef<DeviceHost.Command>, DeviceHost.Description> described = new LinkedHashMap<>();
  private final Set<ActorRef<?>> lost = new HashSet<>();
  private final List<HostedDevices> placed = new ArrayList<>();
  private final List<Rehost> waiting = new ArrayList<>();
  private final Set<Integer> rewaking = new TreeSet<>();
  /** On a cluster, each group's entity id, which names its home; edge hosts up at the first placement but not used. */
  private String[] entityOf;
  private Set<ActorRef<DeviceHost.Command>> spare = Set.of();
  /** The shard regions of device groups, when last asked; the edge JVMs last told to the cloud that watches. */
  private Set<Address> regions = Set.of();
  private List<String> announced;
  private ActorRef<CollaborativeCloud.Command> watcher;
  /** In one JVM, groups of the run on each edge JVM up. */
  private final Map<String, Integer> groupsOn = new HashMap<>();
  /** The edge JVMs of the first placement, in order, and what they were. */
  private List<String> order = List.of();
  private Map<String, DeviceHost.Description> placedOn = Map.of();
  private boolean placing;
  private boolean placedAll;
  private boolean woken;
  private int hostedCount;
  private ActorRef<CollaborativeCloud.Command> cloud;

  /**
   * @param runGuardian in one JVM, the actor whose agents host this run's devices; unused on a cluster
   */
  public static Behavior<Command> create(FleetSpec fleet, Hosting hosting, ActorPath runGuardian, ActorRef<Outcome> director) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new FleetDeployer(ctx, timers, fleet, hosting, runGuardian, director)));
  }

  private FleetDeployer(
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      FleetSpec fleet,
      Hosting hosting,
      ActorPath runGuardian,
      ActorRef<Outcome> director) {
    super(ctx);
    this.fleet = fleet;
    this.hosting = hosting;
    this.runGuardian = runGuardian;
    this.director = director;
    this.timers = timers;
    this.describedAdapter = ctx.messageAdapter(DeviceHost.Description.class, Described::new);
    this.hostedAdapter = ctx.messageAdapter(DeviceHost.Hosted.class, HostedReceived::new);
    this.sharding = sharded() ? DeviceGroup.init(ctx.getSystem(), "", DeviceGroup.FleetSource.NONE) : null;
    ctx.getSystem().receptionist().tell(
        Receptionist.subscribe(DeviceHost.KEY, ctx.messageAdapter(Receptionist.Listing.class, HostsListed::new)));
    timers.startSingleTimer(WaitExpired.INSTANCE, hosting.waitForNodes());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(HostsListed.class, this::onListed)
        .onMessage(DescribeAgain.class, d -> describeUnknown())
        .onMessage(Described.class, this::onDescribed)
        .onMessage(HostedReceived.class, this::onHosted)
        .onMessage(WaitExpired.class, w -> onWaitExpired())
        .onMessage(CountRegions.class, c -> countRegions())
        .onMessage(WakeAgain.class, w -> wakeAgain())
        .onMessage(RegionsCounted.class, this::onRegionsCounted)
        .onMessage(Rehost.class, this::onRehost)
        .onMessage(Strike.class, this::onStrike)
        .onMessage(WatchJvms.class, this::onWatchJvms)
        .onMessage(Move.class, this::onMove)
        .onMessage(Release.class, this::onRelease)
        .build();
  }

  private Behavior<Command> onListed(HostsListed hostsListed) {
    listed.clear();
    for (ActorRef<DeviceHost.Command> host : hostsListed.listing().getServiceInstances(DeviceHost.KEY)) {
      if (ofThisRun(host) && !lost.contains(host)) listed.add(host);
    }
    described.keySet().retainAll(listed);
    return describeUnknown();
  }

  private boolean ofThisRun(ActorRef<DeviceHost.Command> host) {
    if (hosting instanceof Hosting.Cluster) return true;
    ActorPath agent = host.path().parent();
    return agent.parent().equals(runGuardian);
  }

  private Behavior<Command> describeUnknown() {
    boolean unknown = false;
    for (ActorRef<DeviceHost.Command> host : listed) {
      if (!described.containsKey(host)) {
        host.tell(new DeviceHost.Describe(describedAdapter));
        unknown = true;
      }
    }
    if (!unknown) timers.cancel(DescribeAgain.INSTANCE);
    else if (!timers.isTimerActive(DescribeAgain.INSTANCE)) timers.startTimerWithFixedDelay(DescribeAgain.INSTANCE, DESCRIBE_AGAIN);
    return placeWhenReady();
  }

  private Behavior<Command> onDescribed(Described received) {
    DeviceHost.Description d = received.description();
    if (listed.contains(d.host())) described.put(d.host(), d);
    return describeUnknown();
  }

  /** The first placement, once the run's JVMs are known; then devices of lost JVMs, once an edge JVM is up. */
  private Behavior<Command> placeWhenReady() {
    boolean allKnown = described.keySet().containsAll(listed);
    Map<String, DeviceHost.Description> edges = edgeHosts();
    if (!placing && allKnown && described.size() >= hosting.minJvms() && edges.size() >= Math.max(1, wantedJvms())) {
      placing = true;
      int n = wantedJvms() > 0 ? wantedJvms() : edges.size();
      order = List.copyOf(List.copyOf(edges.keySet()).subList(0, n));
      placedOn = new HashMap<>(edges);
      spare = edges.values().stream()
          .filter(d -> !order.contains(d.jvm())).map(DeviceHost.Description::host).collect(Collectors.toSet());
      if (sharded()) {
        countRegions(); // the wait goes on until the regions have registered
      } else {
        timers.cancel(WaitExpired.INSTANCE);
        int perGroup = fleet.devicesPerEntity();
        Map<String, int[]> placement = DevicePlacement.place(DevicePlacement.fleet(fleetSize()), perGroup, order);
        placement.forEach((jvm, mine) ->
            groupsOn.put(jvm, (int) IntStream.of(mine).map(d -> DevicePlacement.group(d, perGroup)).distinct().count()));
        host(placement, edges);
      }
    }
    if (placedAll && !waiting.isEmpty() && !edges.isEmpty()) {
      List<Rehost> now = List.copyOf(waiting);
      waiting.clear();
      edges.keySet().forEach(jvm -> groupsOn.putIfAbsent(jvm, 0));
      groupsOn.keySet().retainAll(edges.keySet()); // a lost JVM the listing dropped before its Rehost came
      now.forEach(r -> host(DevicePlacement.replace(r.devices(), fleet.devicesPerEntity(), groupsOn), edges));
    }
    if (woken) {
      countRegions();
      announce();
    }
    return this;
  }

  /** The edge JVMs of the first placement and those that joined since, up, by name. */
  private Map<String, DeviceHost.Description> spreadOver() {
    Map<String, DeviceHost.Description> edges = edgeHosts();
    edges.values().removeIf(d -> spare.contains(d.host()));
    return edges;
  }

  /** Tells the cloud that watches the edge JVMs up whose shard region has registered, if they changed. */
  private void announce() {
    if (watcher == null) return;
    List<String> up = spreadOver().values().stream()
        .filter(d -> regions.contains(d.host().path().address())).map(DeviceHost.Description::jvm).toList();
    if (up.equals(announced)) return;
    announced = up;
    watcher.tell(new CollaborativeCloud.EdgeJvmsUp(up));
  }

  private Behavior<Command> onWatchJvms(WatchJvms watch) {
    watcher = watch.cloud();
    announced = null;
    if (sharded()) announce();
    return this;
  }

  /** The edge JVMs the scenario spreads the fleet over; 0: every one up. */
  private int wantedJvms() {
    return fleet.workload().jvms();
  }

  /** The described edge JVMs up, by name. */
  private Map<String, DeviceHost.Description> edgeHosts() {
    Map<String, DeviceHost.Description> edges = new TreeMap<>(DevicePlacement.ORDER);
    described.values().forEach(d -> {
      if (d.roles().contains(NodeRole.EDGE) && !lost.contains(d.host())) edges.put(d.jvm(), d);
    });
    return edges;
  }

  /** On a cluster, the devices are entities of Cluster Sharding, which places them. */
  private boolean sharded() {
    return hosting instanceof Hosting.Cluster;
  }

  private int fleetSize() {
    return fleet.workload().devices().count();
  }

  /**
   * Before the first wake, every edge JVM's region has registered with the sharding, which then spreads the groups;
   * after it, asks again while an edge JVM that joined has not registered its region.
   */
  private Behavior<Command> countRegions() {
    if (woken && spreadOver().values().stream().allMatch(d -> regions.contains(d.host().path().address()))) return this;
    timers.startSingleTimer(CountRegions.INSTANCE, DESCRIBE_AGAIN);
    Adapter.toClassic(sharding).tell(ShardRegion.getCurrentRegionsInstance(),
        Adapter.toClassic(getContext().messageAdapter(ShardRegion.CurrentRegions.class, RegionsCounted::new)));
    return this;
  }

  private Behavior<Command> onRegionsCounted(RegionsCounted counted) {
    regions = Set.copyOf(counted.regions().getRegions());
    if (woken) {
      announce();
      return this;
    }
    if (regions.size() < edgeHosts().size()) return this;
    woken = true;
    timers.cancel(CountRegions.INSTANCE);
    timers.cancel(WaitExpired.INSTANCE);
    entityOf = IntStream.range(0, DeviceGroup.groups(fleet.devicesPerEntity(), fleetSize()))
        .mapToObj(g -> entityId(g, placedOn.get(order.get(DevicePlacement.home(g, order.size())))))
        .toArray(String[]::new);
    wake(IntStream.range(0, entityOf.length));
    return this;
  }

  /** The entity id of group {@code group} with the JVM of {@code home} as its home. */
  private String entityId(int group, DeviceHost.Description home) {
    return DeviceGroup.entityId(fleet.runId(), group, home.host().path().address().toString());
  }

  /** Wakes device groups through the sharding, which starts each on its home JVM, or another of role edge. */
  private void wake(IntStream groups) {
    groups.forEach(g -> sharding.tell(new ShardingEnvelope<>(entityOf[g], new DeviceGroup.Wake(fleet, hostedAdapter))));
  }

  private void host(Map<String, int[]> placement, Map<String, DeviceHost.Description> edges) {
    placement.forEach((jvm, mine) -> {
      for (int from = 0; from < mine.length; from += BATCH) {
        int[] batch = Arrays.copyOfRange(mine, from, Math.min(mine.length, from + BATCH));
        edges.get(jvm).host().tell(new DeviceHost.HostDevices(fleet, batch, hostedAdapter));
      }
    });
  }

  private Behavior<Command> onHosted(HostedReceived received) {
    if (received.hosted() instanceof DeviceHost.HostingFailed failed) {
      director.tell(new PlacementFailed("cannot host devices on " + failed.reason()));
      return this;
    }
    HostedDevices hosted = ((DeviceHost.DevicesHosted) received.hosted()).hosted();
    if (placedAll) {
      if (sharded() && !rewaking.remove(hosted.devices()[0] / fleet.devicesPerEntity())) return this; // answered twice
      cloud.tell(new CollaborativeCloud.DevicesMoved(hosted));
      return this;
    }
    placed.add(hosted);
    hostedCount += hosted.devices().length;
    if (hostedCount == fleetSize()) {
      placedAll = true;
      getContext().getLog().info("run {}: {} devices placed on {}{}", fleet.runId(), hostedCount,
          String.join(", ", edgeHosts().keySet()), sharded() ? " by Cluster Sharding, in " + placed.size() + " groups" : "");
      director.tell(new Placed(List.copyOf(placed), order, fleet.devicesPerEntity()));
      placed.clear();
    }
    return this;
  }

  private Behavior<Command> onWaitExpired() {
    if (placing && waiting.isEmpty() && (!sharded() || woken)) return this;
    String known = described.isEmpty() ? "none"
        : String.join(", ", described.values().stream().map(d -> d.jvm() + " " + d.roles().stream().map(NodeRole::configName).sorted().toList()).toList());
    String why = !placing && described.size() < hosting.minJvms() ? "waiting for " + hosting.minJvms() + " JVMs"
        : !placing && wantedJvms() > 0 ? "waiting for " + wantedJvms() + " JVMs of role edge (workload.jvms)"
        : placing && sharded() && !woken ? "waiting for the edge JVMs to join the sharding of devices"
        : "no JVM of role edge to host devices";
    director.tell(new PlacementFailed(why + " (waited " + hosting.waitForNodes().toSeconds() + " s; JVMs up: " + known + ")"));
    return this;
  }

  /**
   * Wakes the lost groups that have not answered, again every few seconds: a wake sent before the sharding here has
   * seen the lost JVM's region go may be sent to it, and lost.
   */
  private Behavior<Command> wakeAgain() {
    if (rewaking.isEmpty()) {
      timers.cancel(WakeAgain.INSTANCE);
      return this;
    }
    wake(rewaking.stream().mapToInt(Integer::intValue));
    if (!timers.isTimerActive(WakeAgain.INSTANCE)) timers.startTimerWithFixedDelay(WakeAgain.INSTANCE, DESCRIBE_AGAIN.multipliedBy(3));
    return this;
  }

  private Behavior<Command> onRehost(Rehost rehost) {
    cloud = rehost.replyTo();
    if (sharded()) { // its group starts again wherever the sharding puts it now
      rewaking.add(rehost.devices()[0] / fleet.devicesPerEntity());
      return wakeAgain();
    }
    lost.add(rehost.lost());
    listed.remove(rehost.lost());
    DeviceHost.Description gone = described.remove(rehost.lost());
    if (gone != null) groupsOn.remove(gone.jvm());
    waiting.add(rehost);
    if (!timers.isTimerActive(WaitExpired.INSTANCE)) timers.startSingleTimer(WaitExpired.INSTANCE, hosting.waitForNodes());
    placeWhenReady();
    if (waiting.isEmpty()) timers.cancel(WaitExpired.INSTANCE);
    return this;
  }

  /** Stops each group where it is and wakes it under its new home, where {@link HomeJvmAllocation} puts it. */
  private Behavior<Command> onMove(Move move) {
    cloud = move.replyTo();
    Map<String, DeviceHost.Description> edges = spreadOver();
    for (int i = 0; i < move.groups().length; i++) {
      int g = move.groups()[i];
      DeviceHost.Description to = edges.get(move.to().get(i));
      if (to != null) {
        sharding.tell(new ShardingEnvelope<>(entityOf[g], DeviceGroup.Stop.INSTANCE));
        entityOf[g] = entityId(g, to);
      }
      rewaking.add(g);
    }
    return wakeAgain();
  }

  /** Has the struck JVM's host apply the fault to its JVM; a JVM already gone is not struck again. */
  private Behavior<Command> onStrike(Strike strike) {
    String jvm = order.get(strike.jvm() - 1);
    DeviceHost.Description d = placedOn.get(jvm);
    if (d == null || lost.contains(d.host()) || !described.containsKey(d.host())) {
      getContext().getLog().warn("run {}: kill-jvm for edge JVM {} ({}), which is gone already", fleet.runId(), strike.jvm(), jvm);
    } else {
      getContext().getLog().warn("run {}: kill-jvm fault: halting edge JVM {} ({})", fleet.runId(), strike.jvm(), jvm);
      d.host().tell(new DeviceHost.Strike(strike.fault()));
    }
    return this;
  }

  /** Each JVM's host stops the run's devices there, groups too; and forgets its fleet. */
  private Behavior<Command> onRelease(Release release) {
    described.keySet().forEach(host -> host.tell(new DeviceHost.Release(fleet.runId())));
    release.replyTo().tell(Released.INSTANCE);
    return this;
  }
}
