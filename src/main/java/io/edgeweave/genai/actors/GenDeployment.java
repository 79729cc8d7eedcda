package io.edgeweave.genai.actors;

import io.edgeweave.placement.Placement;
import io.edgeweave.runtime.Hosting;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.scenario.Scenario;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * The genai director's first phase: it finds the {@link GenHost} of every JVM (through the receptionist, in one JVM
 * as on a cluster), waits for the JVMs the hosting asks for, places the cloud and the edges with {@link Placement}
 * (each link with its {@code from} node), has the hosts spawn them and then the links, and hands over the actors.
 * Messages for the later phases wait in a stash.
 */
final class GenDeployment {
  record HostsListed(Set<ActorRef<GenHost.Command>> hosts) implements GenAiDirector.Command {}

  record HostDescribed(GenHost.Description description) implements GenAiDirector.Command {}

  record HostedReceived(GenHost.Hosted hosted) implements GenAiDirector.Command {}

  enum WaitExpired implements GenAiDirector.Command { INSTANCE }

  /**
   * The run's actors, in edge order.
   *
   * @param placement node id → JVM name
   * @param linkJvms the JVM of each link, in edge order
   * @param hosts the hosts of the JVMs the run uses
   */
  record Deployed(
      List<ActorRef<GenEdge.Command>> edges, ActorRef<GenCloud.Command> cloud, List<ActorRef<GenLink.Command>> links,
      Map<String, String> placement, List<String> linkJvms, List<ActorRef<GenHost.Command>> hosts) {}

  /**
   * What the hosts need to spawn the actors of a run.
   *
   * @param struck the kill-jvm faults (indices into the scenario's faults) that struck already: they strike no more
   * @param lost JVMs that left the run: none of its actors goes there, and the deployment waits for no more JVMs
   */
  record Request(
      Scenario scenario, GenHost.Run run, Hosting hosting, ActorRef<GenEdge.Report> edgeReports,
      ActorRef<GenCloud.Report> cloudReports, ActorRef<GenLink.Failed> failures, Set<Integer> struck, Set<String> lost) {}

  private final ActorContext<GenAiDirector.Command> ctx;
  private final StashBuffer<GenAiDirector.Command> stash;
  private final TimerScheduler<GenAiDirector.Command> timers;
  private final Request request;
  private final Function<Deployed, Behavior<GenAiDirector.Command>> onDeployed;
  private final Function<String, Behavior<GenAiDirector.Command>> onFailed;
  private final Supplier<Behavior<GenAiDirector.Command>> onInterrupted;
  private final ActorRef<GenHost.Description> describedAdapter;
  private final ActorRef<GenHost.Hosted> hostedAdapter;
  private final Set<ActorRef<GenHost.Command>> listed = new HashSet<>();
  private final Map<String, GenHost.Description> described = new TreeMap<>();
  private final List<String> edgeIds;
  private Placement placement;
  private List<String> unmet = List.of();
  private ActorRef<GenCloud.Command> cloud;
  private final List<ActorRef<GenEdge.Command>> edges;
  private final List<ActorRef<GenLink.Command>> links;
  private int edgesHosted;
  private int linksHosted;

  /**
   * Starts the deployment; {@code onDeployed}, {@code onFailed} or (when the run's user stops it meanwhile)
   * {@code onInterrupted} gives the director's next behaviour.
   */
  static Behavior<GenAiDirector.Command> start(
      ActorContext<GenAiDirector.Command> ctx, Request request,
      Function<Deployed, Behavior<GenAiDirector.Command>> onDeployed,
      Function<String, Behavior<GenAiDirector.Command>> onFailed,
      Supplier<Behavior<GenAiDirector.Command>> onInterrupted) {
    return Behaviors.withStash(64, stash -> Behaviors.withTimers(timers ->
        new GenDeployment(ctx, stash, timers, request, onDeployed, onFailed, onInterrupted).behavior()));
  }

