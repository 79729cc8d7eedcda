package io.edgeweave.training.actors;

import io.edgeweave.channel.LinkState;
import io.edgeweave.data.TrainTest;
import io.edgeweave.fault.TrainingNodeFaults;
import io.edgeweave.metrics.Divergence;
import io.edgeweave.metrics.RunDescription;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.metrics.Topology;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.LinkStats;
import io.edgeweave.runtime.RunControl;
import io.edgeweave.runtime.RunListener;
import io.edgeweave.runtime.WorkloadDirectors;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.NetworkPlan;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.SplitTrainingSpec;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.training.Inference;
import io.edgeweave.training.RunCheckpoint;
import io.edgeweave.training.SplitRunLedger;
import io.edgeweave.training.SplitWorker;
import io.edgeweave.training.StepAccounting;
import io.edgeweave.training.StepResult;
import io.edgeweave.training.TestBatches;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Runs a split-training scenario: has the {@link Deployer} host a node actor per node and a link actor per link,
 * assigns the partitions along the workload's path, drives the training steps one after another, evaluates test
 * accuracy, and hands the results to the {@link MetricsSink}. Link faults travel with each link; process faults are
 * struck before their step.
 *
 * <p>Every {@code checkpoint-every} steps it takes a consistent cut of the run (each partition and each link,
 * between two steps) and has it written to disk. When a node or link actor stops (its JVM died), the run enters a
 * new epoch: it reads the last checkpoint back, forgets the steps after it, redeploys everything on the JVMs that
 * are up and resumes, computing exactly what an uninterrupted run computes. Messages of an earlier epoch are
 * dropped: they reach the director only through relays that stop with their epoch.
 */
public final class SplitTrainingDirector extends AbstractBehavior<SplitTrainingDirector.Command> {
  public interface Command extends CborSerializable {}

  /** From a relay of this JVM: the event itself crossed the network already. */
  record HostEventReceived(int epoch, PartitionHost.Event event) implements Command, NoSerializationVerificationNeeded {}

  /** From a relay of this JVM. */
  record LinkStateReceived(int epoch, WirelessLink.StateSaved saved)
      implements Command, NoSerializationVerificationNeeded {}

  record LinkStatsReceived(LinkStats stats) implements Command {}

  record DeployOutcome(Deployer.Outcome outcome) implements Command {}

  record CheckpointSaved(MetricsSink.CheckpointSaved saved) implements Command {}

  record CheckpointLoaded(MetricsSink.CheckpointLoaded loaded) implements Command {}

  record SinkFinished(MetricsSink.Finished finished) implements Command {}

  /** The run's user asked it to stop: after the step in flight, save a checkpoint and end as interrupted. */
  enum Interrupt implements Command {
    INSTANCE
  }

  private final Scenario scenario;
  private final SplitTrainingSpec workload;
  private final TrainTest data;
  private final RunListener listener;
  private final ActorRef<Deployer.Command> deployer;
  private final ActorRef<Deployer.Outcome> deployOutcomes;
  private final List<String> path;
  private final NetworkPlan plan;
  private final TrainingNodeFaults nodeFaults;
  private final ActorRef<MetricsSink.Command> sink;
  private final RunControl control;
  private final Instant startedAt = Instant.now();
  private final long startNanos = System.nanoTime();

  // the current epoch: what is deployed and the relays that carry its messages
  private int epoch;
  private RunCheckpoint resumeFrom;
  private ActorRef<PartitionHost.Event> hostEvents;
  private ActorRef<WirelessLink.StateSaved> linkStates;
  private Map<String, ActorRef<PartitionHost.Command>> nodes = Map.of();
  private Map<String, ActorRef<WirelessLink.Command>> links = Map.of();
  private Map<String, String> placement = Map.of();
  private final Set<ActorRef<?>> watched = new HashSet<>();
  private int assigned;

  // training progress: the committed steps, checkpoints and recoveries
  private final SplitRunLedger ledger = new SplitRunLedger();
  private long stepStartNanos;
  private StepResult awaitingEvaluation;
  private double awaitingWallMs;
  /** Whether the first node is running steps (up to {@link #segmentEnd}) or they wait for their evaluation. */
  private boolean stepInFlight;
  /** The last of the steps the first node runs one after another without the director. */
  private int segmentEnd = -1;
  private int evaluationRound;
  private TestBatches evaluating;
  private TestBatches lastEvaluation;
  private Tensor[] reportedParameters;
  private int parametersReported;

