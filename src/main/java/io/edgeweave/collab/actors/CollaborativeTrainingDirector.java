package io.edgeweave.collab.actors;

import io.edgeweave.collab.Fleet;
import io.edgeweave.collab.RoundCoordinator;
import io.edgeweave.metrics.CollaborationSummary;
import io.edgeweave.metrics.Divergence;
import io.edgeweave.metrics.RoundRecord;
import io.edgeweave.metrics.RoundRuns;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.nn.Networks;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.FleetStatus;
import io.edgeweave.runtime.RunControl;
import io.edgeweave.runtime.RunListener;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.runtime.TakeoverTimer;
import io.edgeweave.runtime.WorkloadDirectors;
import io.edgeweave.scenario.CollaborativeTrainingSpec;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.tensor.Tensor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Runs a collaborative-training scenario in three phases, each its own behaviour: <em>placing</em> (the
 * {@link FleetDeployer} puts the devices on the JVMs of role edge, in-process agents in a single-JVM run), <em>running</em>
 * (the {@link CollaborativeCloud}, on this JVM, runs the rounds; each goes to the {@link RoundMetricsSink}, which
 * writes its row and a checkpoint, and to the listener) and <em>finishing</em> (the devices are released everywhere
 * and the results written). The director of a cluster run is the cluster singleton, so the cloud lives where the
 * director lives.
 *
 * <p>A run resumed from its folder first reads its newest checkpoint back (<em>loading</em>), then places the fleet and
 * goes on with the round after it. A stop asked for by the user abandons the round in flight: the run ends as
 * interrupted with the checkpoint of its last committed round.
 */
public final class CollaborativeTrainingDirector {
  /** Threads of the compute dispatcher: devices borrow at most this many networks at once. */
  static final String COMPUTE_THREADS = ScenarioDirector.COMPUTE_DISPATCHER + ".thread-pool-executor.fixed-pool-size";

  /** Devices per {@link DeviceGroup} entity on a cluster. */
  public static final String DEVICES_PER_ENTITY = "edgeweave.collab.devices-per-entity";

  private static final int MIN_GROUPS = 100;

  public interface Command extends CborSerializable {}

  record FleetOutcome(FleetDeployer.Outcome outcome) implements Command {}

  record CloudEventReceived(CollaborativeCloud.Event event) implements Command {}

  record DevicesReleased(FleetDeployer.Released released) implements Command {}

  record SinkFinished(RoundMetricsSink.Finished finished) implements Command {}

  record CheckpointLoaded(RoundMetricsSink.CheckpointLoaded loaded) implements Command {}

  /** The run's user asked it to stop. */
  enum Interrupt implements Command {
    INSTANCE
  }

  private final ActorContext<Command> ctx;
  private final Scenario scenario;
  private final CollaborativeTrainingSpec workload;
  private final WorkloadDirectors.RunSetup run;
  private final RunListener listener;
  private final RunControl control;
  private final TakeoverTimer takeover;
  private final Fleet fleet;
  private final String runId;
  private final ActorRef<RoundMetricsSink.Command> sink;
  private final List<RoundRecord> rounds = new ArrayList<>();
  private final Instant startedAt = Instant.now();
  private final long startNanos = System.nanoTime();
  private ActorRef<FleetDeployer.Command> deployer;
  private ActorRef<CollaborativeCloud.Command> cloud;
  private RoundCoordinator.State start;
  private String interruptedBy;
  private double fleetReadyMs;
  /** Wall time the rounds stood still while struck JVMs went (in this process). */
  private double struckStillMs;
  private Double testAccuracy;
  private Tensor global;

  public static Behavior<Command> create(CollaborativeTrainingSpec workload, WorkloadDirectors.RunSetup run) {
    return Behaviors.setup(ctx -> new CollaborativeTrainingDirector(ctx, workload, run).begin(run.resume()));
  }

  private CollaborativeTrainingDirector(
      ActorContext<Command> ctx, CollaborativeTrainingSpec workload, WorkloadDirectors.RunSetup run) {
    this.ctx = ctx;
    this.scenario = run.scenario();
    this.workload = workload;
    this.run = run;
    this.listener = run.listener();
    this.control = run.control();
    this.takeover = new TakeoverTimer(run.takenOver());
    this.global = Tensor.of(Networks.whole(scenario.model(), scenario.seed()).params());
    this.sink = ctx.spawn(RoundMetricsSink.create(run.out(), scenario.name()), "metrics", DispatcherSelector.blocking());
    ctx.watch(sink);
    listener.onFleet(new FleetStatus(workload.devices().count(), false, 0));
    this.runId = scenario.name() + "-" + Long.toString(System.currentTimeMillis(), 36);
    this.fleet = Fleet.of(workload, scenario.model(), scenario.data().sharding(), scenario.seed(), run.data(),
        ctx.getSystem().settings().config().getInt(COMPUTE_THREADS), TrainingMeters.of(ctx.getSystem(), runId));
    this.start = RoundCoordinator.State.initial(global, fleet.size());
  }

