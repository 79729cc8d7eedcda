package io.edgeweave.collab.actors;

import io.edgeweave.collab.Fleet;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.CollaborationSummary;
import io.edgeweave.metrics.Divergence;
import io.edgeweave.metrics.RoundRecord;
import io.edgeweave.metrics.RoundRuns;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.nn.Networks;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.FleetStatus;
import io.edgeweave.runtime.Hosting;
import io.edgeweave.runtime.RunListener;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.scenario.CollaborativeTrainingSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.tensor.Tensor;
import java.nio.file.Path;
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
 * (the {@link CollaborativeCloud}, on this JVM, runs the rounds; each goes to the {@link RoundMetricsSink} and the
 * listener) and <em>finishing</em> (the devices are released everywhere and the results written). The director of a
 * cluster run is the cluster singleton, so the cloud lives where the director lives.
 */
public final class CollaborativeTrainingDirector {
  /** Threads of the compute dispatcher: devices borrow at most this many networks at once. */
  static final String COMPUTE_THREADS = ScenarioDirector.COMPUTE_DISPATCHER + ".thread-pool-executor.fixed-pool-size";

  public interface Command extends CborSerializable {}

  record FleetOutcome(FleetDeployer.Outcome outcome) implements Command {}

  record CloudEventReceived(CollaborativeCloud.Event event) implements Command {}

  record DevicesReleased(FleetDeployer.Released released) implements Command {}

  record SinkFinished(RoundMetricsSink.Finished finished) implements Command {}

  private final ActorContext<Command> ctx;
  private final Scenario scenario;
  private final CollaborativeTrainingSpec workload;
  private final RunListener listener;
  private final Fleet fleet;
  private final ActorRef<RoundMetricsSink.Command> sink;
  private final ActorRef<FleetDeployer.Command> deployer;
  private final List<RoundRecord> rounds = new ArrayList<>();
  private final Instant startedAt = Instant.now();
  private final long startNanos = System.nanoTime();
  private double fleetReadyMs;
  private Double testAccuracy;
  private Tensor global;

  public static Behavior<Command> create(
      Scenario scenario, CollaborativeTrainingSpec workload, TrainTest data, Path outputDirectory, RunListener listener,
      Hosting hosting) {
    return Behaviors.setup(ctx ->
        new CollaborativeTrainingDirector(ctx, scenario, workload, data, outputDirectory, listener, hosting).placing());
  }

  private CollaborativeTrainingDirector(
      ActorContext<Command> ctx,
      Scenario scenario,
      CollaborativeTrainingSpec workload,
      TrainTest data,
      Path outputDirectory,
      RunListener listener,
      Hosting hosting) {
    this.ctx = ctx;
    this.scenario = scenario;
    this.workload = workload;
    this.listener = listener;
    this.global = Tensor.of(Networks.whole(scenario.model(), scenario.seed()).params());
    this.sink = ctx.spawn(RoundMetricsSink.create(outputDirectory, scenario.name()), "metrics", DispatcherSelector.blocking());
    ctx.watch(sink);
    listener.onFleet(new FleetStatus(workload.devices().count(), false, 0));
    String runId = scenario.name() + "-" + Long.toString(System.currentTimeMillis(), 36);
    this.fleet = Fleet.of(workload, scenario.model(), scenario.data().sharding(), scenario.seed(), data,
        ctx.getSystem().settings().config().getInt(COMPUTE_THREADS), TrainingMeters.of(ctx.getSystem(), runId));
    FleetSpec spec = new FleetSpec(runId, workload, scenario.model(), scenario.data(), scenario.seed(), data.train().fingerprint());
    this.deployer = ctx.spawn(
        FleetDeployer.create(spec, hosting, ctx.getSelf().path().parent(),
            ctx.messageAdapter(FleetDeployer.Outcome.class, FleetOutcome::new)),
        "fleet");
  }

  /** Until every device is hosted. */
  private Behavior<Command> placing() {
    return common().onMessage(FleetOutcome.class, this::onPlacement).build();
  }

  private Behavior<Command> onPlacement(FleetOutcome received) {
    if (received.outcome() instanceof FleetDeployer.PlacementFailed failed) return failed(failed.reason());
    List<HostedDevices> hosted = ((FleetDeployer.Placed) received.outcome()).hosted();
    fleetReadyMs = (System.nanoTime() - startNanos) / 1e6;
    listener.onFleet(new FleetStatus(workload.devices().count(), true, fleetReadyMs));
    ActorRef<CollaborativeCloud.Command> cloud = ctx.spawn(
        CollaborativeCloud.create(scenario, fleet, global, hosted, deployer,
            ctx.messageAdapter(CollaborativeCloud.Event.class, CloudEventReceived::new)),
        workload.cloud(),
        DispatcherSelector.fromConfig(ScenarioDirector.COMPUTE_DISPATCHER));
    ctx.watch(cloud);
    cloud.tell(CollaborativeCloud.Start.INSTANCE);
    return running();
  }

  /** While the cloud runs the rounds. */
  private Behavior<Command> running() {
    return common()
        .onMessage(CloudEventReceived.class, this::onCloudEvent)
        .onMessage(FleetOutcome.class, f -> f.outcome() instanceof FleetDeployer.PlacementFailed failed
            ? failed(failed.reason()) : Behaviors.same())
        .build();
  }

  private Behavior<Command> onCloudEvent(CloudEventReceived received) {
    CollaborativeCloud.Event event = received.event();
    if (event instanceof CollaborativeCloud.Progress p) {
      listener.onRoundProgress(p.progress());
    } else if (event instanceof CollaborativeCloud.RoundClosed closed) {
      RoundRecord record = closed.record();
      rounds.add(record);
      record.testAccuracy().ifPresent(a -> testAccuracy = a);
      sink.tell(new RoundMetricsSink.Record(record));
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
    return failed(failed.getRef().path().name() + " crashed: " + failed.getCause().getMessage());
  }

  private Behavior<Command> failed(String reason) {
    ctx.getLog().error("run failed: {}", reason);
    double virtualMs = rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1).endMs();
    return finishing(RunStatus.FAILED, reason, virtualMs);
  }

  /** Releases the devices on every JVM, then writes the results and tells the listener. */
  private Behavior<Command> finishing(RunStatus status, String failure, double virtualTimeMs) {
    RunSummary summary = RoundRuns.summary(scenario.name(), scenario.seed(), status, failure, testAccuracy,
        workload.rounds(), rounds, virtualTimeMs, (System.nanoTime() - startNanos) / 1e6, workload.cloud(), startedAt);
    CollaborationSummary collaboration =
        CollaborationSummary.of(workload.devices().count(), workload.perRound(), workload.rounds(), fleetReadyMs, rounds);
    deployer.tell(new FleetDeployer.Release(ctx.messageAdapter(FleetDeployer.Released.class, DevicesReleased::new)));
    return Behaviors.receive(Command.class)
        .onMessage(DevicesReleased.class, r -> {
          sink.tell(new RoundMetricsSink.Finish(summary, collaboration,
              ctx.messageAdapter(RoundMetricsSink.Finished.class, SinkFinished::new)));
          return Behaviors.same();
        })
        .onMessage(SinkFinished.class, f -> {
          listener.onFinished(summary, summary.error() == null ? List.of(global) : List.of());
          return Behaviors.stopped();
        })
        .onSignal(ChildFailed.class, f -> Behaviors.same())
        .build();
  }
}
