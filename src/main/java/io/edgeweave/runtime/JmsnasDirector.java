package io.edgeweave.runtime;

import io.edgeweave.data.TrainTest;
import io.edgeweave.fault.NodeFaultSchedule;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.SummaryWriter;
import io.edgeweave.plan.PlanReport;
import io.edgeweave.scenario.FaultSpec;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Runs a JMSNAS scenario: starts a serving node actor per node that is present at the start and a link actor
 * per link, starts the {@link Orchestrator} as a cluster singleton, starts the nodes the orchestrator asks for
 * (joins and restarts) and wires them to their links, and writes the results when the orchestrator is done.
 */
public final class JmsnasDirector extends AbstractBehavior<JmsnasDirector.Command> {
  private static final AtomicInteger RUNS = new AtomicInteger();

  public interface Command extends CborSerializable {}

  /** Start incarnation {@code incarnation} of a node, without the crash faults that already struck it. */
  public record StartNode(String node, int incarnation, Set<Integer> struck, ActorRef<Orchestrator.Command> replyTo)
      implements Command {}

  /** The orchestrator is done; {@code plan} is the search's result (null if it never ran). */
  public record Finished(RunSummary summary, ServingReport serving, PlanReport.Document plan) implements Command {}

  private final Scenario scenario;
  private final Path outputDirectory;
  private final RunListener listener;
  private final Map<String, ActorRef<ServingLink.Command>> links = new LinkedHashMap<>();

  public static Behavior<Command> create(
      Scenario scenario, JmsnasSpec spec, TrainTest data, Path outputDirectory, RunListener listener) {
    return Behaviors.setup(ctx -> new JmsnasDirector(ctx, scenario, spec, data, outputDirectory, listener));
  }

  private JmsnasDirector(
      ActorContext<Command> ctx, Scenario scenario, JmsnasSpec spec, TrainTest data, Path outputDirectory, RunListener listener) {
    super(ctx);
    this.scenario = scenario;
    this.outputDirectory = outputDirectory;
    this.listener = listener;
    for (LinkSpec link : scenario.links().values()) {
      List<FaultSpec> faults = scenario.faults().stream().filter(f -> f.onLink(link.id())).toList();
      links.put(link.id(), ctx.spawn(ServingLink.create(link, faults, scenario.seed(), scenario.runtime().timeScale()), "link-" + link.id()));
    }
    Map<String, ActorRef<ServingNode.Command>> present = new LinkedHashMap<>();
    for (NodeSpec node : scenario.nodes().values()) {
      if (new NodeFaultSchedule(node.id(), scenario.faults(), Set.of()).joined(0, 0)) {
        present.put(node.id(), startNode(node.id(), 0, Set.of()));
      }
    }
    String name = "orchestrator-" + RUNS.incrementAndGet();
    ClusterSingleton.get(ctx.getSystem())
        .init(SingletonActor.of(Orchestrator.create(scenario, spec, data, present, links, ctx.getSelf()), name));
  }

  /** Spawns a node and wires it to its links, both ways. */
  private ActorRef<ServingNode.Command> startNode(String id, int incarnation, Set<Integer> struck) {
    NodeSpec node = scenario.node(id);
    ActorRef<ServingNode.Command> ref =
        getContext().spawn(
            ServingNode.create(node, scenario.runtime(), new NodeFaultSchedule(id, scenario.faults(), struck)),
            "node-" + id + "-" + incarnation,
            DispatcherSelector.fromConfig(ScenarioDirector.COMPUTE_DISPATCHER));
    for (LinkSpec link : scenario.links().values()) {
      if (!link.from().equals(id) && !link.to().equals(id)) continue;
      links.get(link.id()).tell(new ServingLink.Attach(id, ref));
      ref.tell(new ServingNode.AttachLink(link.from().equals(id) ? link.to() : link.from(), links.get(link.id())));
    }
    return ref;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StartNode.class, this::onStartNode)
        .onMessage(Finished.class, this::onFinished)
        .build();
  }

  private Behavior<Command> onStartNode(StartNode start) {
    ActorRef<ServingNode.Command> ref = startNode(start.node(), start.incarnation(), start.struck());
    start.replyTo().tell(new Orchestrator.NodeStarted(start.node(), start.incarnation(), ref));
    return this;
  }

  private Behavior<Command> onFinished(Finished finished) {
    try {
      SummaryWriter.write(outputDirectory.resolve("summary.json"), finished.summary());
      ServingFiles.write(outputDirectory, finished.serving(), ServingPage.markers(finished.serving(), scenario));
      ServingPage.write(outputDirectory.resolve("report.html"), finished.summary(), finished.serving(), scenario);
      if (finished.plan() != null) PlanReport.write(outputDirectory, finished.plan());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write results to " + outputDirectory, e);
    }
    listener.onFinished(finished.summary(), List.of());
    return Behaviors.stopped();
  }
}