  // checkpoints
  private int savingStep = -1;
  private SplitWorker.State[] savingPartitions;
  private final Map<String, LinkState> savingLinks = new LinkedHashMap<>();
  private RunCheckpoint writing;

  // faults and recoveries
  private final Set<Integer> struck = new HashSet<>();
  /** The step that waits for a JVM kill to land (-1: none). */
  private int heldForKill = -1;
  private long lastProgressNanos = System.nanoTime();
  private boolean recovering;
  private long recoveryStartNanos;

  private boolean linkStatsRequested;
  private final List<LinkStats> linkStats = new ArrayList<>();
  private String failure;
  private RunStatus failedAs = RunStatus.FAILED;
  /** Why the run's user asked it to stop (null: not asked). */
  private String interruptedBy;
  private RunSummary summary;

  public static Behavior<Command> create(SplitTrainingSpec workload, WorkloadDirectors.RunSetup run) {
    return Behaviors.setup(ctx -> new SplitTrainingDirector(ctx, workload, run));
  }

  private SplitTrainingDirector(ActorContext<Command> ctx, SplitTrainingSpec workload, WorkloadDirectors.RunSetup run) {
    super(ctx);
    this.scenario = run.scenario();
    this.workload = workload;
    this.data = run.data();
    this.listener = run.listener();
    this.deployer = ctx.spawn(Deployer.create(run), "deployer");
    this.control = run.control();
    Path outputDirectory = run.out();
    this.deployOutcomes = ctx.messageAdapter(Deployer.Outcome.class, DeployOutcome::new);
    this.path = workload.path();
    this.plan = NetworkPlan.forPath(scenario.model(), workload.cuts(), scenario.hops(path));
    this.nodeFaults = new TrainingNodeFaults(scenario.faults());
    this.sink =
        ctx.spawn(
            MetricsSink.create(
                outputDirectory,
                scenario.name(),
                List.copyOf(scenario.nodes().keySet()),
                List.copyOf(scenario.links().keySet()),
                new RunDescription(Topology.splitTraining(scenario, path, plan), scenario.faults())),
            "metrics",
            DispatcherSelector.blocking());
    ctx.watch(sink);
    control.onInterrupt(ctx.getSelf(), Interrupt.INSTANCE);
    if (run.resume()) {
      loadCheckpoint();
    } else {
      deploy();
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(DeployOutcome.class, this::onDeployOutcome)
        .onMessage(HostEventReceived.class, this::onHostEvent)
        .onMessage(LinkStateReceived.class, this::onLinkState)
        .onMessage(CheckpointSaved.class, this::onCheckpointSaved)
        .onMessage(CheckpointLoaded.class, this::onCheckpointLoaded)
        .onMessage(LinkStatsReceived.class, this::onLinkStats)
        .onMessage(SinkFinished.class, this::onSinkFinished)
        .onMessage(Interrupt.class, i -> onInterrupt())
        .onSignal(ChildFailed.class, this::onChildFailed)
        .onSignal(Terminated.class, this::onTerminated)
        .build();
  }

  // --- deployment

  /** Opens the epoch's relays and asks for every node and link, fresh or as in {@link #resumeFrom}. */
  private void deploy() {
    hostEvents = relay(PartitionHost.Event.class, e -> new HostEventReceived(epoch, e));
    linkStates = relay(WirelessLink.StateSaved.class, s -> new LinkStateReceived(epoch, s));
    Map<String, LinkState> linkResume = resumeFrom == null ? Map.of() : resumeFrom.links();
    deployer.tell(new Deployer.Deploy(epoch, Map.of(path.get(0), workload.batchSize()), linkResume, deployOutcomes));
  }

  /** Forwards messages of one epoch to the director, until the epoch ends. */
  private <T> ActorRef<T> relay(Class<T> type, Function<T, Command> wrap) {
    ActorRef<Command> self = getContext().getSelf();
    return getContext()
        .spawnAnonymous(Behaviors.receive(type).onAnyMessage(m -> {
          self.tell(wrap.apply(m));
          return Behaviors.same();
        }).build());
  }

  private Behavior<Command> onDeployOutcome(DeployOutcome received) {
    if (received.outcome() instanceof Deployer.StrikeMissed && heldForKill >= 0 && !recovering) {
      startStep(heldForKill);
    } else if (received.outcome() instanceof Deployer.DeployFailed failed && failed.epoch() == epoch) {
      fail("cannot deploy the run: " + failed.reason());
    } else if (received.outcome() instanceof Deployer.Deployed deployed && deployed.epoch() == epoch && !finishing()) {
      nodes = deployed.nodes();
      links = deployed.links();
      placement = deployed.placement();
      nodes.values().forEach(this::watch);
      links.values().forEach(this::watch);
      assignPartitions();
    }
    return this;
  }

  private void watch(ActorRef<?> ref) {
    watched.add(ref);
    getContext().watch(ref);
  }

  private void assignPartitions() {
    assigned = 0;
    for (int i = 0; i < path.size(); i++) {
      ActorRef<WirelessLink.Command> upstream = i == 0 ? null : linkBetween(path.get(i - 1), path.get(i));
      ActorRef<WirelessLink.Command> downstream = i + 1 == path.size() ? null : linkBetween(path.get(i), path.get(i + 1));
      Optional<SplitWorker.State> state = resumeFrom == null ? Optional.empty() : Optional.of(resumeFrom.partitions().get(i));
      nodes
          .get(path.get(i))
          .tell(new PartitionHost.AssignPartition(i, plan, upstream, downstream, state, workload.microBatches(), hostEvents));
    }
  }

  private ActorRef<WirelessLink.Command> linkBetween(String a, String b) {
    return links.get(scenario.linkBetween(a, b).orElseThrow().id());
  }

  // --- training

  private Behavior<Command> onHostEvent(HostEventReceived received) {
    if (received.epoch() != epoch || finishing()) return this;
    PartitionHost.Event event = received.event();
    if (event instanceof PartitionHost.PartitionAssigned) {
      if (++assigned == path.size()) resumeTraining();
    } else if (event instanceof PartitionHost.StepCompleted done) {
      onStepCompleted(done);
    } else if (event instanceof PartitionHost.Paused paused) {
      onPaused(paused);
    } else if (event instanceof PartitionHost.StepFailed failed) {
      fail("step " + failed.step() + " failed at " + failed.nodeId() + ": " + failed.reason());
    } else if (event instanceof PartitionHost.BatchEvaluated evaluated) {
      onBatchEvaluated(evaluated);
    } else if (event instanceof PartitionHost.ParametersReported reported) {
      onParametersReported(reported);
    } else if (event instanceof PartitionHost.StateSaved saved) {
      savingPartitions[saved.index()] = saved.state();
      checkpointIfComplete();
    }
    return this;
  }

  private void resumeTraining() {
    if (recovering) {
      ledger.recovered((System.nanoTime() - recoveryStartNanos) / 1e6);
      recovering = false;
    }
    runStep(ledger.committed());
  }

  /**
   * Starts {@code step}, unless a JVM is killed before it: then the step waits for the loss to be seen (the
   * recovery resumes from the last checkpoint) or for the strike to miss, so the kill lands exactly at its step.
   */
  private void runStep(int step) {
    boolean killing = false;
    for (int i : nodeFaults.processFaultsAt(step)) {
      if (!struck.add(i)) continue;
      FaultSpec fault = nodeFaults.faults().get(i);
      deployer.tell(new Deployer.Strike(fault, deployOutcomes));
      killing |= fault.kind() == FaultSpec.FaultKind.KILL_JVM;
    }
    if (killing) {
      heldForKill = step;
    } else {
      startStep(step);
    }
  }

  /** Has the first node run steps from {@code step} on, up to the next step the director must act after. */
  private void startStep(int step) {
    heldForKill = -1;
    stepInFlight = true;
    stepStartNanos = System.nanoTime();
    segmentEnd = segmentEnd(step);
    nodes.get(path.get(0)).tell(new PartitionHost.RunSteps(step, segmentEnd));
  }

  /**
   * The first step from {@code step} on after which the director acts: the last, an evaluation, a checkpoint, or the
   * step before a process fault (struck before its step).
   */
  private int segmentEnd(int step) {
    int last = workload.steps() - 1;
    for (int s = step; s < last; s++) {
      if (evaluationDue(s) || checkpointDue(s) || !struck.containsAll(nodeFaults.processFaultsAt(s + 1))) return s;
    }
    return last;
  }

  private void onStepCompleted(PartitionHost.StepCompleted done) {
    long now = System.nanoTime();
    double wallMs = (now - stepStartNanos) / 1e6;
    stepStartNanos = now; // within a segment the first node goes straight on to the next step
    StepResult result = done.result();
    if (result.step() < segmentEnd) {
      commit(result, wallMs, OptionalDouble.empty());
    } else if (evaluationDue(result.step())) {
      awaitingEvaluation = result;
      awaitingWallMs = wallMs;
      // numbered by the evaluations committed, so that a run resumed from a checkpoint numbers them alike
      evaluationRound = 1 + ledger.evaluations();
      evaluating = new TestBatches(Inference.batches(data.test().size()));
      nodes.get(path.get(0)).tell(new PartitionHost.Evaluate(evaluationRound, result.step(), result.endMs()));
    } else {
      recordAndContinue(result, wallMs, OptionalDouble.empty());
    }
  }

  private boolean evaluationDue(int step) {
    int every = workload.evalEvery();
    return step + 1 == workload.steps() || (every > 0 && (step + 1) % every == 0);
  }

  private boolean checkpointDue(int step) {
    int every = scenario.runtime().checkpointEvery();
    return every > 0 && (step + 1) % every == 0;
  }

  /** A stop cut the segment short: the first node is idle after {@code paused.lastStep()}. */
  private void onPaused(PartitionHost.Paused paused) {
    if (!stepInFlight || paused.lastStep() + 1 != ledger.committed()) return;
    segmentEnd = paused.lastStep();
    afterSegment(paused.lastStep());
  }

  /**
   * Test accuracy is measured through the partitions and links themselves (over the air where they are, each test
   * batch through its own realisation of the channel).
   */
  private void onBatchEvaluated(PartitionHost.BatchEvaluated evaluated) {
    if (awaitingEvaluation == null || evaluated.round() != evaluationRound) return;
    if (!evaluating.add(evaluated.batch(), evaluated.correct(), evaluated.samples())) return;
    lastEvaluation = evaluating;
    StepResult result = awaitingEvaluation;
    awaitingEvaluation = null;
    recordAndContinue(result, awaitingWallMs, OptionalDouble.of(evaluating.accuracy()));
  }

  private void onParametersReported(PartitionHost.ParametersReported reported) {
    if (reportedParameters == null) return;
    reportedParameters[reported.index()] = reported.parameters();
    if (++parametersReported == path.size()) collectLinkStats();
  }

  private void recordAndContinue(StepResult result, double wallMs, OptionalDouble accuracy) {
    if (commit(result, wallMs, accuracy)) afterSegment(result.step());
  }

  /** Commits a step's record; false if its loss stopped the run. */
  private boolean commit(StepResult result, double wallMs, OptionalDouble accuracy) {
    StepRecord record =
        StepAccounting.record(
            result, List.copyOf(scenario.nodes().keySet()), List.copyOf(scenario.links().keySet()), wallMs, accuracy);
    ledger.commit(record);
    lastProgressNanos = System.nanoTime();
    sink.tell(new MetricsSink.Record(record));
    listener.onStep(record, workload.steps());
    if (!scenario.runtime().stopsOn(result.loss())) return true;
    String last = path.get(path.size() - 1);
    failedAs = RunStatus.DIVERGED;
    fail(Divergence.message("step " + result.step(), "loss", result.loss(), last + " (the last partition)"));
    return false;
  }

  /** The first node is idle after {@code step}: collect the parameters, checkpoint, or run on. */
  private void afterSegment(int step) {
    stepInFlight = false;
    if (step + 1 == workload.steps()) {
      reportedParameters = new Tensor[path.size()];
      parametersReported = 0;
      path.forEach(id -> nodes.get(id).tell(new PartitionHost.ReportParameters(hostEvents)));
    } else if (interruptedBy != null || checkpointDue(step)) {
      startCheckpoint(step);
    } else {
      runStep(step + 1);
    }
  }

  // --- checkpoints

  /** Asks every partition and link for its state; training waits until the checkpoint is on disk. */
  private void startCheckpoint(int step) {
    savingStep = step;
    savingPartitions = new SplitWorker.State[path.size()];
    savingLinks.clear();
    path.forEach(id -> nodes.get(id).tell(new PartitionHost.SaveState(hostEvents)));
    links.values().forEach(link -> link.tell(new WirelessLink.SaveState(linkStates)));
  }

  private Behavior<Command> onLinkState(LinkStateReceived received) {
    if (received.epoch() != epoch || savingStep < 0) return this;
    savingLinks.put(received.saved().linkId(), received.saved().state());
    checkpointIfComplete();
    return this;
  }

  private void checkpointIfComplete() {
    if (savingStep < 0 || savingLinks.size() < links.size() || Arrays.stream(savingPartitions).anyMatch(Objects::isNull)) {
      return;
    }
    Map<String, LinkState> ordered = new LinkedHashMap<>();
    scenario.links().keySet().forEach(id -> ordered.put(id, savingLinks.get(id)));
    writing = ledger.checkpoint(scenario, savingStep, List.of(savingPartitions), ordered);
    savingStep = -1;
    sink.tell(
        new MetricsSink.SaveCheckpoint(
            writing, getContext().messageAdapter(MetricsSink.CheckpointSaved.class, CheckpointSaved::new)));
  }

  private Behavior<Command> onCheckpointSaved(CheckpointSaved saved) {
    if (writing == null || writing.step() != saved.saved().step()) return this;
    ledger.checkpointSaved(writing);
    int savedStep = writing.step();
    writing = null;
    lastProgressNanos = System.nanoTime();
    if (interruptedBy != null) {
      endInterrupted();
    } else if (!finishing() && ledger.committed() == savedStep + 1 && !recovering) {
      runStep(savedStep + 1);
    }
    return this;
  }

  // --- recovery

  private Behavior<Command> onTerminated(Terminated terminated) {
    if (terminated.getRef().equals(sink)) return this;
    if (!watched.contains(terminated.getRef()) || finishing()) return this;
    String lost = placement.isEmpty() ? terminated.getRef().path().name()
        : describeLoss(terminated.getRef());
    if (interruptedBy != null) {
      endInterrupted();
      return this;
    }
    getContext().getLog().warn("{}: resuming from the last checkpoint", lost);
    if (!ledger.recoveryStarted()) {
      fail(lost + ", " + SplitRunLedger.MAX_RECOVERIES_WITHOUT_PROGRESS + " times without a step in between");
      return this;
    }
    endEpoch();
    recovering = true;
    // training stood still since its last step: detecting the loss is part of what it cost
    recoveryStartNanos = lastProgressNanos;
    loadCheckpoint();
    return this;
  }

  private void loadCheckpoint() {
    sink.tell(
        new MetricsSink.LoadCheckpoint(getContext().messageAdapter(MetricsSink.CheckpointLoaded.class, CheckpointLoaded::new)));
  }

  private String describeLoss(ActorRef<?> ref) {
    for (Map.Entry<String, ActorRef<PartitionHost.Command>> e : nodes.entrySet()) {
      if (e.getValue().equals(ref)) return "lost node " + e.getKey() + " on JVM " + placement.get(e.getKey());
    }
    for (Map.Entry<String, ActorRef<WirelessLink.Command>> e : links.entrySet()) {
      if (e.getValue().equals(ref)) return "lost link " + e.getKey();
    }
    return "lost " + ref.path().name();
  }

  /** Stops listening to the epoch's actors and drops what it was in the middle of. */
  private void endEpoch() {
    epoch++;
    getContext().stop(hostEvents);
    getContext().stop(linkStates);
    watched.forEach(getContext()::unwatch);
    watched.clear();
    nodes = Map.of();
    links = Map.of();
    awaitingEvaluation = null;
    reportedParameters = null;
    savingStep = -1;
    stepInFlight = false;
  }

  /**
   * Forgets the steps after the checkpoint read back and deploys the next epoch from it: after a lost node, or at
   * the start of a run resumed in a new process (then the process faults before the checkpoint have struck already).
   */
  private Behavior<Command> onCheckpointLoaded(CheckpointLoaded received) {
    if (finishing()) return this;
    MetricsSink.CheckpointLoaded loaded = received.loaded();
    loaded.warnings().forEach(w -> getContext().getLog().warn(w));
    resumeFrom = loaded.checkpoint().orElse(null);
    int resumeStep = ledger.resumeFrom(resumeFrom);
    for (int step = 0; step < resumeStep; step++) {
      for (int i : nodeFaults.processFaultsAt(step)) struck.add(i);
    }
    if (interruptedBy != null) {
      endInterrupted();
    } else {
      deploy();
    }
    return this;
  }

  // --- a stop asked for by the run's user

  /** Waits for the step in flight and its checkpoint; with nothing in flight, ends at once. */
  private Behavior<Command> onInterrupt() {
    if (finishing() || interruptedBy != null) return this;
    interruptedBy = control.interruption().orElse("a stop request");
    getContext().getLog().info("{}: stopping after the step in flight", interruptedBy);
    boolean checkpointing = savingStep >= 0 || writing != null;
    if (stepInFlight) {
      nodes.get(path.get(0)).tell(PartitionHost.Pause.INSTANCE);
    } else if (!checkpointing && reportedParameters == null) {
      endInterrupted();
    }
    return this;
  }

  private void endInterrupted() {
    failedAs = RunStatus.INTERRUPTED;
    RunCheckpoint last = ledger.lastCheckpoint();
    String resumable = last == null ? "no checkpoint yet" : "checkpoint after step " + last.step();
    end("stopped by " + interruptedBy + " after " + ledger.committed() + " committed steps (" + resumable + ")");
  }

  // --- the end

  private Behavior<Command> onChildFailed(ChildFailed failed) {
    fail(failed.getRef().path().name() + " crashed: " + failed.getCause().getMessage());
    return this;
  }

  private boolean finishing() {
    return linkStatsRequested;
  }

  private void fail(String reason) {
    if (finishing()) return;
    getContext().getLog().error("run failed: {}", reason);
    end(reason);
  }

  private void end(String reason) {
    if (finishing()) return;
    failure = reason;
    collectLinkStats();
  }

  private void collectLinkStats() {
    linkStatsRequested = true;
    if (links.isEmpty()) {
      finish();
      return;
    }
    ActorRef<LinkStats> adapter = getContext().messageAdapter(LinkStats.class, LinkStatsReceived::new);
    links.values().forEach(link -> link.tell(new WirelessLink.GetStats(adapter)));
  }

  private Behavior<Command> onLinkStats(LinkStatsReceived received) {
    linkStats.add(received.stats());
    if (linkStats.size() == links.size()) finish();
    return this;
  }

  private void finish() {
    SplitRunLedger.LinkTotals carried = new SplitRunLedger.LinkTotals(
        linkStats.stream().mapToLong(LinkStats::bytesSent).sum(),
        linkStats.stream().mapToLong(LinkStats::messagesDropped).sum(),
        linkStats.stream().mapToLong(LinkStats::messagesDuplicated).sum(),
        linkStats.stream().mapToDouble(LinkStats::channelUses).sum());
    summary = ledger.summary(scenario, workload.steps(), workload.batchSize(), new SplitRunLedger.Ending(
        failedAs, failure, (System.nanoTime() - startNanos) / 1e6, startedAt, placement, carried,
        struck.size() + slowWindowsOpened(), lastEvaluation));
    deployer.tell(Deployer.Release.INSTANCE);
    sink.tell(new MetricsSink.Finish(summary, getContext().messageAdapter(MetricsSink.Finished.class, SinkFinished::new)));
  }

  private int slowWindowsOpened() {
    return (int)
        nodeFaults.faults().stream()
            .filter(f -> f.kind() == FaultSpec.FaultKind.SLOW_NODE && f.atStep().orElse(0) < ledger.committed())
            .count();
  }

  private Behavior<Command> onSinkFinished(SinkFinished finished) {
    boolean complete = reportedParameters != null && Arrays.stream(reportedParameters).allMatch(Objects::nonNull);
    listener.onFinished(summary, complete && failure == null ? List.of(reportedParameters) : List.of());
    return Behaviors.stopped();
  }
}