  private Behavior<Command> begin(boolean resume) {
    control.onInterrupt(ctx.getSelf(), Interrupt.INSTANCE);
    if (!resume) return place();
    sink.tell(new RoundMetricsSink.LoadCheckpoint(ctx.messageAdapter(RoundMetricsSink.CheckpointLoaded.class,
        CheckpointLoaded::new)));
    return common()
        .onMessage(CheckpointLoaded.class, this::onCheckpointLoaded)
        .onMessageEquals(Interrupt.INSTANCE, () -> {
          noteInterrupt(); // ends the run once the checkpoint is read
          return Behaviors.same();
        })
        .build();
  }

  /** Goes on from the checkpoint read back (or from the start if there is none). */
  private Behavior<Command> onCheckpointLoaded(CheckpointLoaded received) {
    received.loaded().warnings().forEach(w -> ctx.getLog().warn(w));
    received.loaded().checkpoint().ifPresent(c -> {
      rounds.addAll(c.records());
      start = c.state();
      global = start.global();
      rounds.forEach(r -> r.testAccuracy().ifPresent(a -> testAccuracy = a));
      ctx.getLog().info("resuming after round {} of {}", c.state().nextRound() - 1, workload.rounds());
    });
    if (received.loaded().checkpoint().isEmpty()) ctx.getLog().info("no checkpoint to resume from: starting anew");
    if (interruptedBy != null) return interrupted();
    if (start.nextRound() >= workload.rounds()) return finishing(RunStatus.COMPLETED, null, start.clockMs());
    return place();
  }

  private Behavior<Command> place() {
    FleetSpec spec = new FleetSpec(runId, workload, scenario.model(), scenario.data(), scenario.seed(),
        run.data().train().fingerprint(), devicesPerEntity());
    deployer = ctx.spawn(
        FleetDeployer.create(spec, run.hosting(), ctx.getSelf().path().parent(),
            ctx.messageAdapter(FleetDeployer.Outcome.class, FleetOutcome::new)),
        "fleet");
    ctx.watch(deployer);
    return placing();
  }

  /**
   * Devices per {@link DeviceGroup}: at most the configured number, and few enough that a fleet makes at least
   * {@value #MIN_GROUPS} groups, for the sharding to spread even a small fleet over the edge JVMs.
   */
  private int devicesPerEntity() {
    int most = ctx.getSystem().settings().config().getInt(DEVICES_PER_ENTITY);
    int count = workload.devices().count();
    return Math.max(1, Math.min(most, (count + MIN_GROUPS - 1) / MIN_GROUPS));
  }

  /** Until every device is hosted. */
  private Behavior<Command> placing() {
    return stoppable().onMessage(FleetOutcome.class, this::onPlacement).build();
  }

  private Behavior<Command> onPlacement(FleetOutcome received) {
    if (received.outcome() instanceof FleetDeployer.PlacementFailed failed) return failed(failed.reason());
    FleetDeployer.Placed placed = (FleetDeployer.Placed) received.outcome();
    fleetReadyMs = (System.nanoTime() - startNanos) / 1e6;
    listener.onFleet(new FleetStatus(workload.devices().count(), true, fleetReadyMs));
    cloud = ctx.spawn(
        CollaborativeCloud.create(scenario, fleet, start, placed, deployer,
            ctx.messageAdapter(CollaborativeCloud.Event.class, CloudEventReceived::new)),
        workload.cloud(),
        DispatcherSelector.fromConfig(ScenarioDirector.COMPUTE_DISPATCHER));
    ctx.watch(cloud);
    cloud.tell(CollaborativeCloud.Start.INSTANCE);
    return stoppable()
        .onMessage(CloudEventReceived.class, this::onCloudEvent)
        .onMessage(FleetOutcome.class, f -> f.outcome() instanceof FleetDeployer.PlacementFailed failed
            ? failed(failed.reason()) : Behaviors.same())
        .build();
  }

  /** What placing and running handle alike: a stop asked for ends the run, the round in flight abandoned. */
  private BehaviorBuilder<Command> stoppable() {
    return common().onMessageEquals(Interrupt.INSTANCE, () -> {
      noteInterrupt();
      return interrupted();
    });
  }

  private void noteInterrupt() {
    interruptedBy = control.interruption().orElse("a stop request");
  }

