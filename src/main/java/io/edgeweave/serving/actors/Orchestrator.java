package io.edgeweave.serving.actors;

import io.edgeweave.data.TrainTest;
import io.edgeweave.fault.NodeFaultSchedule;
import io.edgeweave.metrics.ChecksummedFiles;
import io.edgeweave.metrics.Divergence;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.serving.CheckpointSchedule;
import io.edgeweave.serving.CrashBook;
import io.edgeweave.plan.Architectures;
import io.edgeweave.plan.JointSearch;
import io.edgeweave.plan.PlanReport;
import io.edgeweave.plan.PlanText;
import io.edgeweave.plan.Topology;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.LinkStats;
import io.edgeweave.runtime.PhaseProgress;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.runtime.TakenOver;
import io.edgeweave.scenario.JmsnasSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.serving.Answer;
import io.edgeweave.serving.Migration;
import io.edgeweave.serving.Orchestration;
import io.edgeweave.serving.Preparation;
import io.edgeweave.serving.ProbeRound;
import io.edgeweave.serving.ReplanClock;
import io.edgeweave.serving.Role;
import io.edgeweave.serving.ServingLedger;
import io.edgeweave.serving.ServingReport;
import io.edgeweave.serving.ServingTimes;
import io.edgeweave.serving.ServingWorker;
import io.edgeweave.serving.TopologyChanges;
import io.edgeweave.tensor.EncodedTensor;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.training.CheckpointStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The JMSNAS orchestrator, a cluster singleton: it searches the architecture and its multi-split, trains the
 * chosen model, deploys its partitions onto the node actors (weights travel by message over the links),
 * serves the requests of the source one after the other in virtual time, and re-plans when the topology
 * changes.
 *
 * <p>Before each request it starts the nodes whose join (or restart) is due, probes every link and sends a
 * heartbeat to every node off the path (the path's nodes are watched by their traffic); that round is asked while
 * the request before is served, so that a request waits for it only when it must be asked again. A changed rate,
 * a cut or healed link, a joined node or a crashed one makes it plan the deployed model's split anew on what it
 * now knows, move the weights that must move, and serve on once every node of the new path is installed. A node
 * that crashes while a request is in flight loses that request: the orchestrator learns of the crash by death
 * watch, declares the node down {@code detection} (virtual) after it crashed, re-plans, and serves the request
 * again. Requests that arrive meanwhile wait. A node struck by a kill-jvm fault reports it, and the orchestrator
 * tells it to halt its JVM: the loss is then seen when the cluster removes that JVM, and every node and link it
 * hosted is gone (a link's counters are those its last probe reported). The decisions are in
 * {@link Orchestration}; this actor passes messages and keeps the records.
 *
 * <p>Each phase of a run is its own behaviour, a small class holding only that phase's state: preparing, restoring a
 * resumed run, starting nodes, probing, deploying, serving, snapshotting, awaiting a checkpoint write before a stop,
 * and the end. The books are pure classes of {@code serving}: crashes ({@link CrashBook}), changes not yet planned
 * for ({@link TopologyChanges}), the re-plans' wall times ({@link ReplanClock}), when to checkpoint
 * ({@link CheckpointSchedule}), when requests arrive and how long the run took ({@link ServingTimes}), and the
 * records and the summary ({@link ServingLedger}).
 */
public final class Orchestrator {
  public interface Command extends CborSerializable {}

  /**
   * The nodes present at the start and every link are up, on the JVMs named.
   *
   * @param nodePlacement node id → JVM name
   * @param linkPlacement link id → JVM name
   */
  public record Hosted(
      Map<String, ActorRef<ServingNode.Command>> nodes,
      Map<String, ActorRef<ServingLink.Command>> links,
      Map<String, String> nodePlacement,
      Map<String, String> linkPlacement)
      implements Command {}

  /** The run cannot be hosted. */
  public record HostingFailed(String reason) implements Command {}

  /** The director started a node (a join or a restart); {@code incarnation} counts its starts. */
  public record NodeStarted(String node, int incarnation, ActorRef<ServingNode.Command> ref) implements Command {}

  record LinkDown(String link) implements Command {}

  record NodeEvent(ServingNode.Event event) implements Command {}

  record LinkProbed(ServingLink.State state) implements Command {}

  record NodeDown(String node, int incarnation) implements Command {}

  record StatsReceived(LinkStats stats) implements Command {}

  record RequestOverdue(int request, int attempt) implements Command {}

  record DeploymentOverdue(int epoch) implements Command {}

  /** The search and the training are done (local only: holds the trained model). */
  record Prepared(Preparation.Result result) implements Command, NoSerializationVerificationNeeded {}

  /** @param diverged the chosen architecture's training diverged */
  record PreparationFailed(String reason, boolean diverged) implements Command {}

  /** The run's user asked it to stop: after the request in flight, save a checkpoint and end as interrupted. */
  public record Interrupt(String cause) implements Command {}

  record LinkSnapshotted(ServingLink.Snapshotted snapshot) implements Command {}

  record SnapshotOverdue(int request) implements Command {}

  /** A checkpoint (taken before request {@code request}; 0: the preparation's) is on disk, or {@code problem}. */
  record CheckpointSaved(int request, String problem) implements Command {}

  /**
   * Where a resumed run carries on from.
   *
   * @param prepared the search's and the training's result, which it does not redo
   * @param serving the newest serving checkpoint; null: serve from the first request
   */
  public record Resume(Preparation.Result prepared, ServingCheckpoint serving) {}

  /** The phases a run's progress shows: the search, the chosen architecture's training, serving. */
  private static final int PROGRESS_PHASES = 3;

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final Scenario scenario;
  private final JmsnasSpec spec;
  private final TrainTest data;
  private final ActorRef<JmsnasDirector.Command> director;
  private final Set<String> presentAtStart;
  private final ActorRef<ServingNode.Event> events;
  private final ActorRef<ServingLink.State> probes;
  private final ActorRef<ServingLink.Snapshotted> linkStates;
  private final double detectionMs;
  private final Instant startedAt = Instant.now();
  private final CheckpointStore<ServingCheckpoint> checkpoints;
  private final Executor blocking;
  private final ServingCheckpoint resumeFrom;
  private final TakenOver takenOver;

  // the nodes and links, as the director hosted them and the cluster keeps them
  private final Map<String, ActorRef<ServingNode.Command>> nodes = new HashMap<>();
  private final Map<String, Integer> incarnations = new HashMap<>();
  private final Map<String, ActorRef<ServingLink.Command>> links = new LinkedHashMap<>();
  private final Set<String> linksDown = new HashSet<>();
  private final Map<String, LinkStats> probedStats = new HashMap<>();
  /** Probe rounds sent so far, and the round of the next request asked while this one is served (null: none). */
  private int probeRounds;
  private ProbeRound<ServingLink.State> lookahead;
  /** Probe rounds requests waited for, and how many of them were asked ahead. */
  private int roundsUsed;
  private int roundsUsedAhead;
  /** Node → JVM, once the nodes are hosted. */
  private Map<String, String> placement;

  // what the run knows and has recorded (the pure bookkeeping is in these classes)
  private Preparation.Result prepared;
  private Orchestration orchestration;
  private final CrashBook crashes = new CrashBook();
  private final TopologyChanges changes = new TopologyChanges();
  private final ReplanClock clock = new ReplanClock();
  private final ServingLedger ledger;
  private final CheckpointSchedule schedule;

  // the request in flight, and when requests arrive
  private int request;
  private int attempts;
  private final ServingTimes times;

  /** Why the run's user asked it to stop (null: not asked). */
  private String interruptedBy;

  /**
   * @param presentAtStart the nodes that are there before any join (or, resumed, that were up at the checkpoint)
   * @param checkpoints the run's checkpoint directory
   * @param resume where a resumed run carries on from; null: a run from the start
   * @param takenOver how a standby director took the run over; null if none did
   */
  public static Behavior<Command> create(
      Scenario scenario,
      JmsnasSpec spec,
      TrainTest data,
      Set<String> presentAtStart,
      Path checkpoints,
      Resume resume,
      TakenOver takenOver,
      ActorRef<JmsnasDirector.Command> director) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new Orchestrator(ctx, timers, scenario, spec, data, presentAtStart, checkpoints, resume, takenOver, director).start(resume)));
  }

  private Orchestrator(
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      Scenario scenario,
      JmsnasSpec spec,
      TrainTest data,
      Set<String> presentAtStart,
      Path checkpoints,
      Resume resume,
      TakenOver takenOver,
      ActorRef<JmsnasDirector.Command> director) {
    this.ctx = ctx;
    this.takenOver = takenOver;
    this.timers = timers;
    this.checkpoints = ServingCheckpoint.store(checkpoints);
    this.blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    this.resumeFrom = resume == null ? null : resume.serving();
    if (resumeFrom != null) incarnations.putAll(resumeFrom.incarnations());
    this.schedule = new CheckpointSchedule(spec.requests(), scenario.runtime().checkpointEvery(),
        resumeFrom == null ? 0 : resumeFrom.request());
    this.scenario = scenario;
    this.spec = spec;
    this.data = data;
    this.presentAtStart = Set.copyOf(presentAtStart);
    this.director = director;
    this.detectionMs = spec.detection().toNanos() / 1e6;
    this.times = new ServingTimes(spec.interval().toNanos() / 1e6, System.nanoTime());
    this.events = ctx.messageAdapter(ServingNode.Event.class, NodeEvent::new);
    this.probes = ctx.messageAdapter(ServingLink.State.class, LinkProbed::new);
    this.linkStates = ctx.messageAdapter(ServingLink.Snapshotted.class, LinkSnapshotted::new);
    this.ledger = new ServingLedger(scenario.nodes().keySet(), scenario.links().keySet());
  }

  private Behavior<Command> start(Resume resume) {
    if (resume == null) prepare();
    else prepared = resume.prepared();
    return new Preparing().behavior();
  }

  /**
   * A phase of the run: what it does with each message. The defaults are what every phase but the end does: a
   * failure ends the run; deaths, crash reports and kills are booked (a crash both seen and reported is handled by
   * the phase, {@link #onCrash}); a node started is adopted and counts as a change; a stop request is noted, to be
   * acted on between two requests; a checkpoint written is booked. A phase overrides the messages it expects.
   */
  private abstract class Phase {
    final Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(Prepared.class, this::onPrepared)
          .onMessage(Hosted.class, this::onHosted)
          .onMessage(PreparationFailed.class, f ->
              f.diverged() ? onFailure(f.reason(), RunStatus.DIVERGED) : onFailure("preparation failed: " + f.reason(), RunStatus.FAILED))
          .onMessage(HostingFailed.class, f -> onFailure("cannot host the run: " + f.reason(), RunStatus.FAILED))
          .onMessage(LinkDown.class, this::onLinkDown)
          .onMessage(NodeStarted.class, this::onNodeStarted)
          .onMessage(NodeEvent.class, e -> onNodeEvent(e.event()))
          .onMessage(LinkProbed.class, p -> onProbed(p.state()))
          .onMessage(NodeDown.class, this::onNodeDown)
          .onMessage(RequestOverdue.class, this::onRequestOverdue)
          .onMessage(DeploymentOverdue.class, this::onDeploymentOverdue)
          .onMessage(StatsReceived.class, s -> onStats(s.stats()))
          .onMessage(Interrupt.class, this::onInterrupt)
          .onMessage(LinkSnapshotted.class, s -> onState(s.snapshot()))
          .onMessage(SnapshotOverdue.class, this::onSnapshotOverdue)
          .onMessage(CheckpointSaved.class, this::onCheckpointSaved)
          .build();
    }

    Behavior<Command> onPrepared(Prepared prepared) {
      return Behaviors.same();
    }

    Behavior<Command> onHosted(Hosted hosted) {
      return Behaviors.same();
    }

    Behavior<Command> onFailure(String reason, RunStatus status) {
      return fail(reason, status);
    }

    Behavior<Command> onLinkDown(LinkDown down) {
      linksDown.add(down.link());
      return Behaviors.same();
    }

    Behavior<Command> onNodeStarted(NodeStarted started) {
      if (started.incarnation() != incarnations.get(started.node())) return Behaviors.same();
      adopt(started.node(), started.incarnation(), started.ref());
      crashes.restarted(started.node());
      orchestration.joined(started.node());
      changes.add(started.node() + " joined", times.arrivalMs(request), times.arrivalMs(request));
      return afterStart();
    }

    /** A node asked for is up. */
    Behavior<Command> afterStart() {
      return Behaviors.same();
    }

    Behavior<Command> onNodeEvent(ServingNode.Event event) {
      if (event instanceof ServingNode.Installed installed) return onInstalled(installed);
      if (event instanceof ServingNode.Completed completed) return onCompleted(completed.answer());
      if (event instanceof ServingNode.Alive alive) return onAlive(alive);
      if (event instanceof ServingNode.Crashing c) {
        return crashes.reported(c.node(), new CrashBook.Crash(c.fault(), c.timeMs())).map(crash -> crashed(c.node(), crash))
            .orElse(Behaviors.same());
      }
      if (event instanceof ServingNode.Killed k) return onKilled(k);
      if (event instanceof ServingNode.Snapshotted s) return onState(s.node(), s.state());
      if (event instanceof ServingNode.Failed f) return onFailure(f.node() + ": " + f.reason(), RunStatus.FAILED);
      return Behaviors.same();
    }

    Behavior<Command> onInstalled(ServingNode.Installed installed) {
      return Behaviors.same();
    }

    Behavior<Command> onCompleted(Answer answer) {
      return Behaviors.same();
    }

    /** A node off the path answered a heartbeat: of the round asked ahead, if it is one of its answers. */
    Behavior<Command> onAlive(ServingNode.Alive alive) {
      if (lookahead != null) lookahead.alive(alive.round(), alive.node());
      return Behaviors.same();
    }

    /** A link answered a probe: of the round asked ahead, if it is one of its answers. */
    Behavior<Command> onProbed(ServingLink.State state) {
      if (lookahead != null) lookahead.answered(state.round(), state.linkId(), state);
      return Behaviors.same();
    }

    /** A node reported its state (for a checkpoint, or restored from one). */
    Behavior<Command> onState(String node, ServingWorker.State state) {
      return Behaviors.same();
    }

    /** A link reported its state (for a checkpoint, or restored from one). */
    Behavior<Command> onState(ServingLink.Snapshotted state) {
      return Behaviors.same();
    }

    /**
     * A kill-jvm fault struck a node: with the record kept, it halts its JVM. The wall-clock safety nets wait, as
     * detecting the JVM's death takes the failure detector's time.
     */
    Behavior<Command> onKilled(ServingNode.Killed killed) {
      timers.cancel(new RequestOverdue(request, attempts));
      if (orchestration != null) orchestration.pending().ifPresent(d -> timers.cancel(new DeploymentOverdue(d.epoch())));
      crashes.killed(killed.node(), new CrashBook.Crash(killed.fault(), killed.timeMs()), System.nanoTime());
      ctx.getLog().warn("{}: kill-jvm at {} (virtual); halting its JVM", killed.node(), PlanText.ms(killed.timeMs()));
      nodes.get(killed.node()).tell(ServingNode.Halt.INSTANCE);
      return Behaviors.same();
    }

    Behavior<Command> onNodeDown(NodeDown down) {
      if (down.incarnation() != incarnations.get(down.node())) return Behaviors.same();
      crashes.detected(down.node(), System.nanoTime()).ifPresent(ms -> {
        clock.detected(ms);
        ctx.getLog().info("{} is gone {} ms (wall) after its JVM was halted", down.node(), Math.round(ms));
      });
      return crashes.died(down.node()).map(crash -> crashed(down.node(), crash)).orElse(Behaviors.same());
    }

    /** A node's crash is both seen and reported: it is down; the run re-plans, or notes the change for later. */
    private Behavior<Command> crashed(String node, CrashBook.Crash crash) {
      nodes.remove(node);
      if (orchestration == null || ending()) return Behaviors.same();
      if (node.equals(spec.source())) {
        return fail("the source " + node + " crashed at " + PlanText.ms(crash.timeMs()) + ": nobody issues requests", RunStatus.FAILED);
      }
      boolean inUse = orchestration.onPath(node);
      orchestration.down(node);
      return onCrash(node, crash.timeMs(), crash.timeMs() + detectionMs, inUse);
    }

    /**
     * A node in the run crashed at {@code faultMs} (virtual); a plan for it is decided at {@code decidedMs}.
     *
     * @param inUse it is on the path of the deployment in force
     */
    Behavior<Command> onCrash(String node, double faultMs, double decidedMs, boolean inUse) {
      changes.add(whyCrashed(node), faultMs, decidedMs);
      return Behaviors.same();
    }

    boolean ending() {
      return false;
    }

    Behavior<Command> onRequestOverdue(RequestOverdue overdue) {
      return Behaviors.same();
    }

    Behavior<Command> onDeploymentOverdue(DeploymentOverdue overdue) {
      return Behaviors.same();
    }

    Behavior<Command> onSnapshotOverdue(SnapshotOverdue overdue) {
      return Behaviors.same();
    }

    Behavior<Command> onStats(LinkStats stats) {
      return Behaviors.same();
    }

    /** Stops once the request in flight is answered and a checkpoint is written. */
    Behavior<Command> onInterrupt(Interrupt interrupt) {
      if (interruptedBy != null) return Behaviors.same();
      interruptedBy = interrupt.cause();
      ctx.getLog().info("{}: stopping after the request in flight", interruptedBy);
      return afterInterrupt();
    }

    /** The run's user asked it to stop. */
    Behavior<Command> afterInterrupt() {
      return Behaviors.same();
    }

    Behavior<Command> onCheckpointSaved(CheckpointSaved saved) {
      schedule.written(saved.request(), saved.problem() == null);
      if (saved.problem() != null) {
        ctx.getLog().warn("checkpoint before request {} not written: {}", saved.request(), saved.problem());
      }
      return interruptedBy == null || schedule.writes() > 0 ? Behaviors.same() : afterLastWrite(saved);
    }

    /** The run was asked to stop and its last checkpoint write is done ({@code saved}). */
    Behavior<Command> afterLastWrite(CheckpointSaved saved) {
      return Behaviors.same();
    }
  }

  private void adopt(String node, int incarnation, ActorRef<ServingNode.Command> ref) {
    nodes.put(node, ref);
    incarnations.put(node, incarnation);
    ctx.watchWith(ref, new NodeDown(node, incarnation));
    ref.tell(new ServingNode.Register(events));
  }

  // ---- phase: the search and the training, while the director hosts the nodes and links

  /** The search and the training run off the actor, on the compute dispatcher. */
  private void prepare() {
    Executor compute = ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(ScenarioDirector.COMPUTE_DISPATCHER));
    Topology atStart = Topology.of(scenario).restrictedTo(presentAtStart);
    org.slf4j.Logger log = ctx.getLog();
    Preparation.Progress progress = new Preparation.Progress() {
      @Override
      public void measured(String line, int done, int total) {
        log.info("search: {}", line);
        report(1, "searching the architecture", "", done, total);
      }

      @Override
      public void trainingBegan(String architecture) {
        report(2, "training the chosen architecture", architecture, 0, 1);
      }
    };
    CompletableFuture<Preparation.Result> work =
        CompletableFuture.supplyAsync(() -> Preparation.run(scenario, spec, data, atStart, progress), compute);
    ctx.pipeToSelf(work, (result, error) ->
        error == null ? new Prepared(result) : new PreparationFailed(rootMessage(error), rootCause(error) instanceof Divergence.Diverged));
  }

  /** Tells the run's progress (thread-safe: the search reports from the compute dispatcher). */
  private void report(int phase, String words, String node, int done, int total) {
    director.tell(new JmsnasDirector.Progressed(new PhaseProgress(words, phase, PROGRESS_PHASES, node, done, total)));
  }

  /** Tells how many requests have been answered. */
  private void reportServed() {
    report(3, "serving requests", "", request, spec.requests());
  }

  private static String rootMessage(Throwable error) {
    Throwable cause = rootCause(error);
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }

  private static Throwable rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null) cause = cause.getCause();
    return cause;
  }

  /**
   * Trained (or resumed) and hosted, in either order: then the first deployment. A stop request during the search
   * abandons it; one after it waits for the trained model to be saved.
   */
  private final class Preparing extends Phase {
    @Override
    Behavior<Command> onPrepared(Prepared p) {
      prepared = p.result();
      save(0, store -> ChecksummedFiles.write(store.directory().resolve(ServingCheckpoint.PREPARED), p.result()));
      return placement != null && interruptedBy == null ? begin() : Behaviors.same();
    }

    @Override
    Behavior<Command> onHosted(Hosted h) {
      placement = h.nodePlacement();
      ctx.getLog().info("nodes on JVMs {}, links on JVMs {}", h.nodePlacement(), h.linkPlacement());
      h.nodes().forEach((id, ref) -> adopt(id, incarnations.getOrDefault(id, 0), ref));
      h.links().forEach((id, ref) -> {
        links.put(id, ref);
        ctx.watchWith(ref, new LinkDown(id));
      });
      if (prepared != null && interruptedBy == null) return begin();
      return prepared != null && schedule.writes() == 0 ? endInterrupted() : Behaviors.same();
    }

    @Override
    Behavior<Command> afterInterrupt() {
      // the accuracies a search in progress measured are cached: a resumed run reads them back
      return schedule.writes() == 0 ? endInterrupted() : Behaviors.same();
    }

    @Override
    Behavior<Command> afterLastWrite(CheckpointSaved saved) {
      return endInterrupted();
    }
  }

  private Behavior<Command> begin() {
    reportServed();
    orchestration = new Orchestration(prepared.model(), spec.wire(), Topology.of(scenario), spec.source(), spec.samplesPerRequest(),
        nodes.keySet());
    return resumeFrom == null ? replan("start", 0, 0) : restore(resumeFrom);
  }

  // ---- between two requests

  /**
   * Between two requests: the run ends, or stops (after a checkpoint, if the last one is older), or takes a
   * checkpoint when one is due, or goes on with the next request.
   */
  private Behavior<Command> tick() {
    return switch (schedule.next(request, interruptedBy != null, orchestration.pending().isEmpty() && crashes.quiet())) {
      case FINISH -> finish(RunStatus.COMPLETED, null);
      case AWAIT_WRITES -> new AwaitingWrites().behavior();
      case CHECKPOINT -> snapshot();
      case STOP -> endInterrupted();
      case SERVE -> startRequest();
    };
  }

  /** Starts the nodes due to join, then probes. */
  private Behavior<Command> startRequest() {
    double now = times.arrivalMs(request);
    int starting = 0;
    for (String id : scenario.nodes().keySet()) {
      if (orchestration.isUp(id) || !dueToStart(id, now)) continue;
      int incarnation = incarnations.getOrDefault(id, -1) + 1;
      incarnations.put(id, incarnation);
      director.tell(new JmsnasDirector.StartNode(id, incarnation, crashes.struck(id), ctx.getSelf()));
      starting++;
    }
    return starting == 0 ? probe() : new Starting(starting).behavior();
  }

  /** A node that is down joins when its join window opened, or restarts when its crash window closed. */
  private boolean dueToStart(String id, double now) {
    return crashes.crashOf(id)
        .map(crash -> NodeFaultSchedule.recovered(scenario.faults().get(crash.fault()), crash.timeMs(), request, now))
        .orElseGet(() -> new NodeFaultSchedule(id, scenario.faults(), Set.of()).joined(request, now));
  }

  /** Waits for the nodes asked for to be up. */
  private final class Starting extends Phase {
    private int awaiting;

    Starting(int awaiting) {
      this.awaiting = awaiting;
    }

    @Override
    Behavior<Command> afterStart() {
      return --awaiting == 0 ? probe() : Behaviors.same();
    }
  }

  /** Probes for the request due: the round asked ahead if it asked what this request must ask, else a new one. */
  private Behavior<Command> probe() {
    List<String> probed = orchestration.probedLinks();
    List<String> idle = orchestration.idle();
    boolean ahead = lookahead != null && lookahead.asks(request, probed, idle);
    ProbeRound<ServingLink.State> round = ahead ? lookahead : sendRound(request, probed, idle, false);
    lookahead = null;
    roundsUsed++;
    if (ahead) roundsUsedAhead++;
    return round.complete() ? probed(round) : new Probing(round).behavior();
  }

  private ProbeRound<ServingLink.State> sendRound(int r, List<String> probed, List<String> idle, boolean ahead) {
    double at = times.arrivalMs(r);
    ProbeRound<ServingLink.State> round = new ProbeRound<>(++probeRounds, r, probed, idle);
    probed.forEach(id -> links.get(id).tell(new ServingLink.Probe(r, at, round.id(), ahead, probes)));
    idle.forEach(id -> nodes.get(id).tell(new ServingNode.Heartbeat(r, at, round.id())));
    return round;
  }

  /**
   * Asks the next request's round while this one is served, so that it need not wait for it, if asking ahead changes
   * nothing: no heartbeat of it strikes the node it goes to (a link answers the same whenever asked, and opens a
   * fault window only for the request asked), and no JVM can be killed in the next request (a link then counts as
   * at its last probe: asked ahead, a link reports only the counters of the requests before the one in flight).
   * A round asked ahead that the next request cannot use (a node crashed or joined meanwhile) is asked again.
   */
  private void askAhead() {
    int next = request + 1;
    if (next >= spec.requests()) return;
    double at = times.arrivalMs(next);
    for (String id : orchestration.up()) {
      NodeFaultSchedule faults = new NodeFaultSchedule(id, scenario.faults(), crashes.struck(id));
      if (faults.kill(next).isPresent() || !orchestration.onPath(id) && faults.crash(next, at).isPresent()) return;
    }
    lookahead = sendRound(next, orchestration.probedLinks(), orchestration.idle(), true);
  }

  /** Waits for every link probed and every idle node's heartbeat; a link gone or a node crashed answers no more. */
  private final class Probing extends Phase {
    private final ProbeRound<ServingLink.State> round;

    Probing(ProbeRound<ServingLink.State> round) {
      this.round = round;
    }

    @Override
    Behavior<Command> onProbed(ServingLink.State s) {
      round.answered(s.round(), s.linkId(), s);
      return answered();
    }

    @Override
    Behavior<Command> onAlive(ServingNode.Alive alive) {
      round.alive(alive.round(), alive.node());
      return answered();
    }

    @Override
    Behavior<Command> onLinkDown(LinkDown down) {
      super.onLinkDown(down);
      round.linkGone(down.link());
      return answered();
    }

    @Override
    Behavior<Command> onCrash(String node, double faultMs, double decidedMs, boolean inUse) {
      super.onCrash(node, faultMs, decidedMs, inUse);
      round.nodeGone(node);
      return answered();
    }

    private Behavior<Command> answered() {
      return round.complete() ? probed(round) : Behaviors.same();
    }
  }

  /**
   * Takes a round's answers in the order the links were asked: each link's counters (a link whose JVM dies counts as
   * at its last probe) and its rate or cut, a change if it differs from what the plan knows.
   */
  private Behavior<Command> probed(ProbeRound<ServingLink.State> round) {
    double now = times.arrivalMs(request);
    for (ServingLink.State s : round.answers()) {
      probedStats.put(s.linkId(), s.stats());
      if (orchestration.probed(s.linkId(), s.bitsPerSecond(), s.partitioned())) {
        changes.add("link " + s.linkId() + " " + (s.partitioned() ? "cut" : "at " + rate(s.bitsPerSecond())), now, now);
      }
    }
    return afterProbes();
  }

  /** A crash as a plan's trigger. */
  private static String whyCrashed(String node) {
    return node + " crashed";
  }

  private static String rate(double bitsPerSecond) {
    return bitsPerSecond >= 1e9 ? Math.round(bitsPerSecond / 1e8) / 10.0 + " Gbps"
        : bitsPerSecond >= 1e6 ? Math.round(bitsPerSecond / 1e5) / 10.0 + " Mbps" : Math.round(bitsPerSecond / 1e2) / 10.0 + " kbps";
  }

  private Behavior<Command> afterProbes() {
    return changes.isEmpty() ? serve() : replan(changes.why(), changes.faultMs(), changes.decidedMs());
  }

  // ---- phase: a deployment being installed

  /** Plans and starts installing a new deployment from virtual time {@code decidedMs} on. */
  private Behavior<Command> replan(String why, double faultMs, double decidedMs) {
    changes.clear();
    clock.decided(why, faultMs, System.nanoTime());
    Orchestration.Deployment d;
    try {
      d = orchestration.plan(decidedMs).orElse(null);
    } catch (IllegalStateException e) {
      return fail(why + ": " + e.getMessage(), RunStatus.FAILED);
    }
    if (d == null) {
      return fail(why + ": no placement of " + Architectures.name(prepared.model()) + " fits the nodes that are up " + orchestration.up(),
          RunStatus.FAILED);
    }
    clock.planned(System.nanoTime());
    ctx.getLog().info("epoch {}: {} -> {}", d.epoch(), why, d.placement());
    timers.startSingleTimer(new DeploymentOverdue(d.epoch()), scenario.runtime().responseTimeout());
    for (Role role : d.roles()) nodes.get(role.node()).tell(new ServingNode.Assign(role, decidedMs));
    for (Migration.Transfer t : d.transfers()) {
      ActorRef<ServingNode.Command> sender = nodes.get(t.source());
      if (t.fromCheckpoint()) {
        float[] parameters = prepared.parameters(t.from(), t.to());
        sender.tell(new ServingNode.ShipCheckpoint(d.epoch(), request, prepared.model(), t.from(), t.to(),
            Tensor.of(new int[] {parameters.length}, parameters), t.route(), decidedMs));
      } else {
        sender.tell(new ServingNode.Ship(d.epoch(), request, t.from(), t.to(), t.route(), decidedMs));
      }
    }
    return new Deploying().behavior();
  }

  /** Waits for every node of the plan to install its blocks; a crash meanwhile plans anew. */
  private final class Deploying extends Phase {
    @Override
    Behavior<Command> onInstalled(ServingNode.Installed installed) {
      return orchestration.installed(installed.node(), installed.epoch(), installed.readyMs()).map(Orchestrator.this::inForce)
          .orElse(Behaviors.same());
    }

    @Override
    Behavior<Command> onDeploymentOverdue(DeploymentOverdue overdue) {
      if (orchestration.pending().filter(d -> d.epoch() == overdue.epoch()).isEmpty()) return Behaviors.same();
      return fail("deployment " + overdue.epoch() + " was not installed in " + scenario.runtime().responseTimeout().toSeconds()
          + " s (wall clock)", RunStatus.FAILED);
    }

    @Override
    Behavior<Command> onCrash(String node, double faultMs, double decidedMs, boolean inUse) {
      return replan(whyCrashed(node), faultMs, Math.max(decidedMs, times.arrivalMs(request)));
    }
  }

  private Behavior<Command> inForce(Orchestration.Deployment d) {
    long installed = System.nanoTime();
    timers.cancel(new DeploymentOverdue(d.epoch()));
    for (String id : orchestration.up()) {
      nodes.get(id).tell(d.placement().path().contains(id) ? ServingNode.Prune.INSTANCE : ServingNode.Retire.INSTANCE);
    }
    double ready = orchestration.readyMs();
    ledger.deployed(clock.installed(installed, d, request, ready, PlanText.placement(prepared.model(), d.placement())));
    ctx.getLog().info("epoch {} in force from {} ms (virtual)", d.epoch(), ready);
    if (times.serving()) return serve();
    times.servingFrom(ready, System.nanoTime());
    return tick();
  }

  // ---- phase: a request being served

  private Behavior<Command> serve() {
    attempts++;
    Orchestration.Deployment d = orchestration.current().orElseThrow();
    int[] rows = rows(request);
    // the camera's frames: the source holds them as the wire format encodes raw inputs
    EncodedTensor input = EncodedTensor.of(spec.wire().input(), new int[] {rows.length, data.test().features()}, data.test().rows(rows));
    nodes.get(spec.source()).tell(new ServingNode.Serve(d.epoch(), request, input, times.arrivalMs(request), orchestration.readyMs()));
    askAhead();
    timers.startSingleTimer(new RequestOverdue(request, attempts), scenario.runtime().responseTimeout());
    return new Serving().behavior();
  }

  /** The test samples of request {@code r}, taken in order and wrapping around. */
  private int[] rows(int r) {
    int[] rows = new int[spec.samplesPerRequest()];
    for (int i = 0; i < rows.length; i++) rows[i] = (int) (((long) r * rows.length + i) % data.test().size());
    return rows;
  }

  /** Waits for the answer; a crash of a node on the path loses the request, which is served again once re-planned. */
  private final class Serving extends Phase {
    @Override
    Behavior<Command> onCompleted(Answer answer) {
      Orchestration.Deployment d = orchestration.current().orElseThrow();
      if (answer.request() != request || answer.epoch() != d.epoch()) return Behaviors.same();
      timers.cancel(new RequestOverdue(request, attempts));
      ledger.answered(answer, attempts, times.arrivalMs(request), data.test().labels(rows(request)), scenario.model().classes(),
          clock.sinceDecisionMs(System.nanoTime()));
      times.answered(System.nanoTime());
      if (resumeFrom != null && request == resumeFrom.request()) {
        ctx.getLog().info("first answer after resuming: request {}, {} ms (wall) after this orchestrator started",
            request, Math.round(times.sinceStartMs(System.nanoTime())));
      }
      request++;
      attempts = 0;
      if (request % Math.max(1, spec.requests() / 100) == 0) reportServed();
      return tick();
    }

    @Override
    Behavior<Command> onRequestOverdue(RequestOverdue overdue) {
      if (overdue.request() != request || overdue.attempt() != attempts) return Behaviors.same();
      return fail("request " + request + " got no answer in " + scenario.runtime().responseTimeout().toSeconds() + " s (wall clock)",
          RunStatus.FAILED);
    }

    @Override
    Behavior<Command> onCrash(String node, double faultMs, double decidedMs, boolean inUse) {
      if (!inUse) return super.onCrash(node, faultMs, decidedMs, false);
      timers.cancel(new RequestOverdue(request, attempts));
      return replan(whyCrashed(node), faultMs, Math.max(decidedMs, times.arrivalMs(request)));
    }
  }

  // ---- phases: checkpoints, a clean stop, and resuming

  /** Asks every node and link up for its state; serving waits for them (a round trip). */
  private Behavior<Command> snapshot() {
    int awaiting = nodes.size();
    nodes.values().forEach(n -> n.tell(ServingNode.Snapshot.INSTANCE));
    for (Map.Entry<String, ActorRef<ServingLink.Command>> link : links.entrySet()) {
      if (linksDown.contains(link.getKey())) continue;
      awaiting++;
      link.getValue().tell(new ServingLink.Snapshot(linkStates));
    }
    timers.startSingleTimer(new SnapshotOverdue(request), scenario.runtime().responseTimeout());
    return new Snapshotting(new ServingCheckpoint.Gathering(awaiting)).behavior();
  }

  /** Gathers the states for a checkpoint; once all are in, it is written off the actor while serving goes on. */
  private final class Snapshotting extends Phase {
    private final ServingCheckpoint.Gathering gathering;

    Snapshotting(ServingCheckpoint.Gathering gathering) {
      this.gathering = gathering;
    }

    @Override
    Behavior<Command> onState(String node, ServingWorker.State state) {
      return gathering.node(node, state) ? taken() : Behaviors.same();
    }

    @Override
    Behavior<Command> onState(ServingLink.Snapshotted state) {
      return gathering.link(state) ? taken() : Behaviors.same();
    }

    private Behavior<Command> taken() {
      timers.cancel(new SnapshotOverdue(request));
      ServingCheckpoint c = ServingCheckpoint.of(request, times.servingStartMs(), orchestration.state(), incarnations, crashes, linksDown,
          probedStats, changes, ledger, gathering);
      save(request, store -> store.save(c));
      return tick();
    }

    @Override
    Behavior<Command> onSnapshotOverdue(SnapshotOverdue overdue) {
      if (overdue.request() != request) return Behaviors.same();
      ctx.getLog().warn("no checkpoint before request {}: not every node and link reported its state", request);
      return abandon();
    }

    @Override
    Behavior<Command> onCrash(String node, double faultMs, double decidedMs, boolean inUse) {
      super.onCrash(node, faultMs, decidedMs, inUse);
      return abandon();
    }

    /** A node was lost while the others reported: no checkpoint this time, serving goes on. */
    private Behavior<Command> abandon() {
      timers.cancel(new SnapshotOverdue(request));
      return interruptedBy != null ? endInterrupted() : startRequest();
    }
  }

  /** Asked to stop while a checkpoint is being written: once it is on disk, the run stops (after one more if due). */
  private final class AwaitingWrites extends Phase {
    @Override
    Behavior<Command> afterLastWrite(CheckpointSaved saved) {
      return saved.problem() == null ? tick() : endInterrupted();
    }
  }

  private interface Write {
    void to(CheckpointStore<ServingCheckpoint> store) throws IOException;
  }

  /** Writes a checkpoint off the actor, on the blocking dispatcher; serving goes on meanwhile. */
  private void save(int before, Write write) {
    schedule.writing();
    CompletableFuture<Void> work = CompletableFuture.runAsync(() -> {
      try {
        write.to(checkpoints);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, blocking);
    ctx.pipeToSelf(work, (ok, error) -> new CheckpointSaved(before, error == null ? null : rootMessage(error)));
  }

  /** A resumed run: the orchestrator's records as checkpointed, then every node and link restored. */
  private Behavior<Command> restore(ServingCheckpoint c) {
    orchestration.restore(c.orchestration());
    request = c.request();
    times.servingFrom(c.servingStartMs(), System.nanoTime());
    crashes.restore(c.crashed(), c.struck(), c.lastKill());
    linksDown.addAll(c.linksDown());
    probedStats.putAll(c.probedStats());
    changes.restore(c.changes(), c.changeFaultMs(), c.changeDecidedMs());
    ledger.restore(c.deployments(), c.records(), c.computeMs(), c.commMs(), c.hopRetries());
    c.nodes().forEach((id, state) -> nodes.get(id).tell(new ServingNode.Restore(state, heldValues(state))));
    c.links().forEach((id, snapshot) -> links.get(id).tell(new ServingLink.Restore(snapshot, linkStates)));
    return new Restoring(c.nodes().size() + c.links().size()).behavior();
  }

  /** Waits for every node and link of a resumed run to take its checkpointed state. */
  private final class Restoring extends Phase {
    private int awaiting;

    Restoring(int awaiting) {
      this.awaiting = awaiting;
    }

    @Override
    Behavior<Command> onState(String node, ServingWorker.State state) {
      return restored();
    }

    @Override
    Behavior<Command> onState(ServingLink.Snapshotted state) {
      return restored();
    }

    private Behavior<Command> restored() {
      if (--awaiting > 0) return Behaviors.same();
      ctx.getLog().info("resumed before request {}", request);
      return tick();
    }
  }

  /** The trained parameters of the blocks a node holds, in order of block. */
  private Tensor heldValues(ServingWorker.State state) {
    List<float[]> parts = new ArrayList<>();
    new TreeSet<>(state.blocksSinceMs().keySet()).forEach(k -> parts.add(prepared.parameters(k, k + 1)));
    float[] all = new float[parts.stream().mapToInt(p -> p.length).sum()];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return Tensor.of(new int[] {all.length}, all);
  }

  // ---- phase: the end

  private Behavior<Command> endInterrupted() {
    String failure = ledger.stopped(interruptedBy, schedule.newest(), prepared != null);
    ctx.getLog().info("run interrupted: {}", failure);
    return finish(RunStatus.INTERRUPTED, failure);
  }

  private Behavior<Command> fail(String reason, RunStatus status) {
    ctx.getLog().warn("run failed: {}", reason);
    return finish(status, reason);
  }

  /** Ends the run: collects the links' statistics (a link whose JVM is gone counts as at its last probe), then reports. */
  private Behavior<Command> finish(RunStatus status, String failure) {
    timers.cancelAll();
    Ending ending = new Ending(status, failure);
    ActorRef<LinkStats> adapter = ctx.messageAdapter(LinkStats.class, StatsReceived::new);
    links.forEach((id, link) -> {
      if (linksDown.contains(id)) ending.stats.put(id, probedStats.getOrDefault(id, noTraffic(id)));
      else link.tell(new ServingLink.GetStats(adapter));
    });
    if (ending.complete()) ending.report();
    return ending.behavior();
  }

  private static LinkStats noTraffic(String link) {
    return new LinkStats(link, 0, 0, 0, 0, 0);
  }

  /**
   * The last phase: the links' statistics are collected, then the results go to the director. Nothing else changes
   * the run's outcome: failures and stop requests are ignored, and a kill-jvm fault still halts its JVM.
   */
  private final class Ending extends Phase {
    private final RunStatus status;
    private final String failure;
    private final Map<String, LinkStats> stats = new LinkedHashMap<>();
    private boolean reported;

    Ending(RunStatus status, String failure) {
      this.status = status;
      this.failure = failure;
    }

    @Override
    boolean ending() {
      return true;
    }

    @Override
    Behavior<Command> onFailure(String reason, RunStatus status) {
      return Behaviors.same();
    }

    @Override
    Behavior<Command> onNodeStarted(NodeStarted started) {
      return Behaviors.same();
    }

    @Override
    Behavior<Command> onInterrupt(Interrupt interrupt) {
      return Behaviors.same();
    }

    @Override
    Behavior<Command> onLinkDown(LinkDown down) {
      linksDown.add(down.link());
      if (reported || stats.containsKey(down.link())) return Behaviors.same();
      stats.put(down.link(), probedStats.getOrDefault(down.link(), noTraffic(down.link())));
      if (complete()) report();
      return Behaviors.same();
    }

    @Override
    Behavior<Command> onStats(LinkStats received) {
      if (reported) return Behaviors.same();
      stats.put(received.linkId(), received);
      if (complete()) report();
      return Behaviors.same();
    }

    /** Every link's statistics are in. */
    boolean complete() {
      return stats.size() == links.size();
    }

    void report() {
      reported = true;
      long now = System.nanoTime();
      RunSummary summary = ledger.summary(scenario.name(), scenario.seed(), spec.requests(), new ServingLedger.Ending(status, failure,
          times.sinceStartMs(now), times.servingMs(now), startedAt,
          placement == null ? Map.of() : placement,
          stats.values().stream().mapToLong(LinkStats::bytesSent).sum(),
          stats.values().stream().mapToLong(LinkStats::messagesDropped).sum(),
          stats.values().stream().mapToLong(LinkStats::messagesDuplicated).sum(),
          takenOver == null ? null : takenOver.withFirstAnswerAt(times.firstAnswerNanos())));
      JointSearch.Objective objective = new JointSearch.Objective(spec.targetAccuracy(), spec.lambdaMsPerPoint());
      ServingReport report = ledger.report(prepared, spec.wire().toString(), spec.requests(), roundsUsed, roundsUsedAhead);
      director.tell(new JmsnasDirector.Finished(summary, report,
          prepared == null ? null : PlanReport.document(scenario.name(), objective, spec.wire(), prepared.search())));
    }
  }
}
