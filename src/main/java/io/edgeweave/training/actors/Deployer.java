package io.edgeweave.training.actors;

import io.edgeweave.channel.LinkState;
import io.edgeweave.fault.TrainingNodeFaults;
import io.edgeweave.placement.Placement;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.Hosting;
import io.edgeweave.runtime.NodeAgent;
import io.edgeweave.runtime.WorkloadDirectors;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.scenario.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Puts a run's nodes and links on the JVMs of the cluster. It learns the JVMs from their {@link SplitHost}s,
 * places every node by {@link Placement}, asks each JVM's host for its nodes, then the links between them, and
 * replies with the actors. A deployment waits for missing JVMs (a pinned one, or any of a role) up to
 * {@code waitForNodes}, and starts over when a JVM it is using disappears. Each deployment first releases what the
 * run had on every JVM, so a redeployment after a failure starts clean. It also strikes the JVM that hosts a node
 * with process faults.
 */
public final class Deployer extends AbstractBehavior<Deployer.Command> {
  public interface Command extends CborSerializable {}

  /**
   * Host every node and link of the scenario for the director's {@code epoch}.
   *
   * @param dataOwners node id → batch size, for the nodes that hold training data
   * @param linkStates link id → state to resume from (empty: fresh links)
   */
  public record Deploy(
      int epoch, Map<String, Integer> dataOwners, Map<String, LinkState> linkStates, ActorRef<Outcome> replyTo)
      implements Command {}

  /** Apply a process fault to the JVM that hosts {@code fault.target()}; {@link StrikeMissed} if none does. */
  public record Strike(FaultSpec fault, ActorRef<Outcome> replyTo) implements Command {}

  /** Stop everything the run has on every JVM. */
  public enum Release implements Command {
    INSTANCE
  }

  /** The hosts that are up now, from the receptionist. */
  record HostsListed(Receptionist.Listing listing) implements Command {}

  record Described(SplitHost.Description description) implements Command {}

  record HostedReceived(SplitHost.Hosted hosted) implements Command {}

  enum WaitExpired implements Command {
    INSTANCE
  }

  /** Ask the hosts that have not described themselves again (a message may be lost while a JVM joins). */
  enum DescribeAgain implements Command {
    INSTANCE
  }

  /** How often hosts that did not answer {@link SplitHost.Describe} are asked again. */
  static final Duration DESCRIBE_AGAIN = Duration.ofSeconds(1);

  public interface Outcome extends CborSerializable {}

  /** @param placement node id → name of the JVM that hosts it */
  public record Deployed(
      int epoch,
      Map<String, ActorRef<PartitionHost.Command>> nodes,
      Map<String, ActorRef<WirelessLink.Command>> links,
      Map<String, String> placement)
      implements Outcome {}

  public record DeployFailed(int epoch, String reason) implements Outcome {}

  /** A process fault that no JVM received: its target node was not deployed. */
  public record StrikeMissed(FaultSpec fault) implements Outcome {}

  private final Scenario scenario;
  private final String runId;
  private final SplitHost.OwnedData dataTemplate;
  private final Duration waitForNodes;
  private final int minJvms;
  private final boolean cluster;
  private final TimerScheduler<Command> timers;
  private final ActorRef<SplitHost.Hosted> hostedAdapter;
  private final ActorRef<SplitHost.Description> describedAdapter;
  private final Map<String, SplitHost.Description> hosts = new LinkedHashMap<>();
  private final Set<ActorRef<SplitHost.Command>> upNow = new HashSet<>();
  private final Set<ActorRef<SplitHost.Command>> described = new HashSet<>();

  private Deploy request;
  private boolean placedOnce;
  private List<String> unmet = List.of();
  private boolean hosting;
  private int deployment;
  private Placement placement;
  private final Map<String, ActorRef<PartitionHost.Command>> nodes = new LinkedHashMap<>();
  private final Map<String, ActorRef<WirelessLink.Command>> links = new LinkedHashMap<>();

  /** The deployer of a split-training run, named after the scenario and the time it starts. */
  static Behavior<Command> create(WorkloadDirectors.RunSetup run) {
    Scenario scenario = run.scenario();
    String runId = scenario.name() + "-" + Long.toString(System.currentTimeMillis(), 36);
    SplitHost.OwnedData held = new SplitHost.OwnedData(scenario.data(), 0, run.data().train().fingerprint());
    Hosting hosting = run.hosting();
    return create(scenario, runId, held, hosting.waitForNodes(), hosting.minJvms(), hosting instanceof Hosting.Cluster);
  }

  /**
   * @param dataTemplate the training data the director holds (its spec and fingerprint); batch size 0
   * @param waitForNodes how long a deployment waits for the JVMs it needs
   * @param minJvms JVMs to wait for before the first placement, so that placement by role sees them all
   * @param cluster the hosts are on the node JVMs of a cluster, and used once their JVM is an Up member
   */
  public static Behavior<Command> create(
      Scenario scenario,
      String runId,
      SplitHost.OwnedData dataTemplate,
      Duration waitForNodes,
      int minJvms,
      boolean cluster) {
    return Behaviors.setup(
        ctx -> Behaviors.withTimers(
            timers -> new Deployer(ctx, timers, scenario, runId, dataTemplate, waitForNodes, minJvms, cluster)));
  }

