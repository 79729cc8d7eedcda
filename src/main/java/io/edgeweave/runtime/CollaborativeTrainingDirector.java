package io.edgeweave.runtime;

import io.edgeweave.collab.Fleet;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.CollaborationSummary;
import io.edgeweave.metrics.Divergence;
import io.edgeweave.metrics.RoundRecord;
import io.edgeweave.metrics.RoundRuns;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.nn.Networks;
import io.edgeweave.scenario.CollaborativeTrainingSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.tensor.Tensor;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Runs a collaborative-training scenario: creates the device fleet (one actor per device, on the compute
 * dispatcher), waits until every device answers, then starts the {@link CollaborativeCloud}, which runs the
 * rounds; hands each round to the {@link RoundMetricsSink} and the listener, and the totals at the end.
 */
public final class CollaborativeTrainingDirector extends AbstractBehavior<CollaborativeTrainingDirector.Command> {
  /** Threads of the compute dispatcher: devices borrow at most this many networks at once. */
  static final String COMPUTE_THREADS = ScenarioDirector.COMPUTE_DISPATCHER + ".thread-pool-executor.fixed-pool-size";

  /** Devices spawned per message. */
  private static final int SPAWN_BATCH = 2000;

  public interface Command extends CborSerializable {}

  record SpawnDevices(int from) implements Command {}

  record DeviceReady(CollaborativeDevice.Ready ready) implements Command {}

  record CloudEventReceived(CollaborativeCloud.Event event) implements Command {}

  record SinkFinished(MetricsSink.Finished finished) implements Command {}

  private final Scenario scenario;
  private final CollaborativeTrainingSpec workload;
  private final RunListener listener;
  private final Fleet fleet;
  private final ActorRef<RoundMetricsSink.Command> sink;
  private final List<ActorRef<CollaborativeDevice.Command>> devices;
  private final List<RoundRecord> rounds = new ArrayList<>();
  private final Instant startedAt = Instant.now();
  private final long startNanos = System.nanoTime();
  private final long fleetStartNanos;
  private final ActorRef<CollaborativeDevice.Ready> readyAdapter;
  private double fleetReadyMs;
  private int ready;
  private Double testAccuracy;
  private Tensor global;
  private RunSummary summary;

  public static Behavior<Command> create(
      Scenario scenario, CollaborativeTrainingSpec workload, TrainTest data, Path outputDirectory, RunListener listener) {
    return Behaviors.setup(
        ctx -> new CollaborativeTrainingDirector(ctx, scenario, workload, data, outputDirectory, listener));
  }

  /** Checks of the scenario against its loaded data: the training set must hold the devices' shards. */
  public static void checkData(Scenario scenario, CollaborativeTrainingSpec workload, TrainTest data) {
    Fleet.shards(scenario, workload, data);
  }

  private CollaborativeTrainingDirector(
      ActorContext<Command> ctx,
      Scenario scenario,
      CollaborativeTrainingSpec workload,
      TrainTest data,
      Path outputDirectory,
      RunListener listener) {
    super(ctx);
    this.scenario = scenario;
    this.workload = workload;
    this.listener = listener;
    this.global = Tensor.of(Networks.whole(scenario.model(), scenario.seed()).params());
    this.sink = ctx.spawn(RoundMetricsSink.create(outputDirectory, scenario.name()), "metrics");
    ctx.watch(sink);
    listener.onFleet(new FleetStatus(workload.devices().count(), false, 0));
    this.fleetStartNanos = System.nanoTime();
    this.fleet = Fleet.of(scenario, workload, data, ctx.getSystem().settings().config().getInt(COMPUTE_THREADS));
    this.devices = new ArrayList<>(workload.devices().count());
    this.readyAdapter = ctx.messageAdapter(CollaborativeDevice.Ready.class, DeviceReady::new);
    ctx.getSelf().tell(new SpawnDevices(0));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(SpawnDevices.class, this::onSpawnDevices)
        .onMessage(DeviceReady.class, r -> onDeviceReady())
        .onMessage(CloudEventReceived.class, this::onCloudEvent)
        .onMessage(SinkFinished.class, f -> onSinkFinished())
        .onSignal(ChildFailed.class, this::onChildFailed)
        .build();
  }

  /** Spawns the next devices, a batch at a time, so that the director keeps answering meanwhile. */
  private Behavior<Command> onSpawnDevices(SpawnDevices spawn) {
    int count = workload.devices().count();
    int to = Math.min(count, spawn.from() + SPAWN_BATCH);
    DispatcherSelector compute = DispatcherSelector.fromConfig(ScenarioDirector.COMPUTE_DISPATCHER);
    for (int i = spawn.from(); i < to; i++) {
      ActorRef<CollaborativeDevice.Command> device =
          getContext().spawn(CollaborativeDevice.create(i, fleet), Fleet.deviceName(i), compute);
      device.tell(new CollaborativeDevice.Check(readyAdapter));
      devices.add(device);
    }
    if (to < count) getContext().getSelf().tell(new SpawnDevices(to));
    return this;
  }

  private Behavior<Command> onDeviceReady() {
    if (++ready < workload.devices().count()) return this;
    fleetReadyMs = (System.nanoTime() - fleetStartNanos) / 1e6;
    listener.onFleet(new FleetStatus(devices.size(), true, fleetReadyMs));
    ActorRef<CollaborativeCloud.Event> events =
        getContext().messageAdapter(CollaborativeCloud.Event.class, CloudEventReceived::new);
    ActorRef<CollaborativeCloud.Command> cloud = getContext().spawn(
        CollaborativeCloud.create(scenario, fleet, global, Collections.unmodifiableList(devices), events),
        workload.cloud(),
        DispatcherSelector.fromConfig(ScenarioDirector.COMPUTE_DISPATCHER));
    getContext().watch(cloud);
    cloud.tell(CollaborativeCloud.Start.INSTANCE);
    return this;
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
        finish(RunStatus.DIVERGED, Divergence.message("round " + record.round(), "aggregated devices' training loss",
            record.trainLoss(), "the devices aggregated in that round"), record.endMs());
      }
    } else if (event instanceof CollaborativeCloud.Finished finished) {
      global = finished.global();
      finish(RunStatus.COMPLETED, null, finished.virtualTimeMs());
    }
    return this;
  }

  private Behavior<Command> onChildFailed(ChildFailed failed) {
    String reason = failed.getRef().path().name() + " crashed: " + failed.getCause().getMessage();
    getContext().getLog().error("run failed: {}", reason);
    double virtualMs = rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1).endMs();
    finish(RunStatus.FAILED, reason, virtualMs);
    return this;
  }

  private void finish(RunStatus status, String failure, double virtualTimeMs) {
    if (summary != null) return;
    summary = RoundRuns.summary(scenario.name(), scenario.seed(), status, failure, testAccuracy, workload.rounds(), rounds,
        virtualTimeMs, (System.nanoTime() - startNanos) / 1e6, workload.cloud(), startedAt);
    CollaborationSummary collaboration = CollaborationSummary.of(
        devices.size(), workload.perRound(), workload.rounds(), fleetReadyMs, rounds);
    sink.tell(new RoundMetricsSink.Finish(summary, collaboration,
        getContext().messageAdapter(MetricsSink.Finished.class, SinkFinished::new)));
  }

  private Behavior<Command> onSinkFinished() {
    listener.onFinished(summary, summary.error() == null ? List.of(global) : List.of());
    return Behaviors.stopped();
  }
}
