package io.edgeweave.serving.actors;

import io.edgeweave.data.TrainTest;
import io.edgeweave.fault.NodeFaultSchedule;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.SummaryWriter;
import io.edgeweave.placement.Placement;
import io.edgeweave.plan.PlanReport;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.Hosting;
import io.edgeweave.runtime.PhaseProgress;
import io.edgeweave.runtime.RunControl;
import io.edgeweave.runtime.RunListener;
import io.edgeweave.runtime.TakenOver;
import io.edgeweave.scenario.JmsnasSpec;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.serving.ServingFiles;
import io.edgeweave.serving.ServingPage;
import io.edgeweave.serving.ServingReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * Runs a JMSNAS scenario: starts the {@link Orchestrator} beside itself (on the director's JVM, which node failures
 * never kill), finds the {@link ServingHost} of every JVM through the receptionist, places the scenario's nodes on
 * them with {@link Placement} (a link lives with its {@code from} node), has the hosts start every link and the
 * nodes present at the start, and hands them to the orchestrator. It starts the nodes the orchestrator asks for
 * later (joins and restarts) and writes the results when the orchestrator is done. A single-JVM run takes the same
 * path with the hosts of its in-process agents, so both give the same figures.
 */
public final class JmsnasDirector extends AbstractBehavior<JmsnasDirector.Command> {
  public interface Command extends CborSerializable {}

  /** Start incarnation {@code incarnation} of a node, without the crash faults that already struck it. */
  public record StartNode(String node, int incarnation, Set<Integer> struck, ActorRef<Orchestrator.Command> replyTo)
      implements Command {}

  /** The orchestrator is done; {@code plan} is the search's result (null if it never ran). */
  public record Finished(RunSummary summary, ServingReport serving, PlanReport.Document plan) implements Command {}

  /** Where the run stands, for its progress display. */
  public record Progressed(PhaseProgress progress) implements Command {}

  record HostsListed(Set<ActorRef<ServingHost.Command>> hosts) implements Command {}

  record Described(ServingHost.Description description) implements Command {}

  record HostedReceived(ServingHost.Hosted hosted) implements Command {}

  enum WaitExpired implements Command {
    INSTANCE
  }

  /** Ask the hosts that have not described themselves again (a message may be lost while a JVM joins). */
  enum DescribeAgain implements Command {
    INSTANCE
  }

  record Written(Finished finished, String problem) implements Command {}

  /** The run's user asked it to stop. */
  enum Interrupt implements Command {
    INSTANCE
  }

  private static final Duration DESCRIBE_AGAIN = Duration.ofSeconds(1);

  private final Scenario scenario;
  private final Path outputDirectory;
  private final RunListener listener;
  private final Hosting hosting;
  private final String runId;
  private final TimerScheduler<Command> timers;
  private final ActorRef<Orchestrator.Command> orchestrator;
  private final ActorRef<ServingHost.Description> describedAdapter;
  private final ActorRef<ServingHost.Hosted> hostedAdapter;
  private final Set<ActorRef<ServingHost.Command>> listed = new HashSet<>();
  private final Map<String, ServingHost.Description> hosts = new LinkedHashMap<>();
  private final Set<String> presentAtStart;
  private final RunControl control;
  /** A resumed run's checkpoint: the nodes up then, their incarnations and the faults that struck them. */
  private final ServingCheckpoint resumeFrom;
  private final Map<String, ActorRef<ServingLink.Command>> links = new LinkedHashMap<>();
  private final Map<String, ActorRef<ServingNode.Command>> startedAtStart = new LinkedHashMap<>();
  private Placement placement;
  private List<String> unmet = List.of();
  private boolean handedOver;

