package io.edgeweave.genai.actors;

import io.edgeweave.data.Dataset;
import io.edgeweave.genai.Cvae;
import io.edgeweave.genai.ElboTrainer;
import io.edgeweave.genai.ExpertMixture;
import io.edgeweave.genai.Generator;
import io.edgeweave.genai.MixtureSnapshot;
import io.edgeweave.genai.Noise;
import io.edgeweave.genai.RequestStream;
import io.edgeweave.genai.Scratch;
import io.edgeweave.genai.TierRouter;
import io.edgeweave.genai.TrainedUnits;
import io.edgeweave.genai.VaeShape;
import io.edgeweave.genai.VaeSnapshot;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.HostProcess;
import io.edgeweave.scenario.GenAiSpec;
import io.edgeweave.scenario.GenAiSpec.Strategy;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.scenario.Seeds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * An edge device of the genai workload. It holds a private shard (indices into the shared training set) and
 * trains its own conditional VAE on it; it uploads that model and its class counts, takes part in FedAvg
 * rounds, personalises the task-specific models the cloud deploys to it, and serves generation requests
 * itself or through the cloud. Nothing it sends holds a training image (see {@code GenEdgePrivacyTest}).
 *
 * <p>A unit of training it was given as done (a run resumed or recovered from its checkpoints) is not trained
 * again: its model and FLOPs are taken as they were. Every unit it trains it reports as {@link UnitTrained}. A
 * kill-jvm fault strikes after local epoch {@code killAfterEpoch}: the edge abandons the unit, reports
 * {@link Killed}, and halts its JVM when the director, having the record, says so.
 */
public final class GenEdge extends AbstractBehavior<GenEdge.Command> {
  public interface Command extends CborSerializable {}

  /** Its link to the cloud, once the link exists, and the units of this edge already trained, by key. */
  public record Connect(ActorRef<GenLink.Command> link, Map<String, TrainedUnits.Unit> done) implements Command {}

  /** Struck by a kill-jvm fault and reported: halt the JVM. */
  public enum Halt implements Command { INSTANCE }

  public enum TrainLocal implements Command { INSTANCE }

  /**
   * Serve one request for {@code strategy}. Fidelities are the judged class fidelity of each tier's model
   * (null when the tier has no model for the strategy); {@code cloudFlops} the cloud model's FLOPs per image.
   */
  public record Serve(RequestStream.Request request, Strategy strategy, double[] edgeFidelity, double[] cloudFidelity,
      long[] cloudFlops) implements Command {}

  /** What an edge reports to the director; none carries a training image. */
  public sealed interface Report extends CborSerializable permits LocalTrained, Personalised, Served, Progressed, UnitTrained, Killed {}

  public record LocalTrained(int edge, VaeSnapshot model, long[] classCounts, double clockMs) implements Report {}

  /** A deployed task model after local fine-tuning ({@code samples} local samples of its category). */
  public record Personalised(int edge, int category, MixtureSnapshot model, long samples, double clockMs) implements Report {}

  public record Served(int request, TierRouter.Tier tier, double finishMs, double expectedFidelity) implements Report {}

  /** Kill-jvm fault {@code fault} struck this edge's JVM during local training; it halts when told to. */
  public record Killed(int edge, int fault) implements Report {}

  private final int index;
  private final NodeSpec node;
  private final double cloudFlopsPerSecond;
  private final LinkSpec linkSpec;
  private final GenAiSpec spec;
  private final Dataset train;
  private final int[] shard;
  private final VaeShape shape;
  private final long seed;
  private final ActorRef<Report> director;
  private final Fate fate;
  private ActorRef<GenLink.Command> link;
  private Map<String, TrainedUnits.Unit> done = Map.of();
  private double clockMs;
  private double cloudBusyUntilMs;
  private Cvae local;
  private Cvae global;
  private final Map<Integer, ExpertMixture> taskModels = new HashMap<>();
  private final Map<Integer, Serve> awaitingCloud = new HashMap<>();

  /** No kill-jvm fault strikes this edge. */
  public static final int NO_KILL = -1;

  /**
   * What may happen to an edge from outside its protocol.
   *
   * @param process what halting this edge's JVM does
   * @param killAfterEpoch the local epoch after which kill-jvm fault {@code killFault} strikes, or {@link #NO_KILL}
   * @param released true once the edge's run is released: a training in flight is then abandoned at its next epoch
   */
  public record Fate(HostProcess process, int killAfterEpoch, int killFault, BooleanSupplier released) {
    /** In one JVM, struck by nothing, never released while it trains. */
    public static final Fate NONE = new Fate(HostProcess.IN_PROCESS, NO_KILL, -1, () -> false);
  }

  /** @param cloudFlopsPerSecond the cloud's advertised compute rate, for estimating its service time */
  public static Behavior<Command> create(int index, NodeSpec node, double cloudFlopsPerSecond, LinkSpec link,
      GenAiSpec spec, Dataset train, int[] shard, VaeShape shape, long seed, ActorRef<Report> director, Fate fate) {
    return Behaviors.setup(ctx -> new GenEdge(ctx, index, node, cloudFlopsPerSecond, link, spec, train, shard, shape,
        seed, director, fate));
  }