  private GenDeployment(
      ActorContext<GenAiDirector.Command> ctx, StashBuffer<GenAiDirector.Command> stash,
      TimerScheduler<GenAiDirector.Command> timers, Request request,
      Function<Deployed, Behavior<GenAiDirector.Command>> onDeployed,
      Function<String, Behavior<GenAiDirector.Command>> onFailed,
      Supplier<Behavior<GenAiDirector.Command>> onInterrupted) {
    this.ctx = ctx;
    this.stash = stash;
    this.timers = timers;
    this.request = request;
    this.onDeployed = onDeployed;
    this.onFailed = onFailed;
    this.onInterrupted = onInterrupted;
    this.edgeIds = request.run().spec().edges();
    this.edges = new ArrayList<>(Collections.nCopies(edgeIds.size(), null));
    this.links = new ArrayList<>(Collections.nCopies(edgeIds.size(), null));
    this.describedAdapter = ctx.messageAdapter(GenHost.Description.class, HostDescribed::new);
    this.hostedAdapter = ctx.messageAdapter(GenHost.Hosted.class, HostedReceived::new);
    ActorRef<Receptionist.Listing> listings = ctx.messageAdapter(Receptionist.Listing.class,
        l -> new HostsListed(l.getServiceInstances(GenHost.KEY)));
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(GenHost.KEY, listings));
    timers.startSingleTimer(WaitExpired.INSTANCE, request.hosting().waitForNodes());
  }

  private Behavior<GenAiDirector.Command> behavior() {
    return Behaviors.receive(GenAiDirector.Command.class)
        .onMessage(HostsListed.class, this::onListed)
        .onMessage(HostDescribed.class, this::onDescribed)
        .onMessage(HostedReceived.class, this::onHosted)
        .onMessageEquals(WaitExpired.INSTANCE, this::onWaitExpired)
        .onMessageEquals(GenAiDirector.Interrupt.INSTANCE, () -> {
          timers.cancel(WaitExpired.INSTANCE);
          return stash.unstashAll(onInterrupted.get());
        })
        .onMessage(GenAiDirector.Command.class, m -> {
          stash.stash(m);
          return Behaviors.same();
        })
        .build();
  }

  private Behavior<GenAiDirector.Command> onListed(HostsListed hosts) {
    listed.clear();
    listed.addAll(hosts.hosts());
    described.values().removeIf(d -> !listed.contains(d.host()) || request.lost().contains(d.jvm()));
    hosts.hosts().forEach(h -> h.tell(new GenHost.Describe(describedAdapter)));
    return Behaviors.same();
  }

  private Behavior<GenAiDirector.Command> onDescribed(HostDescribed received) {
    GenHost.Description d = received.description();
    if (placement != null || !listed.contains(d.host()) || request.lost().contains(d.jvm())) return Behaviors.same();
    described.put(d.jvm(), d);
    int wanted = request.lost().isEmpty() ? request.hosting().minJvms() : 1;
    if (described.size() < Math.max(1, wanted)) return Behaviors.same();
    List<Placement.Jvm> jvms = described.values().stream().map(j -> new Placement.Jvm(j.jvm(), j.roles())).toList();
    Placement candidate = Placement.of(nodes(), edgeLinks(), request.scenario().placement(), jvms);
    if (!candidate.complete()) {
      unmet = candidate.unmet();
      return Behaviors.same();
    }
    placement = candidate;
    ctx.getLog().info("genai run {}: placing nodes {} and links {}", request.run().runId(), placement.nodes(), placement.links());
    Scenario scenario = request.scenario();
    String cloudId = request.run().spec().cloud();
    hostOf(cloudId).tell(new GenHost.HostCloud(request.run(), scenario.node(cloudId), request.cloudReports(), hostedAdapter));
    for (int i = 0; i < edgeIds.size(); i++) {
      String id = edgeIds.get(i);
      int kill = kill(id);
      hostOf(id).tell(new GenHost.HostEdge(request.run(), i, scenario.node(id), scenario.node(cloudId).flopsPerSecond(),
          edgeLinks().get(i), kill < 0 ? GenEdge.NO_KILL : scenario.faults().get(kill).atStep().orElseThrow(), kill,
          request.edgeReports(), hostedAdapter));
    }
    return Behaviors.same();
  }

  /** The first kill-jvm fault on {@code nodeId} that has not struck yet, or -1. */
  private int kill(String nodeId) {
    List<FaultSpec> faults = request.scenario().faults();
    for (int i = 0; i < faults.size(); i++) {
      FaultSpec f = faults.get(i);
      if (f.kind() == FaultSpec.FaultKind.KILL_JVM && f.onNode(nodeId) && !request.struck().contains(i)) return i;
    }
    return -1;
  }

  /** The cloud and the edges, in the scenario's node order. */
  private List<NodeSpec> nodes() {
    String cloudId = request.run().spec().cloud();
    return request.scenario().nodes().values().stream()
        .filter(n -> n.id().equals(cloudId) || edgeIds.contains(n.id())).toList();
  }

  /** Each edge's link to the cloud, in edge order. */
  private List<LinkSpec> edgeLinks() {
    String cloudId = request.run().spec().cloud();
    return edgeIds.stream().map(id -> request.scenario().linkBetween(id, cloudId).orElseThrow()).toList();
  }

  private ActorRef<GenHost.Command> hostOf(String nodeId) {
    return described.get(placement.nodes().get(nodeId)).host();
  }

  private Behavior<GenAiDirector.Command> onHosted(HostedReceived received) {
    GenHost.Hosted hosted = received.hosted();
    if (hosted instanceof GenHost.HostingFailed failed) return fail(failed.reason());
    if (hosted instanceof GenHost.CloudHosted c) {
      cloud = c.cloud();
    } else if (hosted instanceof GenHost.EdgeHosted e) {
      edges.set(e.index(), e.edge());
      edgesHosted++;
    } else if (hosted instanceof GenHost.LinkHosted l) {
      links.set(l.index(), l.link());
      linksHosted++;
    }
    if (linksHosted == 0 && cloud != null && edgesHosted == edgeIds.size()) hostLinks();
    if (linksHosted < edgeIds.size()) return Behaviors.same();
    timers.cancel(WaitExpired.INSTANCE);
    List<ActorRef<GenHost.Command>> hosts =
        placement.nodes().values().stream().distinct().map(jvm -> described.get(jvm).host()).toList();
    List<String> linkJvms = edgeLinks().stream().map(l -> placement.links().get(l.id())).toList();
    return stash.unstashAll(onDeployed.apply(
        new Deployed(List.copyOf(edges), cloud, List.copyOf(links), placement.nodes(), linkJvms, hosts)));
  }

  private void hostLinks() {
    Scenario scenario = request.scenario();
    for (int i = 0; i < edgeIds.size(); i++) {
      LinkSpec link = edgeLinks().get(i);
      List<FaultSpec> faults = scenario.faults().stream().filter(f -> f.onLink(link.id())).toList();
      described.get(placement.links().get(link.id())).host().tell(new GenHost.HostLink(request.run(), i, link, faults,
          scenario.runtime().retryTimeout().toNanos() / 1e6, scenario.runtime().maxRetries(), edges.get(i), cloud,
          request.failures(), hostedAdapter));
    }
  }

  private Behavior<GenAiDirector.Command> onWaitExpired() {
    String jvms = described.isEmpty() ? "none" : String.join(", ", described.values().stream()
        .map(d -> d.jvm() + " " + d.roles().stream().map(r -> r.configName()).sorted().toList()).toList());
    String why = placement != null ? "the JVMs did not host the run's actors"
        : !unmet.isEmpty() ? String.join("; ", unmet)
        : "waiting for " + request.hosting().minJvms() + " JVMs";
    return fail(why + " (waited " + request.hosting().waitForNodes().toSeconds() + " s; JVMs up: " + jvms + ")");
  }

  private Behavior<GenAiDirector.Command> fail(String reason) {
    timers.cancel(WaitExpired.INSTANCE);
    return stash.unstashAll(onFailed.apply(reason));
  }
}
