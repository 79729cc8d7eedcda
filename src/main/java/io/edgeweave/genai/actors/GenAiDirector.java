package io.edgeweave.genai.actors;

import io.edgeweave.data.TrainTest;
import io.edgeweave.genai.ExpertMixture;
import io.edgeweave.genai.GenAiSetup;
import io.edgeweave.genai.Generator;
import io.edgeweave.genai.MixtureSnapshot;
import io.edgeweave.genai.RequestStream;
import io.edgeweave.genai.StrategyResult;
import io.edgeweave.genai.TaskCategories;
import io.edgeweave.genai.TrainedUnits;
import io.edgeweave.genai.VaeSnapshot;
import io.edgeweave.metrics.Divergence;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.SummaryWriter;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.Hosting;
import io.edgeweave.runtime.PhaseProgress;
import io.edgeweave.runtime.RunControl;
import io.edgeweave.runtime.RunListener;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.runtime.TakenOver;
import io.edgeweave.runtime.TakeoverTimer;
import io.edgeweave.scenario.GenAiSpec;
import io.edgeweave.scenario.GenAiSpec.Strategy;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;
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
import org.slf4j.Logger;

/**
 * Runs a genai scenario: shards the data over the edges, lets them train and upload, lets the cloud assemble,
 * deploy and run the baselines, has every model judged, plays the same request stream once per strategy,
 * and writes the comparison (comparison.md, results.json, quality.csv, requests.csv, samples.png).
 *
 * <p>Each unit of training the edges and the cloud finish is saved in the run folder's {@code checkpoints/}
 * ({@link TrainedUnits}). A run resumed from its folder, or redeployed after a JVM of its actors was lost (a kill-jvm
 * fault, or on a cluster any JVM leaving), replays the run with those units given as done: every result depends
 * only on the seed and its unit, so it ends as the run that was never stopped. Reports of a lost deployment are
 * fenced off: each deployment sends them through its own forwarder, stopped when the deployment is given up.
 */
public final class GenAiDirector extends AbstractBehavior<GenAiDirector.Command> {
  public interface Command extends CborSerializable {}

  record FromEvaluator(Evaluator.Judged judged) implements Command {}

  record RefereeReady(Evaluator.RefereeReady ready) implements Command {}

  /** A report of deployment {@code attempt}, through its forwarder. */
  record Fenced(int attempt, CborSerializable report) implements Command, NoSerializationVerificationNeeded {}

  /** The run's user asked it to stop: it ends at once, its finished units saved. */
  enum Interrupt implements Command { INSTANCE }

  /** Recoveries a run makes before it gives up. */
  static final int MAX_RECOVERIES = 5;

  private enum Stage { BOTTOM_UP, FEDAVG, CENTRALISED, SERVING, TRAFFIC, DONE }

  /** The phases of a genai run, in order, as progress displays show them. */
  public enum Phase {
    LOCAL_TRAINING, ASSEMBLY, PERSONALISATION, FEDAVG, CENTRALISED, SERVING;

    String words() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  private final Scenario scenario;
  private final GenAiSpec spec;
  private final TrainTest data;
  private final Path out;
  private final RunListener listener;
  private final Hosting hosting;
  private final RunControl control;
  private final TaskCategories categories;
  private final int[][] shards;
  private final long[][] counts;
  private final ActorRef<Evaluator.Command> evaluator;
  private final ActorRef<Evaluator.Judged> judgedAdapter;
  private final Instant startedAt = Instant.now();
  private final long startNanos = System.nanoTime();
  private final TakeoverTimer takeover;
  private final String baseRunId;
  private final TrainedUnits store;
  private final Map<String, TrainedUnits.Unit> units = new TreeMap<>();
  private final Executor blocking;
  private CompletableFuture<Void> saving = CompletableFuture.completedFuture(null);
  private int unitsSaved;
  private final Set<Integer> struck = new TreeSet<>();
  private final Set<String> lostJvms = new TreeSet<>();
  private int recoveries;
  private long lostAtNanos;
  private double recoveryWallMs;
  private int attempt = -1;
  private String runId;
  private ActorRef<CborSerializable> reports;
  private final Map<ActorRef<?>, String> watched = new HashMap<>();
  private RunStatus endStatus = RunStatus.FAILED;
  private List<ActorRef<GenEdge.Command>> edges = List.of();
  private List<ActorRef<GenLink.Command>> links = List.of();
  private ActorRef<GenCloud.Command> cloud;
  private GenDeployment.Deployed deployed;

