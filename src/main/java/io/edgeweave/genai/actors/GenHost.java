package io.edgeweave.genai.actors;

import io.edgeweave.data.DataException;
import io.edgeweave.data.Dataset;
import io.edgeweave.data.TrainTest;
import io.edgeweave.genai.GenAiSetup;
import io.edgeweave.genai.VaeShape;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.HostedJvm;
import io.edgeweave.runtime.HostedRuns;
import io.edgeweave.runtime.JvmService;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.scenario.DataSpec;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.GenAiSpec;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.NodeSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The genai service of one JVM: it spawns the edges, the cloud and the links that a genai director places on this
 * JVM. An edge's data is this JVM's copy of the training set (checked against the director's fingerprint) and its
 * shard, derived here from the seed as the director derives it: no image crosses the network. A run's actors stop
 * when its director says so or stops.
 */
public final class GenHost implements JvmService {
  /** The receptionist key of every JVM's genai host. */
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "edgeweave-genai-hosts");

  public interface Command extends CborSerializable {}

  /** What every actor of a run is built from, the same on every JVM. */
  public record Run(
      String runId, GenAiSpec spec, DataSpec data, ModelSpec model, long seed, long fingerprint,
      ActorRef<GenAiDirector.Command> director) {}

  public record Describe(ActorRef<Description> replyTo) implements Command {}

  public record Description(String jvm, Set<NodeRole> roles, ActorRef<Command> host) implements CborSerializable {}

  /**
   * Host edge {@code index} of the run's edges; kill-jvm fault {@code killFault} strikes this JVM after its local epoch
   * {@code killAfterEpoch} ({@link GenEdge#NO_KILL}: none).
   */
  public record HostEdge(
      Run run, int index, NodeSpec node, double cloudFlopsPerSecond, LinkSpec link, int killAfterEpoch, int killFault,
      ActorRef<GenEdge.Report> reports, ActorRef<Hosted> replyTo) implements Command {}

  public record HostCloud(Run run, NodeSpec node, ActorRef<GenCloud.Report> reports, ActorRef<Hosted> replyTo)
      implements Command {}

  /** Host the link of edge {@code index}. */
  public record HostLink(
      Run run, int index, LinkSpec link, List<FaultSpec> faults, double retryMs, int maxRetries,
      ActorRef<GenEdge.Command> edge, ActorRef<GenCloud.Command> cloud, ActorRef<GenLink.Failed> failures,
      ActorRef<Hosted> replyTo) implements Command {}

  /** Stop the run's actors on this JVM. */
  public record Release(String runId) implements Command {}

  /** A JVM left the cluster: the runs it directed are over here. */
  record JvmLeft(Address address) implements Command, NoSerializationVerificationNeeded {}

  /** A reply to a request to host. */
  public interface Hosted extends CborSerializable {}

  public record EdgeHosted(String runId, int index, String jvm, ActorRef<GenEdge.Command> edge) implements Hosted {}

  public record CloudHosted(String runId, String jvm, ActorRef<GenCloud.Command> cloud) implements Hosted {}

  public record LinkHosted(String runId, int index, ActorRef<GenLink.Command> link) implements Hosted {}

  public record HostingFailed(String runId, String reason) implements Hosted {}

  @Override
  public String name() {
    return "genai-host";
  }

  @Override
  public Behavior<Command> create(HostedJvm jvm) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      return new Host(ctx, jvm).behavior();
    });
  }

  private static final class Host {
    private static final DispatcherSelector COMPUTE = DispatcherSelector.fromConfig(ScenarioDirector.COMPUTE_DISPATCHER);

    private final ActorContext<Command> ctx;
    private final HostedJvm jvm;
    private final HostedRuns runs;
    private final Map<String, AtomicBoolean> released = new HashMap<>();

    Host(ActorContext<Command> ctx, HostedJvm jvm) {
      this.ctx = ctx;
      this.jvm = jvm;
      this.runs = HostedRuns.of(ctx, jvm.name(), JvmLeft::new);
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(Describe.class, d -> {
            d.replyTo().tell(new Description(jvm.name(), jvm.roles(), ctx.getSelf()));
            return Behaviors.same();
          })
          .onMessage(HostEdge.class, this::onHostEdge)
          .onMessage(HostCloud.class, this::onHostCloud)
          .onMessage(HostLink.class, this::onHostLink)
          .onMessage(Release.class, r -> release(List.of(r.runId())))
          .onMessage(JvmLeft.class, left -> release(runs.directedFrom(left.address())))
          .build();
    }

    private Behavior<Command> onHostEdge(HostEdge h) {
      return withData(h.run(), h.node().id(), h.replyTo(), data -> {
        Dataset train = data.train();
        GenAiSpec spec = h.run().spec();
        VaeShape shape = GenAiSetup.edgeShape(spec, train, h.index());
        int[] shard = GenAiSetup.shards(spec, h.run().data(), train, h.run().seed())[h.index()];
        GenEdge.Fate fate = new GenEdge.Fate(jvm.process(), h.killAfterEpoch(), h.killFault(), released(h.run()));
        ActorRef<GenEdge.Command> edge = spawn(h.run(), h.node().id(), GenEdge.create(h.index(), h.node(),
            h.cloudFlopsPerSecond(), h.link(), spec, train, shard, shape, h.run().seed(), h.reports(), fate));
        return new EdgeHosted(h.run().runId(), h.index(), jvm.name(), edge);
      });
    }

    private Behavior<Command> onHostCloud(HostCloud h) {
      return withData(h.run(), h.node().id(), h.replyTo(), data -> {
        Dataset train = data.train();
        GenAiSpec spec = h.run().spec();
        ActorRef<GenCloud.Command> cloud = spawn(h.run(), h.node().id(), GenCloud.create(h.node(), spec,
            GenAiSetup.categories(spec, train.classes()), train,
            GenAiSetup.shards(spec, h.run().data(), train, h.run().seed()), h.run().seed(), h.reports(),
            released(h.run())));
        return new CloudHosted(h.run().runId(), jvm.name(), cloud);
      });
    }

    private Behavior<Command> onHostLink(HostLink h) {
      String edgeNode = h.run().spec().edges().get(h.index());
      ActorRef<GenLink.Command> link = ctx.spawn(
          GenLink.create(h.link(), h.faults(), h.run().seed(), h.retryMs(), h.maxRetries(), edgeNode,
              h.edge().narrow(), h.cloud().narrow(), h.failures()),
          HostedRuns.childName(h.run().runId(), "link-" + h.link().id()));
      keep(h.run());
      h.replyTo().tell(new LinkHosted(h.run().runId(), h.index(), link));
      return Behaviors.same();
    }

    /** Replies with what {@code host} made from this JVM's data, or with why the data is not the director's. */
    private Behavior<Command> withData(Run run, String nodeId, ActorRef<Hosted> replyTo, Function<TrainTest, Hosted> host) {
      TrainTest data;
      try {
        data = jvm.data().load(run.data(), run.model(), run.seed(), run.fingerprint());
      } catch (DataException e) {
        replyTo.tell(new HostingFailed(run.runId(), "cannot host " + nodeId + " on JVM " + jvm.name() + ": " + e.getMessage()));
        return Behaviors.same();
      }
      replyTo.tell(host.apply(data));
      return Behaviors.same();
    }

    /** True once the run is released on this JVM. */
    private BooleanSupplier released(Run run) {
      return released.computeIfAbsent(run.runId(), id -> new AtomicBoolean())::get;
    }

    private <T> ActorRef<T> spawn(Run run, String nodeId, Behavior<T> behavior) {
      ActorRef<T> ref = ctx.spawn(Released.stopsWhenReleased(behavior), HostedRuns.childName(run.runId(), nodeId), COMPUTE);
      keep(run);
      ctx.getLog().info("{} hosts genai node {} of run {}", jvm.name(), nodeId, run.runId());
      return ref;
    }

    private void keep(Run run) {
      runs.hosting(run.runId(), run.director());
    }

    private Behavior<Command> release(List<String> runIds) {
      for (String runId : runIds) {
        AtomicBoolean flag = released.remove(runId);
        if (flag != null) flag.set(true);
        runs.release(runId);
      }
      return Behaviors.same();
    }
  }
}
