package io.edgeweave.runtime;

import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.NetworkPlan;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.Seeds;
import io.edgeweave.scenario.SplitTrainingSpec;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.training.Inference;
import io.edgeweave.training.LocalData;
import io.edgeweave.training.ShardBatches;
import io.edgeweave.training.StepAccounting;
import io.edgeweave.training.StepResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Runs a split-training scenario: builds the topology (a node actor per node, a link actor per link), assigns the
 * partitions along the workload's path, drives the training steps one after another, evaluates test
 * accuracy, and hands the results to the {@link MetricsSink}. Link faults travel with each link.
 */
public final class SplitTrainingDirector extends AbstractBehavior<SplitTrainingDirector.Command> {
  public interface Command extends CborSerializable {}

  record HostEventReceived(PartitionHost.Event event) implements Command {}

  record LinkStatsReceived(WirelessLink.Stats stats) implements Command {}

  record SinkFinished(MetricsSink.Finished finished) implements Command {}

  private final Scenario scenario;
  private final SplitTrainingSpec workload;
  private final TrainTest data;
  private final RunListener listener;
  private final List<String> path;
  private final NetworkPlan plan;
  private final Map<String, ActorRef<PartitionHost.Command>> nodes = new LinkedHashMap<>();
  private final Map<String, ActorRef<WirelessLink.Command>> links = new LinkedHashMap<>();
  private final ActorRef<MetricsSink.Command> sink;
  private final ActorRef<PartitionHost.Event> hostEvents;
  private final Instant startedAt = Instant.now();
  private final long startNanos = System.nanoTime();

  private int assigned;
  private long stepStartNanos;
  private double trainingWallMs;
  private int stepsCommitted;
  private long retries;
  private double virtualTimeMs;
  private StepResult awaitingEvaluation;
  private double awaitingWallMs;
  private final Tensor[] reportedParameters;
  private int parametersReported;
  private Double testAccuracy;
  private int evaluationRound;
  private int batchesEvaluated;
  private long correctSamples;
  private long evaluatedSamples;
  private final Map<String, Double> computeMs = new LinkedHashMap<>();
  private final Map<String, Double> commMs = new LinkedHashMap<>();
  private final List<WirelessLink.Stats> linkStats = new ArrayList<>();
  private String failure;
  private RunSummary summary;

  public static Behavior<Command> create(
      Scenario scenario, SplitTrainingSpec workload, TrainTest data, Path outputDirectory, RunListener listener) {
    return Behaviors.setup(ctx -> new SplitTrainingDirector(ctx, scenario, workload, data, outputDirectory, listener));
  }

  private SplitTrainingDirector(
      ActorContext<Command> ctx,
      Scenario scenario,
      SplitTrainingSpec workload,
      TrainTest data,
      Path outputDirectory,
      RunListener listener) {
    super(ctx);
    this.scenario = scenario;
    this.workload = workload;
    this.data = data;
    this.listener = listener;
    this.path = workload.path();
    this.plan = NetworkPlan.forPath(scenario.model(), workload.cuts(), scenario.hops(path));
    this.reportedParameters = new Tensor[path.size()];
    scenario.nodes().keySet().forEach(id -> computeMs.put(id, 0.0));
    scenario.links().keySet().forEach(id -> commMs.put(id, 0.0));
    this.sink =
        ctx.spawn(
            MetricsSink.create(outputDirectory, List.copyOf(scenario.nodes().keySet()), List.copyOf(scenario.links().keySet())),
            "metrics");
    this.hostEvents = ctx.messageAdapter(PartitionHost.Event.class, HostEventReceived::new);
    scenario.nodes().values().forEach(node -> nodes.put(node.id(), spawnNode(node)));
    scenario.links().values().forEach(link -> links.put(link.id(), spawnLink(link)));
    assignPartitions();
  }

