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
import io.edgeweave.runtime.TakeoverTimer;
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
import io.edgeweave.training.StepReports;
import io.edgeweave.training.StepResult;
import io.edgeweave.training.TestBatches;
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
import java.util.function.Supplier;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

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
 *
 * <p>Each phase of a run is its own behaviour: deploying an epoch, running a segment of steps (or waiting for a JVM
 * kill to land before one), evaluating, gathering and writing a checkpoint, reading one back, collecting the trained
 * parameters, and the end. What a stop request does depends on the phase; a lost node or link starts a recovery in
 * any phase but the end.
 */
public final class SplitTrainingDirector {
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

  private final ActorContext<Command> ctx;
  private final Scenario scenario;
  private final SplitTrainingSpec workload;
  private final TrainTest data;
  private final RunListener listener;
  private final ActorRef<Deployer.Command> deployer;
  private final ActorRef<Deployer.Outcome> deployOutcomes;
  private final List<String> path;
  private final NetworkPlan plan;
  private final TrainingNodeFaults nodeFaults;
  /** The scenario's nodes and links, in order: the columns of every step's record. */
  private final List<String> nodeIds;
  private final List<String> linkIds;
  private final ActorRef<MetricsSink.Command> sink;
  private final RunControl control;
  private final TakeoverTimer takeover;
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

  // training progress: the committed steps, checkpoints and recoveries
  private final SplitRunLedger ledger = new SplitRunLedger();
  private TestBatches lastEvaluation;
  /** A checkpoint handed to the sink and not yet confirmed on disk (it may be confirmed during a recovery). */
  private RunCheckpoint writing;

  // faults and recoveries
  private final Set<Integer> struck = new HashSet<>();
  private long lastProgressNanos = System.nanoTime();
  /** When the training stood still before the recovery under way (-1: none under way). */
  private long recoveryStartNanos = -1;

  /** Why the run's user asked it to stop (null: not asked). */
  private String interruptedBy;

  public static Behavior<Command> create(SplitTrainingSpec workload, WorkloadDirectors.RunSetup run) {
    return Behaviors.setup(ctx -> new SplitTrainingDirector(ctx, workload, run).start(run.resume()));
  }

  private SplitTrainingDirector(ActorContext<Command> ctx, SplitTrainingSpec workload, WorkloadDirectors.RunSetup run) {
    this.ctx = ctx;
    this.scenario = run.scenario();
    this.workload = workload;
    this.data = run.data();
    this.listener = run.listener();
    this.deployer = ctx.spawn(Deployer.create(run), "deployer");
    this.control = run.control();
    this.takeover = new TakeoverTimer(run.takenOver());
    this.deployOutcomes = ctx.messageAdapter(Deployer.Outcome.class, DeployOutcome::new);
    this.path = workload.path();
    this.plan = NetworkPlan.forPath(scenario.model(), workload.cuts(), scenario.hops(path));
    this.nodeFaults = new TrainingNodeFaults(scenario.faults());
    this.nodeIds = List.copyOf(scenario.nodes().keySet());
    this.linkIds = List.copyOf(scenario.links().keySet());
    this.sink =
        ctx.spawn(
            MetricsSink.create(
                run.out(),
                scenario.name(),
                nodeIds,
                linkIds,
                new RunDescription(Topology.splitTraining(scenario, path, plan), scenario.faults())),
            "metrics",
            DispatcherSelector.blocking());
    ctx.watch(sink);
    control.onInterrupt(ctx.getSelf(), Interrupt.INSTANCE);
  }

  private Behavior<Command> start(boolean resume) {
    return resume ? loadCheckpoint() : deploy();
  }

