package io.edgeweave.cluster;

import com.typesafe.config.Config;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.Hosting;
import io.edgeweave.runtime.RunControl;
import io.edgeweave.runtime.RunListener;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.runtime.TakenOver;
import io.edgeweave.tensor.Tensor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.StreamSupport;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * A standby director: a JVM of role {@value #ROLE} that runs no scenario of its own and takes over the run whose
 * director's JVM dies. The JVM of {@code run --cluster} tells every standby of its run ({@link #announce}); the
 * standby reads the run's scenario and data from the run folder at once, and when the cluster downs that JVM, the
 * oldest standby up resumes the run from the folder's newest checkpoint, as {@code run --resume} does, and writes
 * its results there. The folder must be on storage that both JVMs reach.
 */
public final class StandbyDirector extends AbstractBehavior<StandbyDirector.Command> {
  /** The role of a standby director's JVM. */
  public static final String ROLE = "standby";

  /** The receptionist key of every standby director. */
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "edgeweave-standby-directors");

  public interface Command extends CborSerializable {}

  /** Watch run {@code run}: take it over if its director's JVM dies. */
  public record Watch(RunTicket run) implements Command {}

  /** Which run does this standby direct? */
  public record AskDirecting(ActorRef<Directing> replyTo) implements Command {}

  /** The folder of the run standby {@code standby} directs, taken over; null if it directs none. */
  public record Directing(String standby, String folder) implements CborSerializable {}

  record Left(String address, boolean downed) implements Command, NoSerializationVerificationNeeded {}

  /** A member's reachability changed, as this JVM's failure detector sees it. */
  record Reachability(String address, boolean reachable) implements Command, NoSerializationVerificationNeeded {}

  record Listed(Set<ActorRef<Command>> standbys) implements Command, NoSerializationVerificationNeeded {}

  record Read(RunTicket run, RunReader.Loaded loaded, String problem) implements Command, NoSerializationVerificationNeeded {}

  record Checked(RunTicket run, String problem) implements Command, NoSerializationVerificationNeeded {}

  record Ended(RunSummary summary) implements Command, NoSerializationVerificationNeeded {}

  /** This JVM is shutting down (SIGTERM): stop the run it directs as Ctrl-C stops {@code run}; reply once it has ended. */
  record StopDirecting(ActorRef<Done> replyTo) implements Command, NoSerializationVerificationNeeded {}

  /**
   * How long a standby's SIGTERM waits for the run it directs to stop (the step or request in flight, a checkpoint):
   * the timeout of the first phase of its shutdown.
   */
  public static final String STOP_TIMEOUT = "30 s";

  /** The standby director's name in its JVM, under the user guardian. */
  private static final String NAME = "standby";

  private final RunReader reader;
  private final String self;
  private final Executor blocking;
  private final Set<ActorRef<Command>> others = new HashSet<>();
  /** The run watched, and its scenario and data once read. */
  private RunTicket watched;
  private RunReader.Loaded loaded;
  private boolean takeOverWhenRead;
  /** The run this JVM directs, taken over, and how to stop it. */
  private RunTicket directing;
  private RunControl control;
  private final List<ActorRef<Done>> stopping = new ArrayList<>();
  /** When the watched run's director's JVM was seen unreachable (0: not seen), then removed. */
  private long unreachableNanos;
  private long removedNanos;
  private Instant removedAt;
  private int takeovers;

  /**
   * Runs a standby director's JVM until it is stopped or removed, and returns its exit status.
   *
   * @param out where it says it is up (one line, for people and launch scripts)
   */
  public static int run(Config config, RunReader reader, PrintStream out) throws InterruptedException {
    ClusterSettings settings = ClusterSettings.of(config);
    Behavior<Void> guardian = Behaviors.setup(ctx -> {
      ctx.spawn(create(reader), NAME);
      JvmHealth.get(ctx.getSystem()).markReady();
      return Behaviors.empty();
    });
    return ClusterNode.serve(config, guardian, "standby", system -> ClusterNode.name(settings, system, ROLE), out);
  }

  public static Behavior<Command> create(RunReader reader) {
    return Behaviors.setup(ctx -> new StandbyDirector(ctx, reader));
  }

  private StandbyDirector(ActorContext<Command> ctx, RunReader reader) {
    super(ctx);
    this.reader = reader;
    Cluster cluster = Cluster.get(ctx.getSystem());
    this.self = cluster.selfMember().address().toString();
    this.blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(KEY,
        ctx.messageAdapter(Receptionist.Listing.class, l -> new Listed(l.getServiceInstances(KEY)))));
    cluster.subscriptions().tell(Subscribe.create(
        ctx.messageAdapter(ClusterEvent.MemberRemoved.class,
            e -> new Left(e.member().address().toString(), e.previousStatus().equals(MemberStatus.down()))),
        ClusterEvent.MemberRemoved.class));
    cluster.subscriptions().tell(Subscribe.create(
        ctx.messageAdapter(ClusterEvent.ReachabilityEvent.class,
            e -> new Reachability(e.member().address().toString(), e instanceof ClusterEvent.ReachableMember)),
        ClusterEvent.ReachabilityEvent.class));
    CoordinatedShutdown.get(Adapter.toClassic(ctx.getSystem())).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(),
        "stop-the-run-taken-over",
        () -> AskPattern.<Command, Done>ask(ctx.getSelf(), StopDirecting::new,
            ctx.getSystem().settings().config().getDuration("pekko.coordinated-shutdown.phases.before-service-unbind.timeout"),
            ctx.getSystem().scheduler()));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Watch.class, this::onWatch)
        .onMessage(Listed.class, this::onListed)
        .onMessage(Read.class, this::onRead)
        .onMessage(Left.class, this::onLeft)
        .onMessage(Reachability.class, this::onReachability)
        .onMessage(Checked.class, this::onChecked)
        .onMessage(Ended.class, this::onEnded)
        .onMessage(StopDirecting.class, this::onStopDirecting)
        .onMessage(AskDirecting.class, this::onAskDirecting)
        .onSignal(Terminated.class, t -> onDirectorStopped())
        .build();
  }

  private Behavior<Command> onListed(Listed listed) {
    others.clear();
    listed.standbys().stream().filter(s -> !s.equals(getContext().getSelf())).forEach(others::add);
    return this;
  }

  /** Reads the run's scenario and data now, so that a takeover only has to deploy. */
  private Behavior<Command> onWatch(Watch watch) {
    if (watch.run().equals(watched)) return this;
    watched = watch.run();
    loaded = null;
    takeOverWhenRead = false;
    unreachableNanos = 0;
    getContext().getLog().info("watching run {} (directed from {}): this JVM takes it over if that JVM dies",
        watched.folder(), watched.director());
    RunTicket run = watched;
    CompletableFuture<RunReader.Loaded> reading =
        CompletableFuture.supplyAsync(() -> reader.read(Path.of(run.folder())), blocking);
    getContext().pipeToSelf(reading, (ok, error) -> new Read(run, ok, error == null ? null : rootMessage(error)));
    return this;
  }

  private Behavior<Command> onRead(Read read) {
    if (!read.run().equals(watched)) return this;
    if (read.problem() != null) {
      getContext().getLog().warn("cannot take over run {} if its director dies: {}", read.run().folder(), read.problem());
      watched = null;
      return this;
    }
    loaded = read.loaded();
    if (takeOverWhenRead) check();
    return this;
  }

  /** Notes when the watched run's director's JVM became unreachable (the last time, if it came back meanwhile). */
  private Behavior<Command> onReachability(Reachability r) {
    if (watched != null && watched.director().equals(r.address())) unreachableNanos = r.reachable() ? 0 : System.nanoTime();
    return this;
  }

  private Behavior<Command> onAskDirecting(AskDirecting ask) {
    ask.replyTo().tell(new Directing(self, directing == null ? null : directing.folder()));
    return this;
  }

  private Behavior<Command> onLeft(Left left) {
    if (watched == null || !watched.director().equals(left.address())) return this;
    if (!left.downed()) {
      getContext().getLog().info("the JVM directing run {} left the cluster: the run ended there", watched.folder());
      watched = null;
      return this;
    }
    Optional<String> oldest = oldestStandbyUp();
    if (!watched.takenOverBy(self, left.address(), true, oldest)) {
      getContext().getLog().info("the JVM directing run {} was downed: the standby at {} takes it over",
          watched.folder(), oldest.orElse("(none)"));
      return this;
    }
    removedNanos = System.nanoTime();
    removedAt = Instant.now();
    getContext().getLog().warn("the JVM directing run {} ({}) was downed: taking the run over from its newest checkpoint",
        watched.folder(), left.address());
    if (loaded == null) takeOverWhenRead = true;
    else check();
    return this;
  }

  /** Checks off the actor that the run can resume (it did not complete just before its JVM died). */
  private void check() {
    RunTicket run = watched;
    CompletableFuture<Optional<String>> checking =
        CompletableFuture.supplyAsync(() -> reader.resumeProblem(Path.of(run.folder())), blocking);
    getContext().pipeToSelf(checking,
        (problem, error) -> new Checked(run, error != null ? rootMessage(error) : problem.orElse(null)));
  }

  private Behavior<Command> onChecked(Checked checked) {
    if (!checked.run().equals(watched)) return this;
    watched = null;
    if (checked.problem() != null) {
      getContext().getLog().warn("run {} not taken over: {}", checked.run().folder(), checked.problem());
      return this;
    }
    if (directing != null) {
      getContext().getLog().warn("run {} not taken over: this JVM directs run {}", checked.run().folder(), directing.folder());
      return this;
    }
    directing = checked.run().directedBy(self);
    control = new RunControl();
    Hosting hosting = new Hosting.Cluster(directing.minJvms(), Duration.ofMillis(directing.waitForNodesMs()));
    long resumedNanos = System.nanoTime();
    TakenOver takenOver = new TakenOver(new RunSummary.Takeover(self, checked.run().director(), removedAt,
        unreachableNanos == 0 ? null : (removedNanos - unreachableNanos) / 1e6, (resumedNanos - removedNanos) / 1e6), removedNanos);
    ActorRef<Void> director = getContext().spawn(
        ScenarioDirector.create(loaded.scenario(), loaded.data(), Path.of(directing.folder()), new Listener(getContext().getSelf()),
            hosting, control, true, takenOver),
        "run-" + ++takeovers);
    getContext().watch(director);
    getContext().getLog().warn("run {}: resuming here, {} ms (wall) after its director was removed",
        directing.folder(), Math.round(takenOver.figures().resumedMs()));
    others.forEach(o -> o.tell(new Watch(directing)));
    loaded = null;
    return this;
  }

  private Behavior<Command> onEnded(Ended ended) {
    RunSummary summary = ended.summary();
    getContext().getLog().warn("run {} ended here: {}{}; its results are in that folder", directing.folder(),
        summary.status().name().toLowerCase(Locale.ROOT), summary.error() == null ? "" : " (" + summary.error() + ")");
    return this;
  }

  private Behavior<Command> onStopDirecting(StopDirecting stop) {
    if (directing == null) {
      stop.replyTo().tell(Done.getInstance());
    } else {
      stopping.add(stop.replyTo());
      control.interrupt("SIGTERM to the standby");
    }
    return this;
  }

  private Behavior<Command> onDirectorStopped() {
    directing = null;
    stopping.forEach(s -> s.tell(Done.getInstance()));
    stopping.clear();
    return this;
  }

  /** The oldest member of role {@value #ROLE} that is up, as its address. */
  private Optional<String> oldestStandbyUp() {
    return StreamSupport.stream(Cluster.get(getContext().getSystem()).state().getMembers().spliterator(), false)
        .filter(m -> m.hasRole(ROLE) && m.status().equals(MemberStatus.up()))
        .reduce((a, b) -> a.isOlderThan(b) ? a : b)
        .map(Member::address)
        .map(Object::toString);
  }

  private static String rootMessage(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null) cause = cause.getCause();
    return String.valueOf(cause.getMessage());
  }

  /** Tells the standby how a run it took over ended. */
  private record Listener(ActorRef<Command> standby) implements RunListener {
    @Override
    public void onStep(StepRecord step, int totalSteps) {}

    @Override
    public void onFinished(RunSummary summary, List<Tensor> partitionParameters) {
      standby.tell(new Ended(summary));
    }
  }

  /**
   * The run a standby director of the cluster directs, taken over from a director that died, as words; empty if
   * none does (or none answers within {@code within}). Each standby up is asked where it lives, so that a JVM that has
   * just joined needs no receptionist listing.
   */
  static Optional<String> runDirected(ActorSystem<?> system, Duration within) {
    ActorRefResolver resolver = ActorRefResolver.get(system);
    List<CompletableFuture<Directing>> answers = StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
        .filter(m -> m.hasRole(ROLE) && m.status().equals(MemberStatus.up()))
        .map(m -> {
          ActorRef<Command> standby = resolver.resolveActorRef(m.address() + "/user/" + NAME);
          return AskPattern.<Command, Directing>ask(standby, AskDirecting::new, within, system.scheduler()).toCompletableFuture()
              .exceptionally(unanswered -> new Directing(m.address().toString(), null));
        })
        .toList();
    return answers.stream().map(CompletableFuture::join).filter(d -> d.folder() != null).findFirst()
        .map(d -> "the standby director at " + d.standby() + " directs run " + d.folder() + ", taken over when its director died");
  }

  /** What the JVM directing a run tells its announcer ({@link #announce}). */
  interface Announcement extends NoSerializationVerificationNeeded {}

  private record StandbysListed(Set<ActorRef<Command>> standbys) implements Announcement {}

  /** The run has ended: no standby is told of it any more. */
  enum RunEnded implements Announcement {
    INSTANCE
  }

  /**
   * Tells every standby director, and each one that joins later, of run {@code run} until it is told the run has
   * ended: started by the JVM that directs the run, beside the run's director.
   */
  static ActorRef<Announcement> announce(ActorSystem<?> system, RunTicket run, String name) {
    Behavior<Announcement> announcer = Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(KEY,
          ctx.messageAdapter(Receptionist.Listing.class, l -> new StandbysListed(l.getServiceInstances(KEY)))));
      Set<ActorRef<Command>> told = new HashSet<>();
      return Behaviors.receive(Announcement.class)
          .onMessage(StandbysListed.class, listed -> {
            listed.standbys().stream().filter(told::add).forEach(s -> s.tell(new Watch(run)));
            return Behaviors.same();
          })
          .onMessageEquals(RunEnded.INSTANCE, Behaviors::stopped)
          .build();
    });
    return system.systemActorOf(announcer, name, Props.empty());
  }
}