  private Stage stage = Stage.BOTTOM_UP;
  private int localTrained;
  private int assembled;
  private int deployments = -1;
  private int personalised;
  private final Set<String> judging = new HashSet<>();
  private final GenAiResults results;
  private final Map<String, long[]> cloudFlopsByStrategy = new HashMap<>();
  private double clockMs;
  private String refereeNote = "";
  private List<RequestStream.Request> requests;
  private int servingStrategy;
  private int servingRequest;
  private String failure;

  /**
   * A run whose edges, cloud and links live on the JVMs of {@code hosting}, placed by the genai hosts there.
   *
   * @param resume continue the run in {@code out}: the units of training its checkpoints hold are not trained again
   * @param takenOver how a standby director took the run over; null if none did
   */
  public static Behavior<Command> create(Scenario scenario, GenAiSpec spec, TrainTest data, Path out, RunListener listener,
      Hosting hosting, RunControl control, boolean resume, TakenOver takenOver) {
    return Behaviors.setup(ctx ->
        new GenAiDirector(ctx, scenario, spec, data, out, listener, hosting, control, resume, takenOver).deploy());
  }

  private GenAiDirector(ActorContext<Command> ctx, Scenario scenario, GenAiSpec spec, TrainTest data, Path out,
      RunListener listener, Hosting hosting, RunControl control, boolean resume, TakenOver takenOver) {
    super(ctx);
    this.scenario = scenario;
    this.spec = spec;
    this.data = data;
    this.out = out;
    this.listener = listener;
    this.hosting = hosting;
    this.control = control;
    this.takeover = new TakeoverTimer(takenOver);
    this.baseRunId = scenario.name() + "-" + Long.toString(System.currentTimeMillis(), 36);
    this.store = new TrainedUnits(out.resolve("checkpoints"));
    this.blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    if (resume) {
      TrainedUnits.Loaded loaded = store.load();
      loaded.warnings().forEach(w -> ctx.getLog().warn("{}", w));
      units.putAll(loaded.units());
      ctx.getLog().info("{}: resuming with {} units of training done: {}", scenario.name(), units.size(), units.keySet());
    }
    control.onInterrupt(ctx.getSelf(), Interrupt.INSTANCE);
    this.categories = GenAiSetup.categories(spec, data.train().classes());
    this.shards = GenAiSetup.shards(spec, scenario.data(), data.train(), scenario.seed());
    this.counts = GenAiSetup.classCounts(shards, data.train());
    this.results = new GenAiResults(spec, data.train().classes(), categories, counts,
        Arrays.stream(shards).mapToLong(s -> s.length).sum() * (data.train().features() + 1L));
    this.judgedAdapter = ctx.messageAdapter(Evaluator.Judged.class, FromEvaluator::new);
    this.evaluator = ctx.spawn(Evaluator.create(data, spec.quality(), scenario.seed(),
        scenario.output().directory().resolve("cache"), ctx.messageAdapter(Evaluator.RefereeReady.class, RefereeReady::new)),
        "evaluator", DispatcherSelector.fromConfig(ScenarioDirector.COMPUTE_DISPATCHER));
    ctx.watch(evaluator);
  }

  /** Deploys the run's actors afresh (a new run id, a new forwarder of reports) and then starts them. */
  private Behavior<Command> deploy() {
    attempt++;
    runId = baseRunId + (attempt == 0 ? "" : "-" + attempt);
    ActorRef<Command> self = getContext().getSelf();
    int fence = attempt;
    reports = getContext().spawn(Behaviors.receive(CborSerializable.class).onAnyMessage(m -> {
      self.tell(new Fenced(fence, m));
      return Behaviors.same();
    }).build(), "reports-" + attempt);
    GenHost.Run run = new GenHost.Run(runId, spec, scenario.data(), scenario.model(), scenario.seed(),
        data.train().fingerprint(), self);
    GenDeployment.Request request = new GenDeployment.Request(scenario, run, hosting, reports.narrow(), reports.narrow(),
        reports.narrow(), Set.copyOf(struck), Set.copyOf(lostJvms));
    return GenDeployment.start(getContext(), request, this::start, reason -> {
      fail("cannot deploy the run: " + reason);
      return Behaviors.stopped();
    }, this::onInterrupt);
  }