  /**
   * What every phase but the last handles: a crashed child fails the run, a lost node or link starts a recovery
   * (or ends a run its user stopped). The phase adds its own messages and what a stop request does in it: stop at
   * once when nothing is in flight, or go on ({@code Behaviors::same}) and stop when what is in flight is done.
   */
  private BehaviorBuilder<Command> phase(Supplier<Behavior<Command>> onInterrupt) {
    return Behaviors.receive(Command.class)
        .onMessage(Interrupt.class, i -> interruptedBy == null ? interrupted(onInterrupt) : Behaviors.same())
        .onSignal(ChildFailed.class, f -> fail(f.getRef().path().name() + " crashed: " + f.getCause().getMessage()))
        .onSignal(Terminated.class, this::onTerminated);
  }

  private Behavior<Command> interrupted(Supplier<Behavior<Command>> then) {
    interruptedBy = control.interruption().orElse("a stop request");
    ctx.getLog().info("{}: stopping after the step in flight", interruptedBy);
    return then.get();
  }

  private boolean ofThisEpoch(HostEventReceived received, Class<? extends PartitionHost.Event> type) {
    return received.epoch() == epoch && type.isInstance(received.event());
  }

  // --- phase: deploying the epoch's nodes and links and assigning their partitions

  /** Opens the epoch's relays and asks for every node and link, fresh or as in {@link #resumeFrom}. */
  private Behavior<Command> deploy() {
    hostEvents = relay(PartitionHost.Event.class, e -> new HostEventReceived(epoch, e));
    linkStates = relay(WirelessLink.StateSaved.class, s -> new LinkStateReceived(epoch, s));
    Map<String, LinkState> linkResume = resumeFrom == null ? Map.of() : resumeFrom.links();
    deployer.tell(new Deployer.Deploy(epoch, Map.of(path.get(0), workload.batchSize()), linkResume, deployOutcomes));
    return deploying(0);
  }

  /** Forwards messages of one epoch to the director, until the epoch ends. */
  private <T> ActorRef<T> relay(Class<T> type, Function<T, Command> wrap) {
    ActorRef<Command> self = ctx.getSelf();
    return ctx.spawnAnonymous(Behaviors.receive(type).onAnyMessage(m -> {
      self.tell(wrap.apply(m));
      return Behaviors.same();
    }).build());
  }

  private Behavior<Command> deploying(int assigned) {
    return phase(this::endInterrupted)
        .onMessage(DeployOutcome.class, d -> onDeployOutcome(d.outcome()))
        .onMessage(HostEventReceived.class, e -> ofThisEpoch(e, PartitionHost.PartitionAssigned.class),
            e -> assigned + 1 == path.size() ? resumeTraining() : deploying(assigned + 1))
        .build();
  }

  private Behavior<Command> onDeployOutcome(Deployer.Outcome outcome) {
    if (outcome instanceof Deployer.DeployFailed failed && failed.epoch() == epoch) {
      return fail("cannot deploy the run: " + failed.reason());
    }
    if (outcome instanceof Deployer.Deployed deployed && deployed.epoch() == epoch) {
      nodes = deployed.nodes();
      links = deployed.links();
      placement = deployed.placement();
      nodes.values().forEach(this::watch);
      links.values().forEach(this::watch);
      assignPartitions();
    }
    return Behaviors.same();
  }

  private void watch(ActorRef<?> ref) {
    watched.add(ref);
    ctx.watch(ref);
  }