  /**
   * @param control tells the run when its user asks it to stop
   * @param resume carry on from the newest checkpoint in {@code outputDirectory}
   * @param takenOver how a standby director took the run over; null if none did
   */
  public static Behavior<Command> create(Scenario scenario, JmsnasSpec spec, TrainTest data, Path outputDirectory, RunListener listener,
      Hosting hosting, RunControl control, boolean resume, TakenOver takenOver) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new JmsnasDirector(ctx, timers, scenario, spec, data, outputDirectory,
        listener, hosting, control, resume, takenOver)));
  }

  private JmsnasDirector(ActorContext<Command> ctx, TimerScheduler<Command> timers, Scenario scenario, JmsnasSpec spec, TrainTest data,
      Path outputDirectory, RunListener listener, Hosting hosting, RunControl control, boolean resume, TakenOver takenOver) {
    super(ctx);
    this.control = control;
    this.scenario = scenario;
    this.outputDirectory = outputDirectory;
    this.listener = listener;
    this.hosting = hosting;
    this.timers = timers;
    this.runId = scenario.name() + "-" + Long.toString(System.currentTimeMillis(), 36);
    Path checkpoints = outputDirectory.resolve("checkpoints");
    Orchestrator.Resume from = resume ? ServingCheckpoint.resume(checkpoints, w -> ctx.getLog().warn(w)) : null;
    this.resumeFrom = from == null ? null : from.serving();
    this.presentAtStart = new HashSet<>();
    if (resumeFrom != null) {
      presentAtStart.addAll(resumeFrom.nodes().keySet());
    } else {
      for (NodeSpec node : scenario.nodes().values()) {
        if (new NodeFaultSchedule(node.id(), scenario.faults(), Set.of()).joined(0, 0)) presentAtStart.add(node.id());
      }
    }
    this.orchestrator =
        ctx.spawn(Orchestrator.create(scenario, spec, data, presentAtStart, checkpoints, from, takenOver, ctx.getSelf()),
            "orchestrator");
    control.onInterrupt(ctx.getSelf(), Interrupt.INSTANCE);
    this.describedAdapter = ctx.messageAdapter(ServingHost.Description.class, Described::new);
    this.hostedAdapter = ctx.messageAdapter(ServingHost.Hosted.class, HostedReceived::new);
    ActorRef<Receptionist.Listing> listings =
        ctx.messageAdapter(Receptionist.Listing.class, l -> new HostsListed(l.getServiceInstances(ServingHost.KEY)));
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(ServingHost.KEY, listings));
    timers.startSingleTimer(WaitExpired.INSTANCE, hosting.waitForNodes());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(HostsListed.class, this::onHostsListed)
        .onMessage(Described.class, this::onDescribed)
        .onMessageEquals(DescribeAgain.INSTANCE, this::describeUnknown)
        .onMessage(HostedReceived.class, this::onHosted)
        .onMessageEquals(WaitExpired.INSTANCE, this::onWaitExpired)
        .onMessage(StartNode.class, this::onStartNode)
        .onMessage(Finished.class, this::onFinished)
        .onMessage(Written.class, this::onWritten)
        .onMessage(Progressed.class, this::onProgressed)
        .onMessageEquals(Interrupt.INSTANCE, () -> {
          orchestrator.tell(new Orchestrator.Interrupt(control.interruption().orElse("a stop request")));
          return this;
        })
        .build();
  }

  private Behavior<Command> onProgressed(Progressed progressed) {
    listener.onPhase(progressed.progress());
    return this;
  }

  // ---- the JVMs

  /**
   * In a cluster every host is the run's; in one JVM only the hosts of this run's agents (children of the same
   * scenario director) are, not those of other runs in the same actor system.
   */
  private boolean ours(ActorRef<ServingHost.Command> host) {
    return hosting instanceof Hosting.Cluster || host.path().parent().parent().equals(getContext().getSelf().path().parent());
  }

  private Behavior<Command> onHostsListed(HostsListed listing) {
    listed.clear();
    listing.hosts().stream().filter(this::ours).forEach(listed::add);
    hosts.values().removeIf(d -> !listed.contains(d.host()));
    return describeUnknown();
  }

  private Behavior<Command> describeUnknown() {
    Set<ActorRef<ServingHost.Command>> known = new HashSet<>();
    hosts.values().forEach(d -> known.add(d.host()));
    listed.stream().filter(h -> !known.contains(h)).forEach(h -> h.tell(new ServingHost.Describe(describedAdapter)));
    if (known.containsAll(listed)) timers.cancel(DescribeAgain.INSTANCE);
    else if (!timers.isTimerActive(DescribeAgain.INSTANCE)) timers.startTimerWithFixedDelay(DescribeAgain.INSTANCE, DESCRIBE_AGAIN);
    return this;
  }

  private Behavior<Command> onDescribed(Described described) {
    ServingHost.Description d = described.description();
    if (!listed.contains(d.host())) return this;
    ServingHost.Description other = hosts.get(d.jvm());
    if (other != null && !other.host().equals(d.host())) {
      getContext().getLog().warn("two JVMs are named {}: {} and {}; ignoring the second", d.jvm(), other.host(), d.host());
      return this;
    }
    hosts.put(d.jvm(), d);
    if (placement == null) place();
    return this;
  }

  private Placement placementOverHostsUp() {
    List<Placement.Jvm> jvms = new ArrayList<>();
    hosts.values().forEach(d -> jvms.add(new Placement.Jvm(d.jvm(), d.roles())));
    return Placement.of(scenario.nodes().values(), scenario.links().values(), scenario.placement(), jvms);
  }

  /** Once {@code minJvms} JVMs are known, places every node and link and has the links started. */
  private void place() {
    if (hosts.size() < hosting.minJvms()) return;
    Placement candidate = placementOverHostsUp();
    if (!candidate.complete()) {
      unmet = candidate.unmet();
      return;
    }
    placement = candidate;
    getContext().getLog().info("run {}: serving nodes on {}, links on {}", runId, placement.nodes(), placement.links());
    for (LinkSpec link : scenario.links().values()) {
      hosts.get(placement.links().get(link.id())).host().tell(new ServingHost.HostLink(
          runId, link, scenario.faults(), scenario.seed(), scenario.runtime().timeScale(), hostedAdapter));
    }
  }

  private Behavior<Command> onHosted(HostedReceived received) {
    if (received.hosted() instanceof ServingHost.LinkHosted link) {
      links.put(link.linkId(), link.link());
      if (links.size() == scenario.links().size()) {
        scenario.nodes().keySet().stream().filter(presentAtStart::contains).forEach(id -> host(id,
            resumeFrom == null ? 0 : resumeFrom.incarnations().getOrDefault(id, 0),
            resumeFrom == null ? Set.of() : resumeFrom.struck().getOrDefault(id, Set.of())));
      }
    } else if (received.hosted() instanceof ServingHost.NodeHosted node) {
      if (handedOver) {
        orchestrator.tell(new Orchestrator.NodeStarted(node.nodeId(), node.incarnation(), node.node()));
      } else {
        startedAtStart.put(node.nodeId(), node.node());
        if (startedAtStart.size() == presentAtStart.size()) handOver();
      }
    }
    return this;
  }

  private void handOver() {
    handedOver = true;
    timers.cancel(WaitExpired.INSTANCE);
    timers.cancel(DescribeAgain.INSTANCE);
    Map<String, ActorRef<ServingNode.Command>> ordered = new LinkedHashMap<>();
    scenario.nodes().keySet().stream().filter(startedAtStart::containsKey).forEach(id -> ordered.put(id, startedAtStart.get(id)));
    orchestrator.tell(new Orchestrator.Hosted(ordered, Map.copyOf(links), placement.nodes(), placement.links()));
  }

  /** Asks the JVM the placement gives the node (placed anew over the JVMs up if that one is gone) to start it. */
  private void host(String id, int incarnation, Set<Integer> struck) {
    String jvm = placement.nodes().get(id);
    if (!hosts.containsKey(jvm)) jvm = placementOverHostsUp().nodes().get(id);
    if (jvm == null) {
      orchestrator.tell(new Orchestrator.HostingFailed("no JVM that is up can host node " + id));
      return;
    }
    Map<String, ActorRef<ServingLink.Command>> neighbours = new LinkedHashMap<>();
    for (LinkSpec link : scenario.links().values()) {
      if (link.from().equals(id)) neighbours.put(link.to(), links.get(link.id()));
      else if (link.to().equals(id)) neighbours.put(link.from(), links.get(link.id()));
    }
    hosts.get(jvm).host().tell(new ServingHost.HostNode(
        runId, scenario.node(id), incarnation, scenario.runtime(), scenario.faults(), struck, neighbours, hostedAdapter));
  }

  private Behavior<Command> onWaitExpired() {
    if (handedOver) return this;
    String known = hosts.isEmpty() ? "none" : String.join(", ", hosts.keySet());
    String why = hosts.size() < hosting.minJvms() ? "waiting for " + hosting.minJvms() + " JVMs"
        : placement == null ? String.join("; ", unmet) : "the JVMs did not host the serving nodes and links";
    orchestrator.tell(new Orchestrator.HostingFailed(
        why + " (waited " + hosting.waitForNodes().toSeconds() + " s; JVMs up: " + known + ")"));
    return this;
  }

  private Behavior<Command> onStartNode(StartNode start) {
    host(start.node(), start.incarnation(), start.struck());
    return this;
  }

  // ---- the end

  /** Writes the results off the default dispatcher, then tells the listener. */
  private Behavior<Command> onFinished(Finished finished) {
    hosts.values().forEach(d -> d.host().tell(new ServingHost.Release(runId)));
    CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> write(finished),
        getContext().getSystem().dispatchers().lookup(DispatcherSelector.blocking()));
    getContext().pipeToSelf(writing, (ok, error) -> new Written(finished, error == null ? null : String.valueOf(error.getMessage())));
    return this;
  }

  private void write(Finished finished) {
    try {
      SummaryWriter.write(outputDirectory.resolve("summary.json"), finished.summary());
      ServingFiles.write(outputDirectory, finished.serving(), ServingPage.markers(finished.serving(), scenario));
      ServingPage.write(outputDirectory.resolve("report.html"), finished.summary(), finished.serving(), scenario);
      if (finished.plan() != null) PlanReport.write(outputDirectory, finished.plan());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write results to " + outputDirectory, e);
    }
  }

  /** Tells the listener how the run ended, also when its results could not all be written (it must not wait). */
  private Behavior<Command> onWritten(Written written) {
    RunSummary summary = written.finished().summary();
    if (written.problem() != null) {
      getContext().getLog().error("cannot write the results to {}: {}", outputDirectory, written.problem());
      summary = summary.failedBecause("cannot write the results to " + outputDirectory + ": " + written.problem());
    }
    listener.onFinished(summary, List.of());
    return Behaviors.stopped();
  }
}
