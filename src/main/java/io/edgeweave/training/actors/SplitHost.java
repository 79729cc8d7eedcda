package io.edgeweave.training.actors;

import io.edgeweave.channel.LinkState;
import io.edgeweave.data.DataException;
import io.edgeweave.data.TrainTest;
import io.edgeweave.fault.TrainingNodeFaults;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.HostedJvm;
import io.edgeweave.runtime.HostedRuns;
import io.edgeweave.runtime.JvmService;
import io.edgeweave.runtime.NodeAgent;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.scenario.DataSpec;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.scenario.RuntimeSpec;
import io.edgeweave.training.LocalData;
import io.edgeweave.training.ShardBatches;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The split-training nodes and links of one JVM: a {@link JvmService}, registered with the receptionist, that spawns
 * what a run's {@link Deployer} places here, as its children. The training data of a data owner is derived here
 * from the scenario (synthetic data from the seed, IDX files from disk) and checked against the director's
 * fingerprint; datasets never travel.
 */
public final class SplitHost extends AbstractBehavior<SplitHost.Command> {
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "edgeweave-split-hosts");

  /** Starts a host beside every node agent. */
  public static final class Service implements JvmService {
    @Override
    public String name() {
      return "split-host";
    }

    @Override
    public Behavior<Command> create(HostedJvm jvm) {
      return SplitHost.create(jvm);
    }
  }

  public interface Command extends CborSerializable {}

  public record Describe(ActorRef<Description> replyTo) implements Command {}

  /**
   * @param jvm unique in the cluster; the scenario's {@code placement} pins nodes to it
   * @param agent the JVM's agent, which applies process faults to it
   */
  public record Description(String jvm, Set<NodeRole> roles, ActorRef<Command> host, ActorRef<NodeAgent.Command> agent)
      implements CborSerializable {}

  /**
   * Host a node of run {@code runId}.
   *
   * @param deployment the deployer's attempt number, echoed in the reply
   * @param faults the node's own faults
   * @param localData present only for a node that holds training data
   */
  public record HostNode(
      String runId,
      int deployment,
      NodeSpec node,
      ModelSpec model,
      long seed,
      RuntimeSpec runtime,
      List<FaultSpec> faults,
      Optional<OwnedData> localData,
      ActorRef<Hosted> replyTo)
      implements Command {}

  /** Host a link of run {@code runId} between two hosted nodes, fresh or from a checkpoint. */
  public record HostLink(
      String runId,
      int deployment,
      LinkSpec link,
      List<FaultSpec> faults,
      long seed,
      RuntimeSpec runtime,
      ActorRef<PartitionHost.Command> from,
      ActorRef<PartitionHost.Command> to,
      Optional<LinkState> resumeFrom,
      ActorRef<Hosted> replyTo)
      implements Command {}

  /** Stop every actor of run {@code runId} on this JVM. */
  public record Release(String runId) implements Command {}

  /** A JVM left the cluster: the runs it directed are over here. */
  record JvmLeft(Address address) implements Command, NoSerializationVerificationNeeded {}

  /** A reply to {@link HostNode} or {@link HostLink}. */
  public interface Hosted extends CborSerializable {
    int deployment();
  }

  public record NodeHosted(int deployment, String nodeId, ActorRef<PartitionHost.Command> node) implements Hosted {}

  public record LinkHosted(int deployment, String linkId, ActorRef<WirelessLink.Command> link) implements Hosted {}

  public record HostingFailed(int deployment, String id, String reason) implements Hosted {}

  /**
   * The data of a node that owns it: the whole training set of {@code spec}, in the batches of the node, and the
   * test set.
   *
   * @param fingerprint {@link io.edgeweave.data.Dataset#fingerprint()} of the director's training set
   */
  public record OwnedData(DataSpec spec, int batchSize, long fingerprint) {}

  /** Nodes and links take turns with remoting on one thread (ADR 38). */
  private static final DispatcherSelector STEP = DispatcherSelector.fromConfig(ScenarioDirector.STEP_DISPATCHER);

  private final HostedJvm jvm;
  private final HostedRuns runs;

  public static Behavior<Command> create(HostedJvm jvm) {
    return Behaviors.setup(ctx -> new SplitHost(ctx, jvm));
  }

  private SplitHost(ActorContext<Command> ctx, HostedJvm jvm) {
    super(ctx);
    this.jvm = jvm;
    this.runs = HostedRuns.of(ctx, jvm.name(), JvmLeft::new);
    ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Describe.class, this::onDescribe)
        .onMessage(HostNode.class, this::onHostNode)
        .onMessage(HostLink.class, this::onHostLink)
        .onMessage(Release.class, r -> release(List.of(r.runId())))
        .onMessage(JvmLeft.class, left -> release(runs.directedFrom(left.address())))
        .build();
  }

  private Behavior<Command> onDescribe(Describe describe) {
    describe.replyTo().tell(new Description(jvm.name(), jvm.roles(), getContext().getSelf(), jvm.agent()));
    return this;
  }

  private Behavior<Command> onHostNode(HostNode host) {
    NodeSpec node = host.node();
    Optional<LocalData> data;
    try {
      data = host.localData().map(d -> localData(host, d));
    } catch (DataException e) {
      host.replyTo().tell(new HostingFailed(host.deployment(), node.id(), "JVM " + jvm.name() + ": " + e.getMessage()));
      return this;
    }
    TrainingNodeFaults faults = new TrainingNodeFaults(host.faults());
    Behavior<PartitionHost.Command> behavior =
        node.role() == NodeRole.CLOUD
            ? CloudServer.create(node, host.model(), host.seed(), host.runtime(), faults)
            : EdgeDevice.create(node, host.model(), host.seed(), host.runtime(), data, faults);
    ActorRef<PartitionHost.Command> ref =
        getContext()
            .spawn(
                behavior,
                childName(host.runId(), node.id(), host.deployment()), STEP);
    runs.hosting(host.runId(), host.replyTo());
    getContext().getLog().info("{} hosts node {} of run {}", jvm.name(), node.id(), host.runId());
    host.replyTo().tell(new NodeHosted(host.deployment(), node.id(), ref));
    return this;
  }

  private Behavior<Command> onHostLink(HostLink host) {
    LinkSpec link = host.link();
    ActorRef<WirelessLink.Command> ref =
        getContext()
            .spawn(
                WirelessLink.create(
                    link, host.faults(), host.seed(), host.runtime(), host.from(), host.to(), host.resumeFrom()),
                childName(host.runId(), "link-" + link.id(), host.deployment()), STEP);
    runs.hosting(host.runId(), host.replyTo());
    host.replyTo().tell(new LinkHosted(host.deployment(), link.id(), ref));
    return this;
  }

  private Behavior<Command> release(List<String> runIds) {
    runIds.forEach(runs::release);
    return this;
  }

  /**
   * The node's batches over this JVM's copy of the training set, which must be the director's, and the test set:
   * the data held already if it is, else the data loaded as the scenario says.
   */
  private LocalData localData(HostNode host, OwnedData local) {
    TrainTest loaded = jvm.data().load(local.spec(), host.model(), host.seed(), local.fingerprint());
    return new LocalData(
        ShardBatches.wholeSet(loaded.train(), local.batchSize(), host.seed(), host.node().id()), loaded.test());
  }

  /** Unique among the host's children, even while an earlier deployment's actors are still stopping. */
  private static String childName(String runId, String id, int deployment) {
    return HostedRuns.childName(runId, id + "." + deployment);
  }
}