  private void assignPartitions() {
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

  // --- phase: running steps

  private Behavior<Command> resumeTraining() {
    if (recoveryStartNanos >= 0) {
      ledger.recovered((System.nanoTime() - recoveryStartNanos) / 1e6);
      recoveryStartNanos = -1;
    }
    return runStep(ledger.committed());
  }

  /**
   * Starts {@code step}, unless a JVM is killed before it: then the step waits for the loss to be seen (the
   * recovery resumes from the last checkpoint) or for the strike to miss, so the kill lands exactly at its step.
   */
  private Behavior<Command> runStep(int step) {
    boolean killing = false;
    for (int i : nodeFaults.processFaultsAt(step)) {
      if (!struck.add(i)) continue;
      FaultSpec fault = nodeFaults.faults().get(i);
      deployer.tell(new Deployer.Strike(fault, deployOutcomes));
      killing |= fault.kind() == FaultSpec.FaultKind.KILL_JVM;
    }
    return killing ? awaitingKill(step) : startSegment(step);
  }

  /** A JVM is to die before {@code step}: the strike misses (the step runs) or the loss starts a recovery. */
  private Behavior<Command> awaitingKill(int step) {
    return phase(this::endInterrupted)
        .onMessage(DeployOutcome.class, d -> d.outcome() instanceof Deployer.StrikeMissed,
            d -> startSegment(step))
        .onMessage(DeployOutcome.class, d -> onDeployOutcome(d.outcome()))
        .build();
  }

  /** Has the first node run steps from {@code step} on, up to the next step the director must act after. */
  private Behavior<Command> startSegment(int step) {
    int last = segmentEnd(step);
    nodes.get(path.get(0)).tell(new PartitionHost.RunSteps(step, last));
    return running(last);
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

  /** The first node runs steps up to {@code segmentEnd} one after another and reports them a few at a time. */
  private Behavior<Command> running(int segmentEnd) {
    return phase(this::pauseFirstNode)
        .onMessage(HostEventReceived.class, e -> ofThisEpoch(e, PartitionHost.StepsCompleted.class),
            e -> onStepsCompleted(((PartitionHost.StepsCompleted) e.event()).steps(), segmentEnd))
        .onMessage(HostEventReceived.class, e -> ofThisEpoch(e, PartitionHost.Paused.class),
            e -> onPaused((PartitionHost.Paused) e.event()))
        .onMessage(HostEventReceived.class, e -> ofThisEpoch(e, PartitionHost.StepFailed.class),
            e -> onStepFailed((PartitionHost.StepFailed) e.event()))
        .build();
  }

  private Behavior<Command> pauseFirstNode() {
    nodes.get(path.get(0)).tell(PartitionHost.Pause.INSTANCE);
    return Behaviors.same();
  }

  private Behavior<Command> onStepFailed(PartitionHost.StepFailed failed) {
    return fail("step " + failed.step() + " failed at " + failed.nodeId() + ": " + failed.reason());
  }

  /**
   * Commits the steps reported, in order, and writes their rows at once; the segment's last step is then evaluated
   * (if due) or followed by what comes after the segment. A loss that stops the run ends it at its step.
   */
  private Behavior<Command> onStepsCompleted(List<StepReports.Completed> steps, int segmentEnd) {
    List<StepRecord> records = new ArrayList<>();
    Supplier<Behavior<Command>> next = Behaviors::same;
    for (StepReports.Completed done : steps) {
      StepResult result = done.result();
      if (result.step() == segmentEnd && evaluationDue(result.step())) {
        next = () -> evaluate(result, done.wallMs());
        break;
      }
      records.add(commit(result, done.wallMs(), OptionalDouble.empty()));
      if (scenario.runtime().stopsOn(result.loss())) {
        next = () -> diverged(result);
        break;
      }
      if (result.step() == segmentEnd) next = () -> afterSegment(result.step());
    }
    if (!records.isEmpty()) sink.tell(new MetricsSink.Record(records));
    return next.get();
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
  private Behavior<Command> onPaused(PartitionHost.Paused paused) {
    return paused.lastStep() + 1 == ledger.committed() ? afterSegment(paused.lastStep()) : Behaviors.same();
  }

  /** Commits a step's record to the ledger and the run's listener; the caller hands it to the sink. */
  private StepRecord commit(StepResult result, double wallMs, OptionalDouble accuracy) {
    StepRecord record = StepAccounting.record(result, nodeIds, linkIds, wallMs, accuracy);
    ledger.commit(record);
    takeover.progressed();
    lastProgressNanos = System.nanoTime();
    listener.onStep(record, workload.steps());
    return record;
  }

  private Behavior<Command> diverged(StepResult result) {
    String last = path.get(path.size() - 1);
    return fail(RunStatus.DIVERGED, Divergence.message("step " + result.step(), "loss", result.loss(), last + " (the last partition)"));
  }

  /** The first node is idle after {@code step}: collect the parameters, checkpoint, or run on. */
  private Behavior<Command> afterSegment(int step) {
    if (step + 1 == workload.steps()) return reportParameters();
    if (interruptedBy != null || checkpointDue(step)) return startCheckpoint(step);
    return runStep(step + 1);
  }

  // --- phase: a test evaluation after a step

  /**
   * Test accuracy is measured through the partitions and links themselves (over the air where they are, each test
   * batch through its own realisation of the channel). Numbered by the evaluations committed, so that a run resumed
   * from a checkpoint numbers them alike.
   */
  private Behavior<Command> evaluate(StepResult result, double wallMs) {
    int round = 1 + ledger.evaluations();
    TestBatches batches = new TestBatches(Inference.batches(data.test().size()));
    nodes.get(path.get(0)).tell(new PartitionHost.Evaluate(round, result.step(), result.endMs()));
    return phase(Behaviors::same)
        .onMessage(HostEventReceived.class, e -> ofThisEpoch(e, PartitionHost.BatchEvaluated.class),
            e -> onBatchEvaluated((PartitionHost.BatchEvaluated) e.event(), round, batches, result, wallMs))
        .onMessage(HostEventReceived.class, e -> ofThisEpoch(e, PartitionHost.StepFailed.class),
            e -> onStepFailed((PartitionHost.StepFailed) e.event()))
        .build();
  }

  private Behavior<Command> onBatchEvaluated(
      PartitionHost.BatchEvaluated evaluated, int round, TestBatches batches, StepResult result, double wallMs) {
    if (evaluated.round() != round || !batches.add(evaluated.batch(), evaluated.correct(), evaluated.samples())) {
      return Behaviors.same();
    }
    lastEvaluation = batches;
    sink.tell(new MetricsSink.Record(List.of(commit(result, wallMs, OptionalDouble.of(batches.accuracy())))));
    return scenario.runtime().stopsOn(result.loss()) ? diverged(result) : afterSegment(result.step());
  }

  // --- phase: the trained parameters, after the last step

  private Behavior<Command> reportParameters() {
    path.forEach(id -> nodes.get(id).tell(new PartitionHost.ReportParameters(hostEvents)));
    return reportingParameters(new Tensor[path.size()], 0);
  }

  private Behavior<Command> reportingParameters(Tensor[] reported, int count) {
    return phase(Behaviors::same)
        .onMessage(HostEventReceived.class, e -> ofThisEpoch(e, PartitionHost.ParametersReported.class), e -> {
          PartitionHost.ParametersReported p = (PartitionHost.ParametersReported) e.event();
          reported[p.index()] = p.parameters();
          return count + 1 == path.size()
              ? end(new Outcome(RunStatus.COMPLETED, null, List.of(reported)))
              : reportingParameters(reported, count + 1);
        })
        .build();
  }

  // --- phase: a checkpoint, gathered and then written

  /** Asks every partition and link for its state; training waits until the checkpoint is on disk. */
  private Behavior<Command> startCheckpoint(int step) {
    path.forEach(id -> nodes.get(id).tell(new PartitionHost.SaveState(hostEvents)));
    links.values().forEach(link -> link.tell(new WirelessLink.SaveState(linkStates)));
    return gathering(step, new SplitWorker.State[path.size()], new LinkedHashMap<>());
  }

  private Behavior<Command> gathering(int step, SplitWorker.State[] partitions, Map<String, LinkState> savedLinks) {
    return phase(Behaviors::same)
        .onMessage(HostEventReceived.class, e -> ofThisEpoch(e, PartitionHost.StateSaved.class), e -> {
          PartitionHost.StateSaved saved = (PartitionHost.StateSaved) e.event();
          partitions[saved.index()] = saved.state();
          return writeIfComplete(step, partitions, savedLinks);
        })
        .onMessage(LinkStateReceived.class, l -> l.epoch() == epoch, l -> {
          savedLinks.put(l.saved().linkId(), l.saved().state());
          return writeIfComplete(step, partitions, savedLinks);
        })
        .build();
  }

  private Behavior<Command> writeIfComplete(int step, SplitWorker.State[] partitions, Map<String, LinkState> saved) {
    if (saved.size() < links.size() || Arrays.stream(partitions).anyMatch(Objects::isNull)) return Behaviors.same();
    Map<String, LinkState> ordered = new LinkedHashMap<>();
    scenario.links().keySet().forEach(id -> ordered.put(id, saved.get(id)));
    writing = ledger.checkpoint(scenario, step, List.of(partitions), ordered);
    sink.tell(new MetricsSink.SaveCheckpoint(writing, ctx.messageAdapter(MetricsSink.CheckpointSaved.class, CheckpointSaved::new)));
    return phase(Behaviors::same)
        .onMessage(CheckpointSaved.class, c -> isWriting(c), c -> {
          confirmWrite();
          return interruptedBy != null ? endInterrupted() : runStep(step + 1);
        })
        .build();
  }

  private boolean isWriting(CheckpointSaved saved) {
    return writing != null && writing.step() == saved.saved().step();
  }

  private void confirmWrite() {
    ledger.checkpointSaved(writing);
    writing = null;
    lastProgressNanos = System.nanoTime();
  }

  // --- phase: recovering from a lost node or link, or resuming a stopped run, from the newest checkpoint

  private Behavior<Command> onTerminated(Terminated terminated) {
    if (terminated.getRef().equals(sink) || !watched.contains(terminated.getRef())) return Behaviors.same();
    String lost = placement.isEmpty() ? terminated.getRef().path().name() : describeLoss(terminated.getRef());
    if (interruptedBy != null) return endInterrupted();
    ctx.getLog().warn("{}: resuming from the last checkpoint", lost);
    if (!ledger.recoveryStarted()) {
      return fail(lost + ", " + SplitRunLedger.MAX_RECOVERIES_WITHOUT_PROGRESS + " times without a step in between");
    }
    endEpoch();
    // training stood still since its last step: detecting the loss is part of what it cost
    recoveryStartNanos = lastProgressNanos;
    return loadCheckpoint();
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

  /** Stops listening to the epoch's actors: what they were in the middle of is dropped with them. */
  private void endEpoch() {
    epoch++;
    ctx.stop(hostEvents);
    ctx.stop(linkStates);
    watched.forEach(ctx::unwatch);
    watched.clear();
    nodes = Map.of();
    links = Map.of();
  }

  /**
   * Reads the newest checkpoint back. A checkpoint handed to the sink before the loss is confirmed first (the sink
   * answers in order), so the one read back is the newest on disk.
   */
  private Behavior<Command> loadCheckpoint() {
    sink.tell(new MetricsSink.LoadCheckpoint(ctx.messageAdapter(MetricsSink.CheckpointLoaded.class, CheckpointLoaded::new)));
    return phase(() -> writing == null ? endInterrupted() : Behaviors.same())
        .onMessage(CheckpointSaved.class, this::isWriting, c -> {
          confirmWrite();
          return interruptedBy != null ? endInterrupted() : Behaviors.same();
        })
        .onMessage(CheckpointLoaded.class, c -> onCheckpointLoaded(c.loaded()))
        .build();
  }

  /**
   * Forgets the steps after the checkpoint read back and deploys the next epoch from it: after a lost node, or at
   * the start of a run resumed in a new process (then the process faults before the checkpoint have struck already).
   */
  private Behavior<Command> onCheckpointLoaded(MetricsSink.CheckpointLoaded loaded) {
    loaded.warnings().forEach(w -> ctx.getLog().warn(w));
    resumeFrom = loaded.checkpoint().orElse(null);
    int resumeStep = ledger.resumeFrom(resumeFrom);
    for (int step = 0; step < resumeStep; step++) {
      for (int i : nodeFaults.processFaultsAt(step)) struck.add(i);
    }
    return interruptedBy != null ? endInterrupted() : deploy();
  }

  // --- phase: the end

  /** How a run ends: its status, why it did not complete (null if it did), and then the trained parameters. */
  private record Outcome(RunStatus status, String failure, List<Tensor> parameters) {}

  private Behavior<Command> endInterrupted() {
    RunCheckpoint last = ledger.lastCheckpoint();
    String resumable = last == null ? "no checkpoint yet" : "checkpoint after step " + last.step();
    return end(new Outcome(RunStatus.INTERRUPTED,
        "stopped by " + interruptedBy + " after " + ledger.committed() + " committed steps (" + resumable + ")", List.of()));
  }

  private Behavior<Command> fail(String reason) {
    return fail(RunStatus.FAILED, reason);
  }

  private Behavior<Command> fail(RunStatus status, String reason) {
    ctx.getLog().error("run failed: {}", reason);
    return end(new Outcome(status, reason, List.of()));
  }

  /** Ends the run: collects the links' statistics, then has the sink write the summary. */
  private Behavior<Command> end(Outcome outcome) {
    ActorRef<LinkStats> adapter = ctx.messageAdapter(LinkStats.class, LinkStatsReceived::new);
    links.values().forEach(link -> link.tell(new WirelessLink.GetStats(adapter)));
    return links.isEmpty() ? finish(outcome, List.of()) : collectingLinkStats(outcome, new ArrayList<>());
  }

  private Behavior<Command> collectingLinkStats(Outcome outcome, List<LinkStats> stats) {
    return ending()
        .onMessage(LinkStatsReceived.class, l -> {
          stats.add(l.stats());
          return stats.size() == links.size() ? finish(outcome, stats) : Behaviors.same();
        })
        .build();
  }

  private Behavior<Command> finish(Outcome outcome, List<LinkStats> stats) {
    SplitRunLedger.LinkTotals carried = new SplitRunLedger.LinkTotals(
        stats.stream().mapToLong(LinkStats::bytesSent).sum(),
        stats.stream().mapToLong(LinkStats::messagesDropped).sum(),
        stats.stream().mapToLong(LinkStats::messagesDuplicated).sum(),
        stats.stream().mapToDouble(LinkStats::channelUses).sum());
    RunSummary summary = takeover.stamp(ledger.summary(scenario, workload.steps(), workload.batchSize(),
        new SplitRunLedger.Ending(outcome.status(), outcome.failure(), (System.nanoTime() - startNanos) / 1e6, startedAt,
            placement, carried, struck.size() + slowWindowsOpened(), lastEvaluation)));
    deployer.tell(Deployer.Release.INSTANCE);
    sink.tell(new MetricsSink.Finish(summary, ctx.messageAdapter(MetricsSink.Finished.class, SinkFinished::new)));
    return ending()
        .onMessage(SinkFinished.class, f -> {
          listener.onFinished(summary, outcome.parameters());
          return Behaviors.stopped();
        })
        .build();
  }

  /** The last phases: the actors released meanwhile stop, a stop request has nothing left to stop. */
  private BehaviorBuilder<Command> ending() {
    return Behaviors.receive(Command.class).onSignal(Terminated.class, t -> Behaviors.same());
  }

  private int slowWindowsOpened() {
    return (int)
        nodeFaults.faults().stream()
            .filter(f -> f.kind() == FaultSpec.FaultKind.SLOW_NODE && f.atStep().orElse(0) < ledger.committed())
            .count();
  }
}
