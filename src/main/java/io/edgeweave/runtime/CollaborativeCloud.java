package io.edgeweave.runtime;

import io.edgeweave.collab.DeviceUpdate;
import io.edgeweave.collab.Fleet;
import io.edgeweave.collab.RoundCoordinator;
import io.edgeweave.collab.RoundModel;
import io.edgeweave.metrics.RoundRecord;
import io.edgeweave.scenario.CollaborativeTrainingSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The cloud server of a collaborative run: runs the rounds one after another. For each round it selects the
 * devices, opens a {@link DeviceLink} to each and watches it for the round, sends the global model, accounts
 * for every device (update, straggler, dropout, crash, unreachable), and when the account is complete
 * aggregates, evaluates when due and reports the round. A wall-clock safety net closes a round that hears
 * nothing for {@code runtime.response-timeout}, counting the silent devices as unanswered. The round logic is
 * in {@link RoundCoordinator}.
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
   * @param copies arrivals at the far end: 0 when every attempt was lost
   */
  public record Transferred(int round, int device, boolean uplink, long bytes, int attempts, int copies)
      implements Command {}

  /** A device went silent in a round (the simulation's notice; see {@link CollaborativeDevice}). */
  public record WentSilent(int round, int device) implements Command {}

  /** Closes the open round if its account is complete (for a round that selected no device). */
  enum CloseIfReady implements Command {
    INSTANCE
  }

  /** Checks whether the open round has heard anything since the last check. */
  record CheckProgress(int round) implements Command {}

  /** What the cloud tells its director. */
  public interface Event extends CborSerializable {}

  public record RoundClosed(RoundRecord record) implements Event {}

  public record Progress(RoundProgress progress) implements Event {}

  /** All rounds done: the final global model and virtual time. */
  public record Finished(Tensor global, double virtualTimeMs) implements Event {}

  private final CollaborativeTrainingSpec workload;
  private final Scenario scenario;
  private final Fleet fleet;
  private final List<ActorRef<CollaborativeDevice.Command>> devices;
  private final ActorRef<Event> director;
  private final TimerScheduler<Command> timers;
  private final RoundCoordinator coordinator;
  private final List<ActorRef<DeviceLink.Command>> links = new ArrayList<>();
  private final long runStartNanos = System.nanoTime();
  private int[] selected;
  private long roundStartNanos;
  private long lastProgressNanos;
  private int heard;
  private int heardAtLastCheck;

  public static Behavior<Command> create(
      Scenario scenario,
      Fleet fleet,
      Tensor initial,
      List<ActorRef<CollaborativeDevice.Command>> devices,
      ActorRef<Event> director) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(
        timers -> new CollaborativeCloud(ctx, timers, scenario, fleet, initial, devices, director)));
  }

  private CollaborativeCloud(
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      Scenario scenario,
      Fleet fleet,
      Tensor initial,
      List<ActorRef<CollaborativeDevice.Command>> devices,
      ActorRef<Event> director) {
    super(ctx);
    this.timers = timers;
    this.scenario = scenario;
    this.workload = fleet.workload();
    this.fleet = fleet;
    this.devices = devices;
    this.director = director;
    this.coordinator =
        new RoundCoordinator(fleet, initial, scenario.node(workload.cloud()).flopsPerSecond());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Start.INSTANCE, () -> openRound(0))
        .onMessage(UpdateArrived.class, this::onUpdate)
        .onMessage(Transferred.class, this::onTransferred)
        .onMessage(WentSilent.class, this::onSilent)
        .onMessageEquals(CloseIfReady.INSTANCE, this::closeIfReady)
        .onMessage(CheckProgress.class, this::onCheckProgress)
        .onSignal(Terminated.class, this::onTerminated)
        .build();
  }

  private Behavior<Command> openRound(int round) {
    selected = coordinator.open(round);
    RoundModel model = coordinator.model();
    roundStartNanos = System.nanoTime();
    for (int device : selected) {
      ActorRef<CollaborativeDevice.Command> ref = devices.get(device);
      getContext().watch(ref);
      ActorRef<DeviceLink.Command> link = getContext().spawn(
          DeviceLink.create(device, fleet.link(device, false), fleet.link(device, true), scenario.seed(),
              scenario.runtime(), ref, getContext().getSelf()),
          "link-" + round + "-" + device);
      links.add(link);
      link.tell(new DeviceLink.Down(model));
    }
    Duration timeout = scenario.runtime().responseTimeout();
    timers.startTimerWithFixedDelay(CheckProgress.class, new CheckProgress(round), timeout);
    if (selected.length == 0) getContext().getSelf().tell(CloseIfReady.INSTANCE);
    return this;
  }

  private Behavior<Command> onUpdate(UpdateArrived arrived) {
    coordinator.arrive(arrived.update(), arrived.arrivedAtMs());
    return heard();
  }

  private Behavior<Command> onTransferred(Transferred t) {
    coordinator.transferred(t.round(), t.device(), t.uplink(), t.bytes(), t.attempts(), t.copies());
    return heard();
  }

  private Behavior<Command> onSilent(WentSilent silent) {
    coordinator.droppedOut(silent.round(), silent.device());
    return heard();
  }

  private Behavior<Command> onTerminated(Terminated terminated) {
    String name = terminated.getRef().path().name();
    coordinator.crashed(Integer.parseInt(name.substring(name.lastIndexOf('-') + 1)));
    return heard();
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
    for (int device : selected) {
      if (!coordinator.isGone(device)) getContext().unwatch(devices.get(device));
    }
    int round = coordinator.round();
    boolean last = round + 1 == workload.rounds();
    boolean evaluate = last || (workload.evalEvery() > 0 && (round + 1) % workload.evalEvery() == 0);
    double wallMs = (System.nanoTime() - roundStartNanos) / 1e6;
    RoundRecord record = coordinator.close(
        wallMs, fleet.training().read(), MEMORY.getHeapMemoryUsage().getUsed(), evaluate ? fleet.data().test() : null);
    director.tell(new RoundClosed(record));
    if (!last) return openRound(round + 1);
    director.tell(new Finished(coordinator.global(), coordinator.clockMs()));
    return Behaviors.ignore(); // stays until the director stops; stray copies after the last round change nothing
  }
}