  /** Connects the deployed actors, gives each the units it trained already, and starts local training. */
  private Behavior<Command> start(GenDeployment.Deployed d) {
    deployed = d;
    edges = d.edges();
    links = d.links();
    cloud = d.cloud();
    for (int i = 0; i < edges.size(); i++) watch(edges.get(i), d.placement().get(spec.edges().get(i)));
    watch(cloud, d.placement().get(spec.cloud()));
    for (int i = 0; i < links.size(); i++) watch(links.get(i), d.linkJvms().get(i));
    if (lostAtNanos != 0) recoveryWallMs += (System.nanoTime() - lostAtNanos) / 1e6;
    lostAtNanos = 0;
    for (int i = 0; i < edges.size(); i++) {
      edges.get(i).tell(new GenEdge.Connect(links.get(i), TrainedUnits.ofEdge(units, spec.edges().get(i))));
    }
    cloud.tell(new GenCloud.Connect(links, TrainedUnits.ofCloud(units)));
    edges.forEach(edge -> edge.tell(GenEdge.TrainLocal.INSTANCE));
    return this;
  }

  private void watch(ActorRef<?> actor, String jvm) {
    getContext().watch(actor);
    watched.put(actor, jvm);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Fenced.class, this::onFenced)
        .onMessage(FromEvaluator.class, m -> { onJudged(m.judged()); return this; })
        .onMessage(RefereeReady.class, m -> { onReferee(m.ready()); return this; })
        .onMessageEquals(Interrupt.INSTANCE, this::onInterrupt)
        .onSignal(ChildFailed.class, f -> fail(f.getRef().path().name() + " crashed: " + f.getCause().getMessage()))
        .onSignal(Terminated.class, t -> onLost(t.getRef()))
        .build();
  }

  /** A report of the current deployment; those of a deployment given up are dropped. */
  private Behavior<Command> onFenced(Fenced fenced) {
    if (fenced.attempt() != attempt) return this;
    CborSerializable report = fenced.report();
    if (report instanceof UnitTrained u) {
      takeover.progressed();
      if (u.loss().isPresent() && scenario.runtime().stopsOn(u.loss().getAsDouble())) return diverged(u);
      onUnit(u.unit());
    } else if (report instanceof Progressed p) {
      takeover.progressed(); // an edge or the cloud finished an epoch or a FedAvg round
      onProgressed(p);
    } else if (report instanceof GenEdge.Killed k) {
      onKilled(k);
    } else if (report instanceof GenEdge.Report e) {
      onEdge(e);
    } else if (report instanceof GenCloud.Report c) {
      onCloud(c);
    } else if (report instanceof GenLink.Failed f) {
      return fail(f.linkId() + ": " + f.reason());
    } else if (report instanceof GenLink.Traffic t) {
      return onTraffic(t);
    }
    return this;
  }