  private GenEdge(ActorContext<Command> ctx, int index, NodeSpec node, double cloudFlopsPerSecond, LinkSpec link,
      GenAiSpec spec, Dataset train, int[] shard, VaeShape shape, long seed, ActorRef<Report> director, Fate fate) {
    super(ctx);
    this.index = index;
    this.node = node;
    this.cloudFlopsPerSecond = cloudFlopsPerSecond;
    this.linkSpec = link;
    this.spec = spec;
    this.train = train;
    this.shard = shard.clone();
    this.shape = shape;
    this.seed = seed;
    this.director = director;
    this.fate = fate;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Connect.class, c -> {
          link = c.link();
          done = Map.copyOf(c.done());
          return this;
        })
        .onMessageEquals(TrainLocal.INSTANCE, this::onTrainLocal)
        .onMessage(Delivered.class, this::onDelivered)
        .onMessage(Serve.class, this::onServe)
        .build();
  }

  private String id() {
    return node.id();
  }

  private double computeMs(long flops) {
    return flops / node.flopsPerSecond() * 1000;
  }

  private ElboTrainer.Settings localSettings(int epochs) {
    return new ElboTrainer.Settings(epochs, spec.local().batchSize(), spec.local().learningRate());
  }

  private long[] classCounts() {
    long[] counts = new long[train.classes()];
    for (int i : shard) counts[train.y()[i]]++;
    return counts;
  }

  /** Thrown out of local training when a kill-jvm fault strikes after an epoch. */
  private static final class Struck extends RuntimeException {
    Struck() {
      super(null, null, false, false);
    }
  }

  private Behavior<Command> onTrainLocal() {
    String key = TrainedUnits.local(id());
    TrainedUnits.Unit unit = done.get(key);
    if (unit == null) {
      if (fate.killAfterEpoch() == 0) return struck();
      Cvae trainee = Cvae.of(shape, Cvae.initialParameters(shape, Seeds.derive(seed, "genai/init/" + id())));
      IntConsumer progress = epochsDone(GenAiDirector.Phase.LOCAL_TRAINING, spec.local().epochs());
      try {
        ElboTrainer.Result r = ElboTrainer.train(trainee, train, shard, localSettings(spec.local().epochs()),
            Seeds.derive(seed, "genai/local/" + id()), epoch -> {
              progress.accept(epoch);
              if (epoch == fate.killAfterEpoch()) throw new Struck();
            });
        unit = trained(key, VaeSnapshot.of(trainee), null, r);
      } catch (Struck s) {
        return struck();
      }
    }
    local = unit.vae().toModel(); // as a resumed run would have it
    clockMs += computeMs(unit.flops());
    VaeSnapshot model = unit.vae();
    long[] counts = classCounts();
    send(new Transfer.ExpertUpload(index, model, counts), clockMs);
    director.tell(new LocalTrained(index, model, counts, clockMs));
    return this;
  }

  /** Reports a unit this edge trained, for the run's checkpoints. */
  private TrainedUnits.Unit trained(String key, VaeSnapshot vae, MixtureSnapshot mixture, ElboTrainer.Result r) {
    TrainedUnits.Unit unit = new TrainedUnits.Unit(key, vae, mixture, r.flops());
    director.tell(new UnitTrained(unit, id(), r.trainedLoss()));
    return unit;
  }

  /** Struck by a kill-jvm fault: deaf to everything until told to halt the JVM. */
  private Behavior<Command> struck() {
    getContext().getLog().warn("{}: kill-jvm fault in local training, halting this JVM when the director has the record", id());
    director.tell(new Killed(index, fate.killFault()));
    return Behaviors.receive(Command.class)
        .onMessageEquals(Halt.INSTANCE, () -> {
          fate.process().halt();
          return Behaviors.stopped();
        })
        .build();
  }

  /** Reports each epoch done; abandons the training when the run was released meanwhile. */
  private IntConsumer epochsDone(GenAiDirector.Phase phase, int epochs) {
    return epoch -> {
      if (fate.released().getAsBoolean()) throw new Released();
      director.tell(new Progressed(phase, id(), epoch, epochs));
    };
  }

  private void send(Transfer transfer, double atMs) {
    link.tell(new GenLink.Carry(id(), transfer, atMs));
  }

  private Behavior<Command> onDelivered(Delivered d) {
    clockMs = Math.max(clockMs, d.atMs());
    Transfer t = d.transfer();
    if (t instanceof Transfer.GlobalModel g) onGlobalModel(g);
    else if (t instanceof Transfer.TaskDeployment deployment) onTaskDeployment(deployment);
    else if (t instanceof Transfer.Generated g) onGenerated(g, d.atMs());
    else throw new IllegalStateException("an edge does not take " + t.getClass().getSimpleName());
    return this;
  }

  private void onGlobalModel(Transfer.GlobalModel g) {
    Cvae model = g.model().toModel();
    if (g.last()) {
      global = model;
      return;
    }
    String key = TrainedUnits.fedAvg(id(), g.round());
    TrainedUnits.Unit unit = done.get(key);
    if (unit == null) {
      ElboTrainer.Result r = ElboTrainer.train(model, train, shard, localSettings(spec.fedAvgLocalEpochs()),
          Seeds.derive(seed, "genai/fedavg/" + id() + "/" + g.round()));
      unit = trained(key, VaeSnapshot.of(model), null, r);
    }
    clockMs += computeMs(unit.flops());
    send(new Transfer.LocalUpdate(index, g.round(), unit.vae(), shard.length), clockMs);
    director.tell(new Progressed(GenAiDirector.Phase.FEDAVG, id(), g.round() + 1, spec.fedAvgRounds()));
  }

  private void onTaskDeployment(Transfer.TaskDeployment t) {
    String key = TrainedUnits.personalised(id(), t.category());
    TrainedUnits.Unit unit = done.get(key);
    if (unit == null) {
      ExpertMixture trainee = t.model().toModel();
      ElboTrainer.Settings settings = new ElboTrainer.Settings(
          spec.personalisation().epochs(), spec.local().batchSize(), spec.personalisation().learningRate());
      ElboTrainer.Result r = ElboTrainer.train(trainee, train, shard, settings,
          Seeds.derive(seed, "genai/personalise/" + id() + "/" + t.category()),
          epochsDone(GenAiDirector.Phase.PERSONALISATION, settings.epochs()));
      unit = trained(key, null, MixtureSnapshot.of(trainee), r);
    }
    ExpertMixture model = unit.mixture().toModel();
    clockMs += computeMs(unit.flops());
    taskModels.put(t.category(), model);
    long samples = IntStream.of(shard).filter(i -> model.serves(train.y()[i])).count();
    director.tell(new Personalised(index, t.category(), unit.mixture(), samples, clockMs));
  }

  /** The model this edge serves {@code cls} with under {@code strategy}, or null. */
  private Generator edgeModel(Strategy strategy, int cls) {
    return switch (strategy) {
      case EDGE_ONLY -> local;
      case FEDAVG -> global;
      case DEPLOYED -> taskModels.values().stream().filter(m -> m.serves(cls)).findFirst().orElse(null);
      default -> null;
    };
  }

  private Behavior<Command> onServe(Serve serve) {
    RequestStream.Request r = serve.request();
    Generator model = edgeModel(serve.strategy(), r.cls());
    List<TierRouter.Estimate> options = new ArrayList<>();
    if (model != null && serve.edgeFidelity() != null) {
      double finish = Math.max(r.arrivalMs(), clockMs) + computeMs(model.generateFlops(r.cls()) * r.images());
      options.add(new TierRouter.Estimate(TierRouter.Tier.EDGE, finish, serve.edgeFidelity()[r.cls()]));
    }
    if (serve.cloudFidelity() != null) {
      options.add(new TierRouter.Estimate(TierRouter.Tier.CLOUD, cloudEstimate(r, serve.cloudFlops()[r.cls()]),
          serve.cloudFidelity()[r.cls()]));
    }
    TierRouter.Estimate choice = TierRouter.choose(options, r.deadlineMs(), r.qualityFloor());
    long noiseSeed = Seeds.derive(seed, "genai/serve/" + serve.strategy() + "/" + r.id());
    if (choice.tier() == TierRouter.Tier.EDGE) {
      SplittableRandom random = new SplittableRandom(noiseSeed);
      Scratch.run(() -> model.generate(IntStream.generate(r::cls).limit(r.images()).toArray(),
          Noise.matrix(r.images(), model.noiseWidth(), random)));
      clockMs = Math.max(r.arrivalMs(), clockMs) + computeMs(model.generateFlops(r.cls()) * r.images());
      director.tell(new Served(r.id(), TierRouter.Tier.EDGE, clockMs, choice.fidelity()));
    } else {
      awaitingCloud.put(r.id(), serve);
      send(new Transfer.RemoteGeneration(r.id(), serve.strategy().name(), r.cls(), r.images(), noiseSeed), r.arrivalMs());
    }
    return this;
  }

  /** Expected finish in the cloud: uplink, the cloud's queue as last reported, its compute, the downlink. */
  private double cloudEstimate(RequestStream.Request r, long cloudFlopsPerImage) {
    double rate = linkSpec.bitsPerSecond();
    double propagation = linkSpec.propagation().toNanos() / 1e6;
    double up = Transfer.HEADER_BYTES * 8 / rate * 1000 + propagation;
    double down = (Transfer.HEADER_BYTES + 4.0 * r.images() * train.features()) * 8 / rate * 1000 + propagation;
    double start = Math.max(r.arrivalMs() + up, cloudBusyUntilMs);
    return start + cloudFlopsPerImage * r.images() / cloudFlopsPerSecond * 1000 + down;
  }

  private void onGenerated(Transfer.Generated g, double atMs) {
    cloudBusyUntilMs = g.cloudBusyUntilMs();
    Serve serve = awaitingCloud.remove(g.request());
    if (serve == null) return;
    director.tell(new Served(g.request(), TierRouter.Tier.CLOUD, atMs, serve.cloudFidelity()[serve.request().cls()]));
  }
}