  private Deployer(
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      Scenario scenario,
      String runId,
      SplitHost.OwnedData dataTemplate,
      Duration waitForNodes,
      int minJvms,
      boolean cluster) {
    super(ctx);
    this.minJvms = minJvms;
    this.timers = timers;
    this.scenario = scenario;
    this.runId = runId;
    this.dataTemplate = dataTemplate;
    this.waitForNodes = waitForNodes;
    this.hostedAdapter = ctx.messageAdapter(SplitHost.Hosted.class, HostedReceived::new);
    this.describedAdapter = ctx.messageAdapter(SplitHost.Description.class, Described::new);
    this.cluster = cluster;
    ctx.getSystem().receptionist().tell(
        Receptionist.subscribe(SplitHost.KEY, ctx.messageAdapter(Receptionist.Listing.class, HostsListed::new)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(HostsListed.class, this::onHostsListed)
        .onMessage(Described.class, this::onDescribed)
        .onMessage(Deploy.class, this::onDeploy)
        .onMessage(HostedReceived.class, this::onHosted)
        .onMessage(WaitExpired.class, w -> onWaitExpired())
        .onMessage(DescribeAgain.class, d -> describeUnknown())
        .onMessage(Strike.class, this::onStrike)
        .onMessage(Release.class, r -> onRelease())
        .build();
  }

  private Behavior<Command> onHostsListed(HostsListed listed) {
    upNow.clear();
    upNow.addAll(listed.listing().getServiceInstances(SplitHost.KEY));
    forgetHostsNotIn(upNow);
    describeUnknown();
    return reconsider();
  }

  private Behavior<Command> describeUnknown() {
    for (ActorRef<SplitHost.Command> host : upNow) {
      if (!described.contains(host)) host.tell(new SplitHost.Describe(describedAdapter));
    }
    if (described.containsAll(upNow)) timers.cancel(DescribeAgain.INSTANCE);
    else if (!timers.isTimerActive(DescribeAgain.INSTANCE)) timers.startTimerWithFixedDelay(DescribeAgain.INSTANCE, DESCRIBE_AGAIN);
    return this;
  }

  private Behavior<Command> onDescribed(Described received) {
    SplitHost.Description d = received.description();
    if (!upNow.contains(d.host()) || described.contains(d.host())) return this;
    if (cluster && !memberUp(d.host())) return this; // asked again after DESCRIBE_AGAIN
    SplitHost.Description other = hosts.get(d.jvm());
    if (other != null && upNow.contains(other.host())) {
      getContext().getLog().warn("two JVMs are named {}: {} and {}; ignoring the second", d.jvm(), other.host(), d.host());
      upNow.remove(d.host());
      return reconsider();
    }
    hosts.put(d.jvm(), d);
    described.add(d.host());
    return reconsider();
  }

  /**
   * Whether this JVM sees the host's JVM as an Up member. A JVM restarted on the same host and port can be listed
   * by the receptionist before this JVM has removed its previous incarnation; the removal then ends every remote
   * watch of that address, the new incarnation's actors included. Its host is used only once it is Up here.
   */
  private boolean memberUp(ActorRef<SplitHost.Command> host) {
    Address address = host.path().address();
    for (Member m : Cluster.get(getContext().getSystem()).state().getMembers()) {
      if (m.address().equals(address)) return m.status() == MemberStatus.up();
    }
    return false;
  }

  private void forgetHostsNotIn(Set<ActorRef<SplitHost.Command>> up) {
    hosts.values().removeIf(d -> !up.contains(d.host()));
    described.retainAll(up);
  }

  private Behavior<Command> onDeploy(Deploy deploy) {
    request = deploy;
    hosting = false;
    timers.startSingleTimer(WaitExpired.INSTANCE, waitForNodes);
    return startDeployment();
  }

  /** After a change of the JVMs: start over if a deployment lost one of its JVMs, or start one that was waiting. */
  private Behavior<Command> reconsider() {
    if (request == null) return this;
    if (hosting && placement.nodes().values().stream().allMatch(this::up)) return this;
    return startDeployment();
  }

  /**
   * Once every JVM up is known (the first time: at least {@code minJvms}), places every node and asks the hosts to
   * host them; else waits for the JVMs to change.
   */
  private Behavior<Command> startDeployment() {
    deployment++; // replies to an earlier attempt are stale from now on
    hosting = false;
    nodes.clear();
    links.clear();
    if (!described.containsAll(upNow) || (!placedOnce && hosts.size() < minJvms)) return this;
    Placement candidate = placement();
    if (!candidate.complete()) {
      unmet = candidate.unmet();
      return this;
    }
    placement = candidate;
    placedOnce = true;
    hosting = true;
    getContext().getLog().info("run {}: placing nodes {} and links {}", runId, placement.nodes(), placement.links());
    hosts.values().forEach(a -> a.host().tell(new SplitHost.Release(runId)));
    TrainingNodeFaults faults = new TrainingNodeFaults(scenario.faults());
    for (NodeSpec node : scenario.nodes().values()) {
      Optional<SplitHost.OwnedData> data =
          Optional.ofNullable(request.dataOwners().get(node.id()))
              .map(batch -> new SplitHost.OwnedData(dataTemplate.spec(), batch, dataTemplate.fingerprint()));
      hostOf(node.id())
          .tell(
              new SplitHost.HostNode(
                  runId, deployment, node, scenario.model(), scenario.seed(), scenario.runtime(),
                  faults.of(node.id()).faults(), data, hostedAdapter));
    }
    return this;
  }

  private Behavior<Command> onHosted(HostedReceived received) {
    SplitHost.Hosted hosted = received.hosted();
    if (request == null || hosted.deployment() != deployment) return this;
    if (hosted instanceof SplitHost.HostingFailed failed) {
      return reply(new DeployFailed(request.epoch(), "cannot host " + failed.id() + " on " + failed.reason()));
    }
    if (hosted instanceof SplitHost.NodeHosted node) {
      nodes.put(node.nodeId(), node.node());
      if (nodes.size() == scenario.nodes().size()) hostLinks();
    } else if (hosted instanceof SplitHost.LinkHosted link) {
      links.put(link.linkId(), link.link());
    }
    if (nodes.size() == scenario.nodes().size() && links.size() == scenario.links().size()) {
      return reply(new Deployed(request.epoch(), orderedNodes(), orderedLinks(), placement.nodes()));
    }
    return this;
  }

  private void hostLinks() {
    for (LinkSpec link : scenario.links().values()) {
      List<FaultSpec> faults = scenario.faults().stream().filter(f -> f.onLink(link.id())).toList();
      hosts
          .get(placement.links().get(link.id()))
          .host()
          .tell(
              new SplitHost.HostLink(
                  runId, deployment, link, faults, scenario.seed(), scenario.runtime(),
                  nodes.get(link.from()), nodes.get(link.to()),
                  Optional.ofNullable(request.linkStates().get(link.id())), hostedAdapter));
    }
  }

  private Behavior<Command> onWaitExpired() {
    if (request == null) return this;
    String known = hosts.isEmpty() ? "none" : String.join(", ", hosts.values().stream().map(Deployer::describe).toList());
    String why;
    if (!placedOnce && hosts.size() < minJvms) why = "waiting for " + minJvms + " JVMs";
    else if (hosting || unmet.isEmpty()) why = "the JVMs did not host the run's actors";
    else why = String.join("; ", unmet);
    return reply(new DeployFailed(request.epoch(), why + " (waited " + waitForNodes.toSeconds() + " s; JVMs up: " + known + ")"));
  }

  private Behavior<Command> onStrike(Strike strike) {
    String jvm = placement == null ? null : placement.nodes().get(strike.fault().target());
    SplitHost.Description host = jvm == null ? null : hosts.get(jvm);
    if (host == null) {
      getContext().getLog().warn("cannot strike node {}: it is not deployed", strike.fault().target());
      strike.replyTo().tell(new StrikeMissed(strike.fault()));
    } else {
      host.agent().tell(new NodeAgent.Strike(strike.fault()));
    }
    return this;
  }

  private Behavior<Command> onRelease() {
    hosts.values().forEach(a -> a.host().tell(new SplitHost.Release(runId)));
    request = null;
    hosting = false;
    return this;
  }

  private Behavior<Command> reply(Outcome outcome) {
    request.replyTo().tell(outcome);
    request = null;
    hosting = false;
    timers.cancel(WaitExpired.INSTANCE);
    return this;
  }

  private boolean up(String jvm) {
    SplitHost.Description d = hosts.get(jvm);
    return d != null && upNow.contains(d.host());
  }

  private Placement placement() {
    List<Placement.Jvm> jvms = new ArrayList<>();
    hosts.values().forEach(d -> jvms.add(new Placement.Jvm(d.jvm(), d.roles())));
    return Placement.of(scenario.nodes().values(), scenario.links().values(), scenario.placement(), jvms);
  }

  private ActorRef<SplitHost.Command> hostOf(String nodeId) {
    return hosts.get(placement.nodes().get(nodeId)).host();
  }

  private Map<String, ActorRef<PartitionHost.Command>> orderedNodes() {
    Map<String, ActorRef<PartitionHost.Command>> ordered = new LinkedHashMap<>();
    scenario.nodes().keySet().forEach(id -> ordered.put(id, nodes.get(id)));
    return ordered;
  }

  private Map<String, ActorRef<WirelessLink.Command>> orderedLinks() {
    Map<String, ActorRef<WirelessLink.Command>> ordered = new LinkedHashMap<>();
    scenario.links().keySet().forEach(id -> ordered.put(id, links.get(id)));
    return ordered;
  }

  private static String describe(SplitHost.Description d) {
    return d.jvm() + " " + d.roles().stream().map(r -> r.configName()).sorted().toList();
  }
}