  /** Saves a unit of training off this actor's thread, once; the run waits for the files only when it ends. */
  private void onUnit(TrainedUnits.Unit unit) {
    if (units.putIfAbsent(unit.key(), unit) != null) return;
    Logger log = getContext().getSystem().log(); // the context is this actor's thread's only
    saving = saving.thenRunAsync(() -> {
      try {
        store.save(unit);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, blocking).exceptionally(e -> {
      log.warn("cannot save the checkpoint of {}: {}", unit.key(), e.getMessage());
      return null;
    });
    unitsSaved++;
  }

  /** A kill-jvm fault struck an edge's JVM: with the record kept, the edge halts it. */
  private void onKilled(GenEdge.Killed killed) {
    String node = spec.edges().get(killed.edge());
    struck.add(killed.fault());
    getContext().getLog().warn("{}: kill-jvm fault in local training; halting its JVM {}", node, deployed.placement().get(node));
    edges.get(killed.edge()).tell(GenEdge.Halt.INSTANCE);
  }

  /**
   * An actor of the deployment stopped: its JVM left (or, in one JVM, a kill-jvm fault stopped it). On a cluster, or
   * after a kill, the run is deployed again on the JVMs left and replays from its checkpointed units.
   */
  private Behavior<Command> onLost(ActorRef<?> actor) {
    String jvm = watched.get(actor);
    if (jvm == null) return fail(actor.path().name() + " stopped");
    if (failure != null || stage == Stage.DONE) return this;
    String what = actor.path().name() + " stopped (its JVM " + jvm + " left or it crashed there)";
    boolean recoverable = hosting instanceof Hosting.Cluster || !struck.isEmpty();
    if (!recoverable || recoveries >= MAX_RECOVERIES) return fail(what);
    recoveries++;
    lostAtNanos = System.nanoTime();
    if (hosting instanceof Hosting.Cluster) lostJvms.add(jvm);
    getContext().getLog().warn("{}; deploying the run again{} and resuming from its {} checkpointed", what,
        lostJvms.isEmpty() ? "" : " without JVM " + String.join(", ", lostJvms), unitsDone());
    watched.keySet().forEach(getContext()::unwatch);
    watched.clear();
    getContext().stop(reports);
    deployed.hosts().forEach(h -> h.tell(new GenHost.Release(runId)));
    forgetDeployment();
    return deploy();
  }

  private String unitsDone() {
    return units.size() + (units.size() == 1 ? " unit" : " units");
  }

  /** Forgets what the deployment given up had reached: the next one replays it. Judgements stay (one per model). */
  private void forgetDeployment() {
    deployed = null;
    edges = List.of();
    links = List.of();
    cloud = null;
    stage = Stage.BOTTOM_UP;
    localTrained = 0;
    assembled = 0;
    deployments = -1;
    personalised = 0;
    results.forgetDeployment();
    cloudFlopsByStrategy.clear();
    clockMs = 0;
    requests = null;
    servingStrategy = 0;
    servingRequest = 0;
  }

  private Behavior<Command> onInterrupt() {
    if (failure != null || stage == Stage.DONE) return this;
    String cause = control.interruption().orElse("a stop request");
    endStatus = RunStatus.INTERRUPTED;
    return end("stopped by " + cause + " in stage " + stage.name().toLowerCase(Locale.ROOT).replace('_', '-') + " with "
        + unitsDone() + " of training checkpointed");
  }

  private void onReferee(Evaluator.RefereeReady ready) {
    refereeNote = String.format(Locale.ROOT, "referee CNN test accuracy %.4f (%s)", ready.testAccuracy(),
        ready.fromCache() ? "loaded from the cache" : "trained in this run");
    progress(refereeNote);
  }

  /** Judges a model once: a deployment that replays the run gets the same model, and the judgement made. */
  private void judge(String label, VaeSnapshot vae, MixtureSnapshot mixture, int[] classes) {
    if (judging.add(label)) evaluator.tell(new Evaluator.Judge(label, vae, mixture, classes, judgedAdapter));
  }

  private int[] allClasses() {
    return IntStream.range(0, data.train().classes()).toArray();
  }

  private void onProgressed(Progressed p) {
    listener.onPhase(new PhaseProgress(p.phase().words(), p.phase().ordinal() + 1, Phase.values().length, p.node(),
        p.done(), p.total()));
  }

  private void onEdge(GenEdge.Report report) {
    if (report instanceof GenEdge.LocalTrained t) {
      localTrained++;
      progress("local model trained at " + spec.edges().get(t.edge()) + " (" + localTrained + "/" + edges.size() + ")");
      clockMs = Math.max(clockMs, t.clockMs());
      results.ready(Strategy.EDGE_ONLY, t.clockMs());
      judge(GenAiResults.edgeLabel(t.edge()), t.model(), null, allClasses());
    } else if (report instanceof GenEdge.Personalised p) {
      personalised++;
      progress("task model personalised at " + spec.edges().get(p.edge()) + " (" + personalised + "/" + deployments + ")");
      clockMs = Math.max(clockMs, p.clockMs());
      results.ready(Strategy.DEPLOYED, p.clockMs());
      results.deployed(p.edge(), p.category());
      int[] classes = categories.get(p.category()).classes().stream().mapToInt(Integer::intValue).toArray();
      judge(GenAiResults.deployedLabel(p.edge(), p.category()), null, p.model(), classes);
    } else if (report instanceof GenEdge.Served s) {
      onServed(s);
      return;
    }
    advance();
  }

  private void onCloud(GenCloud.Report report) {
    if (report instanceof GenCloud.Assembled a) {
      assembled++;
      progress("assembled model trained: " + GenAiResults.label(a.strategy()));
      clockMs = Math.max(clockMs, a.endMs());
      results.ready(a.strategy(), a.endMs());
      Generator model = a.model().toModel();
      cloudFlopsByStrategy.put(a.strategy().name(), flops(model));
      judge(GenAiResults.label(a.strategy()), null, a.model(), allClasses());
    } else if (report instanceof GenCloud.Deployed d) {
      deployments = d.deployments();
    } else if (report instanceof GenCloud.FedAvgDone f) {
      progress("FedAvg finished " + spec.fedAvgRounds() + " rounds");
      clockMs = Math.max(clockMs, f.endMs());
      results.ready(Strategy.FEDAVG, f.endMs() - f.startMs());
      cloudFlopsByStrategy.put(Strategy.FEDAVG.name(), flops(f.model().toModel()));
      judge(GenAiResults.label(Strategy.FEDAVG), f.model(), null, allClasses());
    } else if (report instanceof GenCloud.CentralisedDone c) {
      progress("centralised model trained");
      results.ready(Strategy.CENTRALISED, c.endMs() - c.startMs());
      cloudFlopsByStrategy.put(Strategy.CENTRALISED.name(), flops(c.model().toModel()));
      judge(GenAiResults.label(Strategy.CENTRALISED), c.model(), null, allClasses());
    }
    advance();
  }

  /** FLOPs per generated image of each class (0 for a class the model does not serve). */
  private long[] flops(Generator model) {
    long[] perClass = new long[data.train().classes()];
    for (int c = 0; c < perClass.length; c++) {
      boolean serves = !(model instanceof ExpertMixture m) || m.serves(c);
      perClass[c] = serves ? model.generateFlops(c) : 0;
    }
    return perClass;
  }

  /** A milestone in the log (INFO: visible with EDGEWEAVE_LOG_LEVEL=INFO). */
  private void progress(String milestone) {
    getContext().getLog().info("{}: {}", scenario.name(), milestone);
  }

  private void onJudged(Evaluator.Judged j) {
    results.judged(j);
    advance();
  }

  private boolean wants(Strategy s) {
    return spec.strategies().contains(s);
  }

  /** Moves to the next stage once the current one has all it waits for. */
  private void advance() {
    if (failure != null) return;
    if (stage == Stage.BOTTOM_UP) {
      int assemblies = (wants(Strategy.FREEZE) ? 1 : 0) + (wants(Strategy.FINE_TUNE) ? 1 : 0);
      boolean deployedAll = !wants(Strategy.DEPLOYED) || (deployments >= 0 && personalised == deployments);
      if (localTrained < edges.size() || assembled < assemblies || !deployedAll) return;
      stage = Stage.FEDAVG;
      if (wants(Strategy.FEDAVG)) {
        cloud.tell(GenCloud.RunFedAvg.INSTANCE);
        return;
      }
    }
    if (stage == Stage.FEDAVG) {
      if (wants(Strategy.FEDAVG) && !results.isReady(Strategy.FEDAVG)) return;
      stage = Stage.CENTRALISED;
      if (wants(Strategy.CENTRALISED)) {
        cloud.tell(GenCloud.TrainCentralised.INSTANCE);
        return;
      }
    }
    if (stage == Stage.CENTRALISED) {
      if (wants(Strategy.CENTRALISED) && !results.isReady(Strategy.CENTRALISED)) return;
      if (results.judgements() < judging.size()) return;
      stage = Stage.SERVING;
      startServing();
    }
  }

  private void startServing() {
    progress("all models judged; serving " + spec.serving().requests() + " requests per strategy");
    GenAiSpec.Serving s = spec.serving();
    requests = RequestStream.generate(s.requests(), s.meanInterval().toNanos() / 1e6, s.images(),
        s.deadline().toNanos() / 1e6, s.qualityFloor(), s.localShare(), counts, Seeds.derive(scenario.seed(), "genai/requests"));
    servingStrategy = 0;
    servingRequest = 0;
    nextRequest();
  }

  /** Each strategy's stream starts after the previous one has long drained, so queues start empty. */
  private double offsetMs(int strategyIndex) {
    double span = requests.isEmpty() ? 0 : requests.get(requests.size() - 1).deadlineMs();
    return Math.ceil((clockMs + 1000) / 1000) * 1000 + strategyIndex * (2 * span + 60_000);
  }

  private void nextRequest() {
    while (servingStrategy < spec.strategies().size() && servingRequest >= requests.size()) {
      servingStrategy++;
      servingRequest = 0;
    }
    if (servingStrategy >= spec.strategies().size()) {
      stage = Stage.TRAFFIC;
      links.forEach(l -> l.tell(new GenLink.GetTraffic(reports.narrow())));
      return;
    }
    Strategy strategy = spec.strategies().get(servingStrategy);
    RequestStream.Request r = requests.get(servingRequest);
    if (servingRequest == 0) {
      onProgressed(new Progressed(Phase.SERVING, GenAiResults.label(strategy), servingStrategy + 1, spec.strategies().size()));
    }
    double offset = offsetMs(servingStrategy);
    RequestStream.Request shifted = new RequestStream.Request(r.id(), r.edge(), r.cls(), r.images(),
        r.arrivalMs() + offset, r.deadlineMs() + offset, r.qualityFloor());
    edges.get(r.edge()).tell(new GenEdge.Serve(shifted, strategy, results.edgeFidelity(strategy, r.edge()),
        results.cloudFidelity(strategy, cloudModelOf(strategy)), cloudFlopsByStrategy.get(cloudModelOf(strategy).name())));
  }

  /** The cloud's model a strategy falls back on: its own, or for deployed task models the assembled one they were cut from. */
  private Strategy cloudModelOf(Strategy s) {
    if (s != Strategy.DEPLOYED) return s;
    return wants(Strategy.FINE_TUNE) ? Strategy.FINE_TUNE : Strategy.FREEZE;
  }

  private void onServed(GenEdge.Served s) {
    Strategy strategy = spec.strategies().get(servingStrategy);
    RequestStream.Request r = requests.get(servingRequest);
    double offset = offsetMs(servingStrategy);
    double latency = s.finishMs() - (r.arrivalMs() + offset);
    boolean deadline = s.finishMs() <= r.deadlineMs() + offset;
    boolean floor = s.expectedFidelity() >= r.qualityFloor();
    results.served(strategy, r, latency, s.tier(), deadline, floor);
    takeover.progressed();
    servingRequest++;
    nextRequest();
  }

  private Behavior<Command> onTraffic(GenLink.Traffic t) {
    if (!results.traffic(t, links.size())) return this;
    stage = Stage.DONE;
    return finish();
  }

  private Behavior<Command> diverged(UnitTrained u) {
    endStatus = RunStatus.DIVERGED;
    return fail(Divergence.message("unit " + u.unit().key(), "mean loss of its last epoch", u.loss().getAsDouble(),
        u.node(), "try a smaller learning-rate in workload.local, assembly or personalisation"));
  }

  private Behavior<Command> fail(String reason) {
    if (failure != null || stage == Stage.DONE) return this;
    getContext().getLog().error("run failed: {}", reason);
    return end(reason);
  }

  private Behavior<Command> end(String reason) {
    failure = reason;
    stage = Stage.DONE;
    return finish();
  }

  private Behavior<Command> finish() {
    List<StrategyResult> rows = failure == null ? results.rows() : List.of();
    long linkBytes = results.linkBytes();
    long retransmissions = results.retransmissions();
    int servedCount = results.servedCount();
    RunSummary.Recovery recovery = new RunSummary.Recovery(struck.size(), unitsSaved, null, recoveries, List.of(), 0, 0,
        recoveryWallMs);
    RunSummary summary = takeover.stamp(new RunSummary(scenario.name(), scenario.seed(),
        failure == null ? RunStatus.COMPLETED : endStatus, failure, null,
        requests == null ? 0 : requests.size() * spec.strategies().size(), servedCount, 0, clockMs,
        (System.nanoTime() - startNanos) / 1e6, linkBytes, retransmissions, 0, retransmissions, Map.of(), Map.of(), startedAt,
        deployed == null ? Map.of() : deployed.placement(), recovery, 0, null, 0, null));
    if (deployed != null) deployed.hosts().forEach(h -> h.tell(new GenHost.Release(runId)));
    try {
      saving.join(); // every unit reported is on disk before the summary says what was saved
      if (failure == null) GenAiOutputs.write(out, rows, results.requestRows(), refereeNote, results.grid());
      SummaryWriter.write(out.resolve("summary.json"), summary);
    } catch (IOException e) {
      getContext().getLog().error("cannot write results to {}: {}", out, e.getMessage());
    }
    listener.onFinished(summary, List.of());
    return Behaviors.stopped();
  }
}