  private ActorRef<PartitionHost.Command> spawnNode(NodeSpec node) {
    Behavior<PartitionHost.Command> behavior =
        node.role() == NodeRole.CLOUD
            ? CloudServer.create(node, scenario.model(), scenario.seed(), scenario.runtime())
            : EdgeDevice.create(node, scenario.model(), scenario.seed(), scenario.runtime(), localData(node));
    ActorRef<PartitionHost.Command> ref =
        getContext().spawn(behavior, node.id(), DispatcherSelector.fromConfig(ScenarioDirector.COMPUTE_DISPATCHER));
    getContext().watch(ref);
    return ref;
  }

  /** The data owner (first node of the path) trains on the whole training set and holds the test set. */
  private Optional<LocalData> localData(NodeSpec node) {
    if (!node.id().equals(path.get(0))) return Optional.empty();
    int[] all = IntStream.range(0, data.train().size()).toArray();
    long seed = Seeds.derive(scenario.seed(), "batches/" + node.id());
    return Optional.of(new LocalData(new ShardBatches(data.train(), all, workload.batchSize(), seed), data.test()));
  }

  private ActorRef<WirelessLink.Command> spawnLink(LinkSpec link) {
    List<FaultSpec> faults = scenario.faults().stream().filter(f -> f.onLink(link.id())).toList();
    Behavior<WirelessLink.Command> behavior =
        WirelessLink.create(
            link, faults, scenario.seed(), scenario.runtime().timeScale(), nodes.get(link.from()), nodes.get(link.to()));
    ActorRef<WirelessLink.Command> ref = getContext().spawn(behavior, "link-" + link.id());
    getContext().watch(ref);
    return ref;
  }

  private void assignPartitions() {
    for (int i = 0; i < path.size(); i++) {
      ActorRef<WirelessLink.Command> upstream = i == 0 ? null : linkBetween(path.get(i - 1), path.get(i));
      ActorRef<WirelessLink.Command> downstream = i + 1 == path.size() ? null : linkBetween(path.get(i), path.get(i + 1));
      nodes
          .get(path.get(i))
          .tell(new PartitionHost.AssignPartition(i, plan, upstream, downstream, hostEvents));
    }
  }

  private ActorRef<WirelessLink.Command> linkBetween(String a, String b) {
    return links.get(scenario.linkBetween(a, b).orElseThrow().id());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(HostEventReceived.class, this::onHostEvent)
        .onMessage(LinkStatsReceived.class, this::onLinkStats)
        .onMessage(SinkFinished.class, this::onSinkFinished)
        .onSignal(ChildFailed.class, this::onChildFailed)
        .build();
  }

  private Behavior<Command> onHostEvent(HostEventReceived received) {
    PartitionHost.Event event = received.event();
    if (event instanceof PartitionHost.PartitionAssigned) {
      if (++assigned == path.size()) runStep(0);
    } else if (event instanceof PartitionHost.StepCompleted done) {
      onStepCompleted(done);
    } else if (event instanceof PartitionHost.StepFailed failed) {
      fail("step " + failed.step() + " failed at " + failed.nodeId() + ": " + failed.reason());
    } else if (event instanceof PartitionHost.BatchEvaluated evaluated) {
      onBatchEvaluated(evaluated);
    } else if (event instanceof PartitionHost.ParametersReported reported) {
      onParametersReported(reported);
    }
    return this;
  }

  private void runStep(int step) {
    stepStartNanos = System.nanoTime();
    nodes.get(path.get(0)).tell(new PartitionHost.RunStep(step));
  }

  private void onStepCompleted(PartitionHost.StepCompleted done) {
    double wallMs = (System.nanoTime() - stepStartNanos) / 1e6;
    trainingWallMs += wallMs;
    stepsCommitted++;
    StepResult result = done.result();
    virtualTimeMs = result.endMs();
    if (evaluationDue(result.step())) {
      awaitingEvaluation = result;
      awaitingWallMs = wallMs;
      evaluationRound++;
      batchesEvaluated = 0;
      correctSamples = 0;
      evaluatedSamples = 0;
      nodes.get(path.get(0)).tell(new PartitionHost.Evaluate(evaluationRound, result.step(), result.endMs()));
    } else {
      recordAndContinue(result, wallMs, OptionalDouble.empty());
    }
  }