  private Behavior<Command> onCloudEvent(CloudEventReceived received) {
    CollaborativeCloud.Event event = received.event();
    if (event instanceof CollaborativeCloud.Progress p) {
      listener.onRoundProgress(p.progress());
    } else if (event instanceof CollaborativeCloud.JvmStruck struck) {
      struckStillMs += struck.stillMs();
    } else if (event instanceof CollaborativeCloud.RoundClosed closed) {
      RoundRecord record = closed.record();
      rounds.add(record);
      takeover.progressed();
      record.testAccuracy().ifPresent(a -> testAccuracy = a);
      sink.tell(new RoundMetricsSink.Record(record, closed.state()));
      listener.onRound(record, workload.rounds());
      if (record.arrived() > 0 && scenario.runtime().stopsOn(record.trainLoss())) {
        return finishing(RunStatus.DIVERGED, Divergence.message("round " + record.round(),
            "aggregated devices' training loss", record.trainLoss(), "the devices aggregated in that round"), record.endMs());
      }
    } else if (event instanceof CollaborativeCloud.Finished finished) {
      global = finished.global();
      return finishing(RunStatus.COMPLETED, null, finished.virtualTimeMs());
    }
    return Behaviors.same();
  }

  /** What every phase before the last handles: a child that failed ends the run. */
  private BehaviorBuilder<Command> common() {
    return Behaviors.receive(Command.class).onSignal(ChildFailed.class, this::onChildFailed);
  }

  private Behavior<Command> onChildFailed(ChildFailed failed) {
    if (failed.getRef().equals(deployer)) deployer = null; // nothing left to release the devices
    return failed(failed.getRef().path().name() + " crashed: " + failed.getCause().getMessage());
  }

  private Behavior<Command> failed(String reason) {
    ctx.getLog().error("run failed: {}", reason);
    return finishing(RunStatus.FAILED, reason, lastEndMs());
  }

  private Behavior<Command> interrupted() {
    ctx.getLog().info("{}: stopping; the round in flight is abandoned", interruptedBy);
    String resumable = rounds.isEmpty() ? "no checkpoint yet" : "checkpoint after round " + (rounds.size() - 1);
    return finishing(RunStatus.INTERRUPTED,
        "stopped by " + interruptedBy + " after " + rounds.size() + " committed rounds (" + resumable + ")", lastEndMs());
  }

  private double lastEndMs() {
    return rounds.isEmpty() ? start.clockMs() : rounds.get(rounds.size() - 1).endMs();
  }

  /**
   * The kill-jvm faults struck before the rounds done (a function of the scenario, so a resumed run counts them too),
   * each followed by the round it preceded; a checkpoint after every round. None: {@link RunSummary.Recovery#NONE}.
   */
  private RunSummary.Recovery recovery() {
    List<Integer> struckBefore = scenario.faults().stream()
        .filter(f -> f.kind() == FaultSpec.FaultKind.KILL_JVM && f.atStep().orElseThrow() < rounds.size())
        .map(f -> f.atStep().getAsInt())
        .sorted()
        .toList();
    if (struckBefore.isEmpty()) return RunSummary.Recovery.NONE;
    return new RunSummary.Recovery(struckBefore.size(), rounds.size(), rounds.isEmpty() ? null : rounds.size() - 1,
        struckBefore.size(), struckBefore, 0, 0, struckStillMs);
  }

  /** Stops the rounds, releases the devices on every JVM, then writes the results and tells the listener. */
  private Behavior<Command> finishing(RunStatus status, String failure, double virtualTimeMs) {
    if (cloud != null) {
      ctx.unwatch(cloud);
      ctx.stop(cloud);
    }
    RunSummary summary = takeover.stamp(RoundRuns.summary(scenario.name(), scenario.seed(), status, failure, testAccuracy,
        workload.rounds(), rounds, virtualTimeMs, (System.nanoTime() - startNanos) / 1e6, workload.cloud(), startedAt,
        recovery()));
    CollaborationSummary collaboration =
        CollaborationSummary.of(workload.devices().count(), workload.perRound(), workload.rounds(), fleetReadyMs, rounds);
    ActorRef<RoundMetricsSink.Finished> finished = ctx.messageAdapter(RoundMetricsSink.Finished.class, SinkFinished::new);
    Runnable writeResults = () -> sink.tell(new RoundMetricsSink.Finish(summary, collaboration, finished));
    if (deployer == null) {
      writeResults.run();
    } else {
      deployer.tell(new FleetDeployer.Release(ctx.messageAdapter(FleetDeployer.Released.class, DevicesReleased::new)));
    }
    return Behaviors.receive(Command.class)
        .onMessage(DevicesReleased.class, r -> {
          writeResults.run();
          return Behaviors.same();
        })
        .onMessage(SinkFinished.class, f -> {
          listener.onFinished(summary, summary.error() == null ? List.of(global) : List.of());
          return Behaviors.stopped();
        })
        .onSignal(ChildFailed.class, f -> {
          if (f.getRef().equals(deployer)) writeResults.run(); // it failed while releasing: the results still go out
          return Behaviors.same();
        })
        .build();
  }
}
