package io.edgeweave.serving.actors;

import io.edgeweave.data.TrainTest;
import io.edgeweave.fault.NodeFaultSchedule;
import io.edgeweave.metrics.ChecksummedFiles;
import io.edgeweave.metrics.Divergence;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.plan.Architectures;
import io.edgeweave.plan.JointSearch;
import io.edgeweave.plan.PlanReport;
import io.edgeweave.plan.PlanText;
import io.edgeweave.plan.Topology;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.LinkStats;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.scenario.JmsnasSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.serving.Answer;
import io.edgeweave.serving.Migration;
import io.edgeweave.serving.Orchestration;
import io.edgeweave.serving.Preparation;
import io.edgeweave.serving.Role;
import io.edgeweave.serving.ServingLedger;
import io.edgeweave.serving.ServingReport.DeploymentRecord;
import io.edgeweave.serving.ServingWorker;
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
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The JMSNAS orchestrator, a cluster singleton: it searches the architecture and its multi-split, trains the
 * chosen model, deploys its partitions onto the node actors (weights travel by message over the links),
 * serves the requests of the source one after the other in virtual time, and re-plans when the topology
 * changes.
 *
 * <p>Before each request it starts the nodes whose join (or restart) is due, probes every link and sends a
 * heartbeat to every node off the path (the path's nodes are watched by their traffic). A changed rate, a cut
 * or healed link, a joined node or a crashed one makes it plan the deployed model's split anew on what it now
 * knows, move the weights that must move, and serve on once every node of the new path is installed. A node
 * that crashes while a request is in flight loses that request: the orchestrator learns of the crash by death
 * watch, declares the node down {@code detection} (virtual) after it crashed, re-plans, and serves the request
 * again. Requests that arrive meanwhile wait. A node struck by a kill-jvm fault reports it, and the orchestrator
 * tells it to halt its JVM: the loss is then seen when the cluster removes that JVM, and every node and link it
 * hosted is gone (a link's counters are those of its last probe). The decisions are in {@link Orchestration};
 * this actor passes messages and keeps the records.
 */
public final class Orchestrator extends AbstractBehavior<Orchestrator.Command> {
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

  /** RESTORING: a resumed run's nodes and links take their checkpointed state; SNAPSHOT: they report it for one. */
  private enum Phase { PREPARING, RESTORING, SNAPSHOT, CHECKPOINTING, STARTING, PROBING, DEPLOYING, SERVING, FINISHING, DONE }

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

  private final Scenario scenario;
  private final JmsnasSpec spec;
  private final TrainTest data;
  private final ActorRef<JmsnasDirector.Command> director;
  private final Set<String> presentAtStart;
  private final Map<String, ActorRef<ServingNode.Command>> nodes = new HashMap<>();
  private final Map<String, Integer> incarnations = new HashMap<>();
  private final Map<String, ActorRef<ServingLink.Command>> links = new LinkedHashMap<>();
  private final Set<String> linksDown = new HashSet<>();
  private final Map<String, LinkStats> probedStats = new HashMap<>();
  private Hosted hosted;
  private final TimerScheduler<Command> timers;
  private final ActorRef<ServingNode.Event> events;
  private final ActorRef<ServingLink.State> probes;
  private final double detectionMs;
  private final double intervalMs;
  private final Instant startedAt = Instant.now();
  private final long startNanos = System.nanoTime();

  private Phase phase = Phase.PREPARING;
  private Preparation.Result prepared;
  private Orchestration orchestration;
  private final Map<String, ServingCheckpoint.Crash> crashed = new HashMap<>();
  private final Map<String, ServingCheckpoint.Crash> crashReports = new HashMap<>();
  private final Set<String> downReports = new HashSet<>();
  private final Map<String, Set<Integer>> struck = new HashMap<>();
  private final Map<String, Long> killedNanos = new HashMap<>();
  private ServingCheckpoint.Crash lastKill;
  private Double detectionWallMs;
  private Double deploymentDetectionWallMs;
  private int awaiting;
  private final List<String> changes = new ArrayList<>();
  private double changeFaultMs = Double.NaN;
  private double changeDecidedMs;
  private int request;
  private int attempts;
  private double servingStartMs = Double.NaN;
  private long servingWallStartNanos;
  private long decidedNanos;
  private long plannedNanos;
  private long installedNanos;
  private String trigger;
  private double triggerFaultMs;
  private final ServingLedger ledger;
  private final Map<String, LinkStats> linkStats = new LinkedHashMap<>();
  private String failure;
  private RunStatus endedAs = RunStatus.FAILED;
  private final CheckpointStore<ServingCheckpoint> checkpoints;
  private final ServingCheckpoint resumeFrom;
  private final Executor blocking;
  private String interruptedBy;
  /** The request the newest serving checkpoint on disk serves next. */
  private int lastCheckpoint;
  private int writes;
  private final Map<String, ServingWorker.State> nodeStates = new HashMap<>();
  private final Map<String, ServingLink.Snapshotted> linkStates = new HashMap<>();

  /**
   * @param presentAtStart the nodes that are there before any join (or, resumed, that were up at the checkpoint)
   * @param checkpoints the run's checkpoint directory
   * @param resume where a resumed run carries on from; null: a run from the start
   */
  public static Behavior<Command> create(
      Scenario scenario,
      JmsnasSpec spec,
      TrainTest data,
      Set<String> presentAtStart,
      Path checkpoints,
      Resume resume,
      ActorRef<JmsnasDirector.Command> director) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new Orchestrator(ctx, timers, scenario, spec, data, presentAtStart, checkpoints, resume, director)));
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
      ActorRef<JmsnasDirector.Command> director) {
    super(ctx);
    this.checkpoints = ServingCheckpoint.store(checkpoints);
    this.blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    this.resumeFrom = resume == null ? null : resume.serving();
    if (resumeFrom != null) {
      incarnations.putAll(resumeFrom.incarnations());
      lastCheckpoint = resumeFrom.request();
    }
    this.timers = timers;
    this.scenario = scenario;
    this.spec = spec;
    this.data = data;
    this.presentAtStart = Set.copyOf(presentAtStart);
    this.director = director;
    this.detectionMs = spec.detection().toNanos() / 1e6;
    this.intervalMs = spec.interval().toNanos() / 1e6;
    this.events = ctx.messageAdapter(ServingNode.Event.class, NodeEvent::new);
    this.probes = ctx.messageAdapter(ServingLink.State.class, LinkProbed::new);
    this.ledger = new ServingLedger(scenario.nodes().keySet(), scenario.links().keySet());
    if (resume == null) prepare();
    else prepared = resume.prepared();
  }

  private void adopt(String node, int incarnation, ActorRef<ServingNode.Command> ref) {
    nodes.put(node, ref);
    incarnations.put(node, incarnation);
    getContext().watchWith(ref, new NodeDown(node, incarnation));
    ref.tell(new ServingNode.Register(events));
  }

  /** The search and the training run off the actor, on the compute dispatcher. */
  private void prepare() {
    Executor compute = getContext().getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(ScenarioDirector.COMPUTE_DISPATCHER));
    Topology atStart = Topology.of(scenario).restrictedTo(presentAtStart);
    org.slf4j.Logger log = getContext().getLog();
    CompletableFuture<Preparation.Result> work =
        CompletableFuture.supplyAsync(() -> Preparation.run(scenario, spec, data, atStart, line -> log.info("search: {}", line)), compute);
    getContext().pipeToSelf(work, (result, error) ->
        error == null ? new Prepared(result) : new PreparationFailed(rootMessage(error), rootCause(error) instanceof Divergence.Diverged));
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

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Prepared.class, this::onPrepared)
        .onMessage(PreparationFailed.class, this::onPreparationFailed)
        .onMessage(Hosted.class, this::onHosted)
        .onMessage(HostingFailed.class, f -> fail("cannot host the run: " + f.reason()))
        .onMessage(LinkDown.class, this::onLinkDown)
        .onMessage(NodeStarted.class, this::onNodeStarted)
        .onMessage(NodeEvent.class, this::onNodeEvent)
        .onMessage(LinkProbed.class, this::onLinkProbed)
        .onMessage(NodeDown.class, this::onNodeDown)
        .onMessage(RequestOverdue.class, this::onRequestOverdue)
        .onMessage(DeploymentOverdue.class, this::onDeploymentOverdue)
        .onMessage(StatsReceived.class, this::onStats)
        .onMessage(Interrupt.class, this::onInterrupt)
        .onMessage(LinkSnapshotted.class, this::onLinkSnapshotted)
        .onMessage(SnapshotOverdue.class, this::onSnapshotOverdue)
        .onMessage(CheckpointSaved.class, this::onCheckpointSaved)
        .build();
  }

  private Behavior<Command> onPrepared(Prepared p) {
    if (phase != Phase.PREPARING) return this;
    prepared = p.result();
    save(0, store -> ChecksummedFiles.write(store.directory().resolve(ServingCheckpoint.PREPARED), p.result()));
    if (hosted != null && interruptedBy == null) begin();
    return this;
  }

  private Behavior<Command> onHosted(Hosted h) {
    if (phase != Phase.PREPARING) return this;
    hosted = h;
    getContext().getLog().info("nodes on JVMs {}, links on JVMs {}", h.nodePlacement(), h.linkPlacement());
    h.nodes().forEach((id, ref) -> adopt(id, incarnations.getOrDefault(id, 0), ref));
    h.links().forEach((id, ref) -> {
      links.put(id, ref);
      getContext().watchWith(ref, new LinkDown(id));
    });
    if (prepared != null && interruptedBy == null) begin();
    else if (prepared != null && writes == 0) endInterrupted();
    return this;
  }

  /** Trained and hosted: the first deployment. */
  private void begin() {
    orchestration = new Orchestration(prepared.model(), spec.wire(), Topology.of(scenario), spec.source(), spec.samplesPerRequest(),
        nodes.keySet());
    if (resumeFrom == null) replan("start", 0, 0);
    else restore(resumeFrom);
  }

  private Behavior<Command> onLinkDown(LinkDown down) {
    linksDown.add(down.link());
    if (phase == Phase.FINISHING && !linkStats.containsKey(down.link())) {
      linkStats.put(down.link(), probedStats.getOrDefault(down.link(), noTraffic(down.link())));
      if (linkStats.size() == links.size()) report();
    }
    return this;
  }

  private static LinkStats noTraffic(String link) {
    return new LinkStats(link, 0, 0, 0, 0, 0);
  }

  // ---- membership and probes, before each request

  /**
   * Between two requests: the run ends, or stops (after a checkpoint, if the last one is older), or takes a
   * checkpoint when one is due, or goes on with the next request.
   */
  private void tick() {
    if (request == spec.requests()) {
      finish();
      return;
    }
    if (interruptedBy != null && writes > 0) {
      phase = Phase.CHECKPOINTING; // the checkpoint being written ends the run
      return;
    }
    int every = scenario.runtime().checkpointEvery();
    boolean due = interruptedBy != null || every > 0 && request % every == 0;
    if (due && request > 0 && request > lastCheckpoint && writes == 0 && quiet()) {
      snapshot();
    } else if (interruptedBy != null && (request == 0 || request == lastCheckpoint)) {
      endInterrupted();
    } else {
      startRequest();
    }
  }

  /** Starts the nodes due to join, then probes. */
  private void startRequest() {
    double now = arrivalMs(request);
    awaiting = 0;
    for (String id : scenario.nodes().keySet()) {
      if (orchestration.isUp(id) || !dueToStart(id, now)) continue;
      int incarnation = incarnations.getOrDefault(id, -1) + 1;
      incarnations.put(id, incarnation);
      director.tell(new JmsnasDirector.StartNode(id, incarnation, struck.getOrDefault(id, Set.of()), getContext().getSelf()));
      awaiting++;
    }
    phase = Phase.STARTING;
    if (awaiting == 0) probe();
  }

  /** A node that is down joins when its join window opened, or restarts when its crash window closed. */
  private boolean dueToStart(String id, double now) {
    NodeFaultSchedule schedule = new NodeFaultSchedule(id, scenario.faults(), Set.of());
    ServingCheckpoint.Crash crash = crashed.get(id);
    if (crash == null) return schedule.joined(request, now);
    return NodeFaultSchedule.recovered(scenario.faults().get(crash.fault()), crash.timeMs(), request, now);
  }

  private Behavior<Command> onNodeStarted(NodeStarted started) {
    if (started.incarnation() != incarnations.get(started.node())) return this;
    adopt(started.node(), started.incarnation(), started.ref());
    crashed.remove(started.node());
    orchestration.joined(started.node());
    change(started.node() + " joined", arrivalMs(request), arrivalMs(request));
    if (phase == Phase.STARTING && --awaiting == 0) probe();
    return this;
  }

  private void probe() {
    phase = Phase.PROBING;
    double now = arrivalMs(request);
    List<String> probed = orchestration.probedLinks();
    List<String> idle = orchestration.idle();
    awaiting = probed.size() + idle.size();
    probed.forEach(id -> links.get(id).tell(new ServingLink.Probe(request, now, probes)));
    idle.forEach(id -> nodes.get(id).tell(new ServingNode.Heartbeat(request, now)));
    if (awaiting == 0) afterProbes();
  }

  private Behavior<Command> onLinkProbed(LinkProbed probed) {
    ServingLink.State s = probed.state();
    probedStats.put(s.linkId(), s.stats());
    if (phase != Phase.PROBING) return this;
    if (orchestration.probed(s.linkId(), s.bitsPerSecond(), s.partitioned())) {
      String what = s.partitioned() ? "cut" : "at " + rate(s.bitsPerSecond());
      change("link " + s.linkId() + " " + what, arrivalMs(request), arrivalMs(request));
    }
    if (--awaiting == 0) afterProbes();
    return this;
  }

  private static String rate(double bitsPerSecond) {
    return bitsPerSecond >= 1e9 ? Math.round(bitsPerSecond / 1e8) / 10.0 + " Gbps"
        : bitsPerSecond >= 1e6 ? Math.round(bitsPerSecond / 1e5) / 10.0 + " Mbps" : Math.round(bitsPerSecond / 1e2) / 10.0 + " kbps";
  }

  private void afterProbes() {
    if (changes.isEmpty()) {
      serve();
    } else {
      replan(String.join(", ", changes), changeFaultMs, changeDecidedMs);
    }
  }

  private void change(String what, double faultMs, double decidedMs) {
    changes.add(what);
    changeFaultMs = Double.isNaN(changeFaultMs) ? faultMs : Math.min(changeFaultMs, faultMs);
    changeDecidedMs = Math.max(changeDecidedMs, decidedMs);
  }

  // ---- deployment

  /** Plans and starts installing a new deployment from virtual time {@code decidedMs} on. */
  private void replan(String why, double faultMs, double decidedMs) {
    changes.clear();
    changeFaultMs = Double.NaN;
    changeDecidedMs = 0;
    decidedNanos = System.nanoTime();
    trigger = why;
    Orchestration.Deployment d;
    try {
      d = orchestration.plan(decidedMs).orElse(null);
    } catch (IllegalStateException e) {
      fail(why + ": " + e.getMessage());
      return;
    }
    if (d == null) {
      fail(why + ": no placement of " + Architectures.name(prepared.model()) + " fits the nodes that are up " + orchestration.up());
      return;
    }
    plannedNanos = System.nanoTime();
    deploymentDetectionWallMs = detectionWallMs;
    detectionWallMs = null;
    phase = Phase.DEPLOYING;
    triggerFaultMs = faultMs;
    getContext().getLog().info("epoch {}: {} -> {}", d.epoch(), why, d.placement());
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
  }

  private void onInstalled(ServingNode.Installed installed) {
    if (phase != Phase.DEPLOYING) return;
    orchestration.installed(installed.node(), installed.epoch(), installed.readyMs()).ifPresent(this::inForce);
  }

  private void inForce(Orchestration.Deployment d) {
    installedNanos = System.nanoTime();
    timers.cancel(new DeploymentOverdue(d.epoch()));
    for (String id : orchestration.up()) {
      nodes.get(id).tell(d.placement().path().contains(id) ? ServingNode.Prune.INSTANCE : ServingNode.Retire.INSTANCE);
    }
    double ready = orchestration.readyMs();
    ledger.deployed(new DeploymentRecord(d.epoch(), trigger, request, triggerFaultMs, d.startMs(), ready,
        PlanText.placement(prepared.model(), d.placement()), d.predictedMs(), d.bytesMoved(), d.messagesMoved(),
        deploymentDetectionWallMs, (plannedNanos - decidedNanos) / 1e6, (installedNanos - plannedNanos) / 1e6, null, 0, null, null, null));
    getContext().getLog().info("epoch {} in force from {} ms (virtual)", d.epoch(), ready);
    if (Double.isNaN(servingStartMs)) {
      servingStartMs = ready;
      servingWallStartNanos = System.nanoTime();
      tick();
    } else {
      serve();
    }
  }

  // ---- serving

  /** When request {@code r} arrives at the source: serving starts once the first deployment is installed. */
  private double arrivalMs(int r) {
    return Double.isNaN(servingStartMs) ? 0 : servingStartMs + r * intervalMs;
  }

  private void serve() {
    phase = Phase.SERVING;
    attempts++;
    Orchestration.Deployment d = orchestration.current().orElseThrow();
    int[] rows = rows(request);
    // the camera's frames: the source holds them as the wire format encodes raw inputs
    EncodedTensor input = EncodedTensor.of(spec.wire().input(), data.test().features(rows));
    nodes.get(spec.source()).tell(new ServingNode.Serve(d.epoch(), request, input, arrivalMs(request), orchestration.readyMs()));
    timers.startSingleTimer(new RequestOverdue(request, attempts), scenario.runtime().responseTimeout());
  }

  /** The test samples of request {@code r}, taken in order and wrapping around. */
  private int[] rows(int r) {
    int[] rows = new int[spec.samplesPerRequest()];
    for (int i = 0; i < rows.length; i++) rows[i] = (int) (((long) r * rows.length + i) % data.test().size());
    return rows;
  }

  private void onCompleted(Answer answer) {
    Orchestration.Deployment d = orchestration.current().orElseThrow();
    if (phase != Phase.SERVING || answer.request() != request || answer.epoch() != d.epoch()) return;
    timers.cancel(new RequestOverdue(request, attempts));
    ledger.answered(answer, attempts, arrivalMs(request), data.test().labels(rows(request)), scenario.model().classes(),
        (System.nanoTime() - decidedNanos) / 1e6);
    if (resumeFrom != null && request == resumeFrom.request()) {
      getContext().getLog().info("first answer after resuming: request {}, {} ms (wall) after this orchestrator started",
          request, Math.round((System.nanoTime() - startNanos) / 1e6));
    }
    request++;
    attempts = 0;
    tick();
  }

  private Behavior<Command> onDeploymentOverdue(DeploymentOverdue overdue) {
    if (phase == Phase.DEPLOYING && orchestration.pending().filter(d -> d.epoch() == overdue.epoch()).isPresent()) {
      fail("deployment " + overdue.epoch() + " was not installed in " + scenario.runtime().responseTimeout().toSeconds()
          + " s (wall clock)");
    }
    return this;
  }

  private Behavior<Command> onRequestOverdue(RequestOverdue overdue) {
    if (phase == Phase.SERVING && overdue.request() == request && overdue.attempt() == attempts) {
      fail("request " + request + " got no answer in " + scenario.runtime().responseTimeout().toSeconds() + " s (wall clock)");
    }
    return this;
  }

  // ---- node events and crashes

  private Behavior<Command> onNodeEvent(NodeEvent e) {
    ServingNode.Event event = e.event();
    if (event instanceof ServingNode.Installed installed) {
      onInstalled(installed);
    } else if (event instanceof ServingNode.Completed completed) {
      onCompleted(completed.answer());
    } else if (event instanceof ServingNode.Alive) {
      if (phase == Phase.PROBING && --awaiting == 0) afterProbes();
    } else if (event instanceof ServingNode.Crashing c) {
      crashReports.put(c.node(), new ServingCheckpoint.Crash(c.fault(), c.timeMs()));
      crashIfBothKnown(c.node());
    } else if (event instanceof ServingNode.Killed k) {
      onKilled(k);
    } else if (event instanceof ServingNode.Snapshotted s) {
      nodeStates.put(s.node(), s.state());
      snapshotReplied();
    } else if (event instanceof ServingNode.Failed f) {
      fail(f.node() + ": " + f.reason());
    }
    return this;
  }

  /**
   * A kill-jvm fault struck a node: with the record kept, it halts its JVM. The wall-clock safety nets wait, as
   * detecting the JVM's death takes the failure detector's time.
   */
  private void onKilled(ServingNode.Killed killed) {
    ServingCheckpoint.Crash crash = new ServingCheckpoint.Crash(killed.fault(), killed.timeMs());
    crashReports.put(killed.node(), crash);
    lastKill = crash;
    timers.cancel(new RequestOverdue(request, attempts));
    orchestration.pending().ifPresent(d -> timers.cancel(new DeploymentOverdue(d.epoch())));
    killedNanos.put(killed.node(), System.nanoTime());
    getContext().getLog().warn("{}: kill-jvm at {} (virtual); halting its JVM", killed.node(), PlanText.ms(killed.timeMs()));
    nodes.get(killed.node()).tell(ServingNode.Halt.INSTANCE);
  }

  private Behavior<Command> onNodeDown(NodeDown down) {
    if (down.incarnation() != incarnations.get(down.node())) return this;
    downReports.add(down.node());
    if (!crashReports.containsKey(down.node()) && lastKill != null) {
      crashReports.put(down.node(), lastKill); // hosted on the JVM a kill halted
    }
    Long killed = killedNanos.remove(down.node());
    if (killed != null) {
      detectionWallMs = (System.nanoTime() - killed) / 1e6;
      getContext().getLog().info("{} is gone {} ms (wall) after its JVM was halted", down.node(), Math.round(detectionWallMs));
    }
    crashIfBothKnown(down.node());
    return this;
  }

  /** A crash is handled once the node's death is seen and its crash time known (in either order). */
  private void crashIfBothKnown(String node) {
    if (!downReports.contains(node) || !crashReports.containsKey(node)) return;
    downReports.remove(node);
    ServingCheckpoint.Crash crash = crashReports.remove(node);
    nodes.remove(node);
    struck.computeIfAbsent(node, n -> new HashSet<>()).add(crash.fault());
    crashed.put(node, crash);
    if (orchestration == null || phase == Phase.FINISHING || phase == Phase.DONE) return;
    if (node.equals(spec.source())) {
      fail("the source " + node + " crashed at " + PlanText.ms(crash.timeMs()) + ": nobody issues requests");
      return;
    }
    boolean inUse = orchestration.onPath(node);
    orchestration.down(node);
    String what = node + " crashed";
    double decided = crash.timeMs() + detectionMs;
    switch (phase) {
      case PROBING -> {
        change(what, crash.timeMs(), decided);
        if (--awaiting == 0) afterProbes();
      }
      case DEPLOYING -> replan(what, crash.timeMs(), Math.max(decided, arrivalMs(request)));
      case SNAPSHOT -> {
        change(what, crash.timeMs(), decided);
        abandonSnapshot();
      }
      case SERVING -> {
        if (inUse) {
          timers.cancel(new RequestOverdue(request, attempts));
          replan(what, crash.timeMs(), Math.max(decided, arrivalMs(request)));
        } else {
          change(what, crash.timeMs(), decided);
        }
      }
      default -> change(what, crash.timeMs(), decided);
    }
  }

  // ---- checkpoints, a clean stop, and resuming

  /** Nothing is half-known: no deployment being installed, no crash seen only in part. */
  private boolean quiet() {
    return orchestration.pending().isEmpty() && crashReports.isEmpty() && downReports.isEmpty() && killedNanos.isEmpty();
  }

  /** Asks every node and link up for its state; serving waits for them (a round trip). */
  private void snapshot() {
    phase = Phase.SNAPSHOT;
    nodeStates.clear();
    linkStates.clear();
    ActorRef<ServingLink.Snapshotted> adapter = getContext().messageAdapter(ServingLink.Snapshotted.class, LinkSnapshotted::new);
    awaiting = nodes.size();
    nodes.values().forEach(n -> n.tell(ServingNode.Snapshot.INSTANCE));
    links.forEach((id, link) -> {
      if (linksDown.contains(id)) return;
      awaiting++;
      link.tell(new ServingLink.Snapshot(adapter));
    });
    timers.startSingleTimer(new SnapshotOverdue(request), scenario.runtime().responseTimeout());
  }

  private Behavior<Command> onLinkSnapshotted(LinkSnapshotted s) {
    linkStates.put(s.snapshot().linkId(), s.snapshot());
    snapshotReplied();
    return this;
  }

  /** A node or link reported its state: for a checkpoint, or restored from one. */
  private void snapshotReplied() {
    if ((phase != Phase.SNAPSHOT && phase != Phase.RESTORING) || --awaiting > 0) return;
    if (phase == Phase.SNAPSHOT) {
      timers.cancel(new SnapshotOverdue(request));
      ServingCheckpoint c = new ServingCheckpoint(request, servingStartMs, orchestration.state(), Map.copyOf(incarnations),
          Map.copyOf(crashed), Map.copyOf(struck), lastKill, Set.copyOf(linksDown), Map.copyOf(probedStats), List.copyOf(changes),
          changeFaultMs, changeDecidedMs, ledger.deployments(), ledger.records(), ledger.computeMs(), ledger.commMs(),
          ledger.hopRetries(), Map.copyOf(nodeStates), Map.copyOf(linkStates));
      save(request, store -> store.save(c));
    } else {
      getContext().getLog().info("resumed before request {}", request);
    }
    tick();
  }

  private Behavior<Command> onSnapshotOverdue(SnapshotOverdue overdue) {
    if (phase == Phase.SNAPSHOT && overdue.request() == request) {
      getContext().getLog().warn("no checkpoint before request {}: not every node and link reported its state", request);
      abandonSnapshot();
    }
    return this;
  }

  /** A node was lost while the others reported: no checkpoint this time, serving goes on. */
  private void abandonSnapshot() {
    timers.cancel(new SnapshotOverdue(request));
    awaiting = 0;
    if (interruptedBy != null) endInterrupted();
    else startRequest();
  }

  private interface Write {
    void to(CheckpointStore<ServingCheckpoint> store) throws IOException;
  }

  /** Writes a checkpoint off the actor, on the blocking dispatcher; serving goes on meanwhile. */
  private void save(int before, Write write) {
    writes++;
    CompletableFuture<Void> work = CompletableFuture.runAsync(() -> {
      try {
        write.to(checkpoints);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, blocking);
    getContext().pipeToSelf(work, (ok, error) -> new CheckpointSaved(before, error == null ? null : rootMessage(error)));
  }

  private Behavior<Command> onCheckpointSaved(CheckpointSaved saved) {
    writes--;
    if (saved.problem() != null) {
      getContext().getLog().warn("checkpoint before request {} not written: {}", saved.request(), saved.problem());
    } else {
      lastCheckpoint = Math.max(lastCheckpoint, saved.request());
    }
    if (interruptedBy == null || writes > 0) return this;
    if (phase == Phase.PREPARING) endInterrupted();
    else if (phase == Phase.CHECKPOINTING && saved.problem() == null) tick();
    else if (phase == Phase.CHECKPOINTING) endInterrupted();
    return this;
  }

  /** Stops once the request in flight is answered and a checkpoint is written (at once if nothing runs). */
  private Behavior<Command> onInterrupt(Interrupt interrupt) {
    if (phase == Phase.FINISHING || phase == Phase.DONE || interruptedBy != null) return this;
    interruptedBy = interrupt.cause();
    getContext().getLog().info("{}: stopping after the request in flight", interruptedBy);
    // a search in progress is abandoned: the accuracies it measured are cached, a resumed run reads them back
    if (phase == Phase.PREPARING && writes == 0) endInterrupted();
    return this;
  }

  private void endInterrupted() {
    endedAs = RunStatus.INTERRUPTED;
    String resumable = lastCheckpoint > 0 ? "checkpoint before request " + lastCheckpoint
        : prepared != null ? "the trained model is saved" : "the search's accuracies are cached";
    failure = "stopped by " + interruptedBy + " after " + ledger.requestsAnswered() + " answered requests (" + resumable + ")";
    getContext().getLog().info("run interrupted: {}", failure);
    finish();
  }

  /** A resumed run: the orchestrator's records as checkpointed, then every node and link restored. */
  private void restore(ServingCheckpoint c) {
    orchestration.restore(c.orchestration());
    request = c.request();
    servingStartMs = c.servingStartMs();
    servingWallStartNanos = System.nanoTime();
    crashed.putAll(c.crashed());
    c.struck().forEach((node, faults) -> struck.put(node, new HashSet<>(faults)));
    lastKill = c.lastKill();
    linksDown.addAll(c.linksDown());
    probedStats.putAll(c.probedStats());
    changes.addAll(c.changes());
    changeFaultMs = c.changeFaultMs();
    changeDecidedMs = c.changeDecidedMs();
    ledger.restore(c.deployments(), c.records(), c.computeMs(), c.commMs(), c.hopRetries());
    phase = Phase.RESTORING;
    awaiting = c.nodes().size() + c.links().size();
    c.nodes().forEach((id, state) -> nodes.get(id).tell(new ServingNode.Restore(state, heldValues(state))));
    ActorRef<ServingLink.Snapshotted> adapter = getContext().messageAdapter(ServingLink.Snapshotted.class, LinkSnapshotted::new);
    c.links().forEach((id, snapshot) -> links.get(id).tell(new ServingLink.Restore(snapshot, adapter)));
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

  // ---- the end

  private Behavior<Command> onPreparationFailed(PreparationFailed failed) {
    return failed.diverged() ? fail(failed.reason(), RunStatus.DIVERGED) : fail("preparation failed: " + failed.reason());
  }

  private Behavior<Command> fail(String reason) {
    return fail(reason, RunStatus.FAILED);
  }

  private Behavior<Command> fail(String reason, RunStatus status) {
    if (phase == Phase.FINISHING || phase == Phase.DONE) return this;
    failure = reason;
    endedAs = status;
    getContext().getLog().warn("run failed: {}", reason);
    finish();
    return this;
  }

  private void finish() {
    phase = Phase.FINISHING;
    timers.cancelAll();
    ActorRef<LinkStats> adapter = getContext().messageAdapter(LinkStats.class, StatsReceived::new);
    links.forEach((id, link) -> {
      if (linksDown.contains(id)) linkStats.put(id, probedStats.getOrDefault(id, noTraffic(id)));
      else link.tell(new ServingLink.GetStats(adapter));
    });
    if (linkStats.size() == links.size()) report();
  }

  private Behavior<Command> onStats(StatsReceived received) {
    if (phase != Phase.FINISHING) return this;
    linkStats.put(received.stats().linkId(), received.stats());
    if (linkStats.size() == links.size()) report();
    return this;
  }

  private void report() {
    phase = Phase.DONE;
    double wallMs = (System.nanoTime() - startNanos) / 1e6;
    double servingWallMs = servingWallStartNanos == 0 ? 0 : (System.nanoTime() - servingWallStartNanos) / 1e6;
    int samples = ledger.samples();
    RunSummary summary =
        new RunSummary(
            scenario.name(),
            scenario.seed(),
            failure == null ? RunStatus.COMPLETED : endedAs,
            failure,
            samples == 0 ? null : ledger.servedAccuracy(),
            spec.requests(),
            ledger.requestsAnswered(),
            RunSummary.samplesPerSecond(samples, servingWallMs),
            ledger.lastAnswerMs(),
            wallMs,
            linkStats.values().stream().mapToLong(LinkStats::bytesSent).sum(),
            linkStats.values().stream().mapToLong(LinkStats::messagesDropped).sum(),
            linkStats.values().stream().mapToLong(LinkStats::messagesDuplicated).sum(),
            ledger.retries(),
            ledger.computeMs(),
            ledger.commMs(),
            startedAt,
            hosted == null ? Map.of() : hosted.nodePlacement(),
            RunSummary.Recovery.NONE,
            0,
            null,
            0);
    JointSearch.Objective objective = new JointSearch.Objective(spec.targetAccuracy(), spec.lambdaMsPerPoint());
    director.tell(new JmsnasDirector.Finished(summary, ledger.report(prepared, spec.wire().toString(), spec.requests()),
        prepared == null ? null : PlanReport.document(scenario.name(), objective, spec.wire(), prepared.search())));
  }
}