  private boolean evaluationDue(int step) {
    int every = workload.evalEvery();
    return step + 1 == workload.steps() || (every > 0 && (step + 1) % every == 0);
  }

  /** Test accuracy is measured through the partitions and links themselves (over the air where they are). */
  private void onBatchEvaluated(PartitionHost.BatchEvaluated evaluated) {
    if (evaluated.round() != evaluationRound) return;
    correctSamples += evaluated.correct();
    evaluatedSamples += evaluated.samples();
    if (++batchesEvaluated < Inference.batches(data.test().size())) return;
    testAccuracy = evaluatedSamples == 0 ? 0.0 : (double) correctSamples / evaluatedSamples;
    StepResult result = awaitingEvaluation;
    awaitingEvaluation = null;
    recordAndContinue(result, awaitingWallMs, OptionalDouble.of(testAccuracy));
  }

  private void onParametersReported(PartitionHost.ParametersReported reported) {
    reportedParameters[reported.index()] = reported.parameters();
    if (++parametersReported == path.size()) collectLinkStats();
  }

  private void recordAndContinue(StepResult result, double wallMs, OptionalDouble accuracy) {
    StepRecord record =
        StepAccounting.record(
            result, List.copyOf(computeMs.keySet()), List.copyOf(commMs.keySet()), wallMs, accuracy);
    record.computeMsByNode().forEach((k, v) -> computeMs.merge(k, v, Double::sum));
    record.commMsByLink().forEach((k, v) -> commMs.merge(k, v, Double::sum));
    retries += record.retries();
    sink.tell(new MetricsSink.Record(record));
    listener.onStep(record, workload.steps());
    if (result.step() + 1 < workload.steps()) {
      runStep(result.step() + 1);
    } else {
      path.forEach(id -> nodes.get(id).tell(new PartitionHost.ReportParameters(hostEvents)));
    }
  }

  private Behavior<Command> onChildFailed(ChildFailed failed) {
    fail(failed.getRef().path().name() + " crashed: " + failed.getCause().getMessage());
    return this;
  }

  private void fail(String reason) {
    if (failure != null || summary != null) return;
    failure = reason;
    getContext().getLog().error("run failed: {}", reason);
    collectLinkStats();
  }

  private void collectLinkStats() {
    ActorRef<WirelessLink.Stats> adapter = getContext().messageAdapter(WirelessLink.Stats.class, LinkStatsReceived::new);
    if (links.isEmpty()) finish();
    links.values().forEach(link -> link.tell(new WirelessLink.GetStats(adapter)));
  }

  private Behavior<Command> onLinkStats(LinkStatsReceived received) {
    linkStats.add(received.stats());
    if (linkStats.size() == links.size()) finish();
    return this;
  }

  private void finish() {
    long trainingSamples = (long) stepsCommitted * workload.batchSize();
    summary =
        new RunSummary(
            scenario.name(),
            scenario.seed(),
            failure == null ? RunStatus.COMPLETED : RunStatus.FAILED,
            failure,
            failure == null ? testAccuracy : null,
            workload.steps(),
            stepsCommitted,
            RunSummary.samplesPerSecond(trainingSamples, trainingWallMs),
            virtualTimeMs,
            (System.nanoTime() - startNanos) / 1e6,
            linkStats.stream().mapToLong(WirelessLink.Stats::bytesSent).sum(),
            linkStats.stream().mapToLong(WirelessLink.Stats::messagesDropped).sum(),
            linkStats.stream().mapToLong(WirelessLink.Stats::messagesDuplicated).sum(),
            retries,
            computeMs,
            commMs,
            startedAt,
            linkStats.stream().mapToDouble(WirelessLink.Stats::channelUses).sum());
    sink.tell(new MetricsSink.Finish(summary, getContext().messageAdapter(MetricsSink.Finished.class, SinkFinished::new)));
  }

  private Behavior<Command> onSinkFinished(SinkFinished finished) {
    boolean complete = Arrays.stream(reportedParameters).allMatch(Objects::nonNull);
    listener.onFinished(summary, complete && failure == null ? List.of(reportedParameters) : List.of());
    return Behaviors.stopped();
  }
}
