package io.edgeweave.genai.actors;

import io.edgeweave.data.Dataset;
import io.edgeweave.genai.Cvae;
import io.edgeweave.genai.Distillation;
import io.edgeweave.genai.ElboTrainer;
import io.edgeweave.genai.ExpertMixture;
import io.edgeweave.genai.Generator;
import io.edgeweave.genai.HierarchicalGate;
import io.edgeweave.genai.MixtureSnapshot;
import io.edgeweave.genai.Noise;
import io.edgeweave.genai.Scratch;
import io.edgeweave.genai.TaskCategories;
import io.edgeweave.genai.TrainedUnits;
import io.edgeweave.genai.VaeShape;
import io.edgeweave.genai.VaeSnapshot;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.scenario.GenAiSpec;
import io.edgeweave.scenario.GenAiSpec.Strategy;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.scenario.Seeds;
import io.edgeweave.tensor.NdArrays;
import io.edgeweave.tensor.Tensor;
import java.util.Arrays;
import java.util.EnumMap;
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
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The cloud of the genai workload. Bottom-up, it assembles the edges' uploaded generators into an
 * {@link ExpertMixture} and trains its joining parts (freeze) or all of it (fine-tune) on images the experts
 * generate, never on edge data; top-down, it cuts a task-specific model per category and deploys it to the
 * edges serving that category. It also runs the FedAvg baseline, trains the centralised baseline when the
 * director hands it pooled data (the upper bound that breaks the privacy rule on purpose), and serves
 * generation requests with the model of each strategy. A unit of training it was given as done (assembly per
 * strategy, the centralised baseline) is not trained again; every unit it trains it reports as {@link UnitTrained}.
 */
public final class GenCloud extends AbstractBehavior<GenCloud.Command> {
  public interface Command extends CborSerializable {}

  /** The links to the edges, in edge order, and the cloud's units already trained, by key. */
  public record Connect(List<ActorRef<GenLink.Command>> links, Map<String, TrainedUnits.Unit> done) implements Command {}

  public enum RunFedAvg implements Command { INSTANCE }

  public enum TrainCentralised implements Command { INSTANCE }

  public sealed interface Report extends CborSerializable
      permits Assembled, Deployed, FedAvgDone, CentralisedDone, Progressed, UnitTrained {}

  public record Assembled(Strategy strategy, MixtureSnapshot model, double startMs, double endMs) implements Report {}

  /** Task models sent: {@code deployments} (edge, category) pairs. */
  public record Deployed(int deployments, double clockMs) implements Report {}

  public record FedAvgDone(VaeSnapshot model, double startMs, double endMs) implements Report {}

  public record CentralisedDone(VaeSnapshot model, double startMs, double endMs) implements Report {}

  private final NodeSpec node;
  private final GenAiSpec spec;
  private final Dataset train;
  private final int[][] shards;
  private final long seed;
  private final ActorRef<Report> director;
  private final BooleanSupplier released;
  private final TaskCategories categories;
  private List<ActorRef<GenLink.Command>> links = List.of();
  private Map<String, TrainedUnits.Unit> done = Map.of();
  private double clockMs;
  private final VaeSnapshot[] uploads;
  private final long[][] counts;
  private int uploaded;
  private final Map<Strategy, ExpertMixture> assembled = new EnumMap<>(Strategy.class);
  private Cvae global;
  private Cvae centralised;
  private int round;
  private double fedAvgStartMs;
  private final VaeSnapshot[] updates;
  private final long[] updateSamples;
  private int updated;

  /**
   * @param shards each edge's shard, used only for the centralised baseline
   * @param released true once the cloud's run is released: a training in flight is then abandoned at its next epoch
   */
  public static Behavior<Command> create(NodeSpec node, GenAiSpec spec, TaskCategories categories, Dataset train,
      int[][] shards, long seed, ActorRef<Report> director, BooleanSupplier released) {
    return Behaviors.setup(ctx -> new GenCloud(ctx, node, spec, categories, train, shards, seed, director, released));
  }

  private GenCloud(ActorContext<Command> ctx, NodeSpec node, GenAiSpec spec, TaskCategories categories, Dataset train,
      int[][] shards, long seed, ActorRef<Report> director, BooleanSupplier released) {
    super(ctx);
    this.node = node;
    this.spec = spec;
    this.categories = categories;
    this.train = train;
    this.shards = shards;
    this.seed = seed;
    this.director = director;
    this.released = released;
    int edges = spec.edges().size();
    this.uploads = new VaeSnapshot[edges];
    this.counts = new long[edges][];
    this.updates = new VaeSnapshot[edges];
    this.updateSamples = new long[edges];
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Connect.class, c -> {
          links = List.copyOf(c.links());
          done = Map.copyOf(c.done());
          return this;
        })
        .onMessage(Delivered.class, this::onDelivered)
        .onMessageEquals(RunFedAvg.INSTANCE, this::onRunFedAvg)
        .onMessageEquals(TrainCentralised.INSTANCE, this::onTrainCentralised)
        .build();
  }

  private double computeMs(long flops) {
    return flops / node.flopsPerSecond() * 1000;
  }

  private void send(int edge, Transfer transfer) {
    links.get(edge).tell(new GenLink.Carry(node.id(), transfer, clockMs));
  }

  private Behavior<Command> onDelivered(Delivered d) {
    clockMs = Math.max(clockMs, d.atMs());
    Transfer t = d.transfer();
    if (t instanceof Transfer.ExpertUpload u) onUpload(u);
    else if (t instanceof Transfer.LocalUpdate u) onLocalUpdate(u);
    else if (t instanceof Transfer.RemoteGeneration g) onRemoteGeneration(g, d.fromNode(), d.atMs());
    else throw new IllegalStateException("the cloud does not take " + t.getClass().getSimpleName());
    return this;
  }

  private void onUpload(Transfer.ExpertUpload u) {
    if (uploads[u.edge()] != null) return;
    uploads[u.edge()] = u.model();
    counts[u.edge()] = u.classCounts().clone();
    if (++uploaded == uploads.length) assemble();
  }

  /** Joins the uploaded experts, trains the mixture per strategy, and deploys task models. */
  private void assemble() {
    List<Cvae> experts = Arrays.stream(uploads).map(VaeSnapshot::toModel).toList();
    GenAiSpec.Assembly a = spec.assembly();
    Dataset distilled = null;
    clockMs += computeMs(distillationFlops(experts, a.samples()));
    ExpertMixture start = ExpertMixture.assemble(experts,
        HierarchicalGate.fromCounts(categories, counts, spec.topK(), DataType.FLOAT), ExpertMixture.Strategy.FREEZE);
    // Each strategy's training is timed from the distilled set on, as if it were the only one: a strategy's time
    // to ready counts no other strategy's stage.
    double startMs = clockMs;
    Map<Strategy, Double> endMs = new EnumMap<>(Strategy.class);
    for (Strategy s : List.of(Strategy.FREEZE, Strategy.FINE_TUNE)) {
      if (!spec.strategies().contains(s)) continue;
      String key = TrainedUnits.assembly(s.name());
      TrainedUnits.Unit unit = done.get(key);
      if (unit == null) {
        if (distilled == null) distilled = Distillation.generate(experts, counts, a.samples(), Seeds.derive(seed, "genai/distil"));
        ExpertMixture trainee = start.withStrategy(
            s == Strategy.FREEZE ? ExpertMixture.Strategy.FREEZE : ExpertMixture.Strategy.FINE_TUNE);
        ElboTrainer.Result r = ElboTrainer.train(trainee, distilled, IntStream.range(0, distilled.size()).toArray(),
            new ElboTrainer.Settings(a.epochs(), a.batchSize(), a.learningRate()), Seeds.derive(seed, "genai/assemble/" + s),
            epochsDone(GenAiDirector.Phase.ASSEMBLY, GenAiResults.label(s), a.epochs()));
        unit = trained(key, null, MixtureSnapshot.of(trainee), r);
      }
      endMs.put(s, startMs + computeMs(unit.flops()));
      assembled.put(s, unit.mixture().toModel()); // as a resumed run would have it
      director.tell(new Assembled(s, unit.mixture(), startMs, endMs.get(s)));
    }
    if (spec.strategies().contains(Strategy.DEPLOYED)) {
      clockMs = endMs.get(deploysFrom());
      deploy(assembled.get(deploysFrom()));
    }
    clockMs = endMs.values().stream().mapToDouble(Double::doubleValue).reduce(clockMs, Math::max);
  }

  /** FLOPs of generating the distilled set: each expert's share of the images times its cost per image. */
  private long distillationFlops(List<Cvae> experts, int samples) {
    double all = Arrays.stream(counts).flatMapToLong(Arrays::stream).sum();
    double flops = 0;
    for (int i = 0; i < experts.size(); i++) {
      flops += samples * Arrays.stream(counts[i]).sum() / all * experts.get(i).generateFlops(0);
    }
    return (long) flops;
  }

  /** The assembled model task models are cut from: fine-tuned when the run trains one, else frozen. */
  private Strategy deploysFrom() {
    return spec.strategies().contains(Strategy.FINE_TUNE) ? Strategy.FINE_TUNE : Strategy.FREEZE;
  }

  /** Sends category t's model to every edge with at least the minimum share of its samples in t. */
  private void deploy(ExpertMixture model) {
    int deployments = 0;
    for (int t = 0; t < categories.size(); t++) {
      MixtureSnapshot task = MixtureSnapshot.of(model.cut(t));
      for (int e = 0; e < counts.length; e++) {
        long[] own = counts[e];
        long total = Arrays.stream(own).sum();
        long inCategory = categories.get(t).classes().stream().mapToLong(c -> own[c]).sum();
        if (total > 0 && inCategory >= spec.personalisation().minShare() * total && inCategory > 0) {
          send(e, new Transfer.TaskDeployment(t, task));
          deployments++;
        }
      }
    }
    director.tell(new Deployed(deployments, clockMs));
  }

  /** Reports a unit the cloud trained, for the run's checkpoints. */
  private TrainedUnits.Unit trained(String key, VaeSnapshot vae, MixtureSnapshot mixture, ElboTrainer.Result r) {
    TrainedUnits.Unit unit = new TrainedUnits.Unit(key, vae, mixture, r.flops());
    director.tell(new UnitTrained(unit, node.id(), r.trainedLoss()));
    return unit;
  }

  /** Reports each epoch done; abandons the training when the run was released meanwhile. */
  private IntConsumer epochsDone(GenAiDirector.Phase phase, String model, int epochs) {
    return epoch -> {
      if (released.getAsBoolean()) throw new Released();
      director.tell(new Progressed(phase, model, epoch, epochs));
    };
  }

  private VaeShape baselineShape() {
    return new VaeShape(train.features(), train.classes(), spec.baseline().hidden(), spec.baseline().latent());
  }

  private Behavior<Command> onRunFedAvg() {
    fedAvgStartMs = clockMs;
    VaeShape shape = baselineShape();
    Cvae initial = Cvae.of(shape, Cvae.initialParameters(shape, Seeds.derive(seed, "genai/fedavg-init")));
    broadcast(new Transfer.GlobalModel(0, false, VaeSnapshot.of(initial)));
    return this;
  }

  private void broadcast(Transfer transfer) {
    for (int e = 0; e < links.size(); e++) send(e, transfer);
  }

  private void onLocalUpdate(Transfer.LocalUpdate u) {
    if (u.round() != round || updates[u.edge()] != null) return;
    updates[u.edge()] = u.model();
    updateSamples[u.edge()] = u.samples();
    if (++updated < updates.length) return;
    float[] average = average(updates, updateSamples);
    clockMs += computeMs(2L * average.length * updates.length);
    global = Cvae.of(baselineShape(), average);
    Arrays.fill(updates, null);
    updated = 0;
    round++;
    boolean last = round == spec.fedAvgRounds();
    broadcast(new Transfer.GlobalModel(round, last, VaeSnapshot.of(global)));
    if (last) director.tell(new FedAvgDone(VaeSnapshot.of(global), fedAvgStartMs, clockMs));
  }

  /** The parameters averaged with weights proportional to each edge's samples. */
  static float[] average(VaeSnapshot[] models, long[] samples) {
    double total = Arrays.stream(samples).sum();
    float[] sum = new float[models[0].params().size()];
    for (int e = 0; e < models.length; e++) {
      float[] p = models[e].params().toFloats();
      double w = samples[e] / total;
      for (int i = 0; i < sum.length; i++) sum[i] += (float) (w * p[i]);
    }
    return sum;
  }

  private Behavior<Command> onTrainCentralised() {
    TrainedUnits.Unit unit = done.get(TrainedUnits.CENTRALISED);
    if (unit == null) {
      VaeShape shape = baselineShape();
      Cvae trainee = Cvae.of(shape, Cvae.initialParameters(shape, Seeds.derive(seed, "genai/centralised-init")));
      int[] pooled = Arrays.stream(shards).flatMapToInt(Arrays::stream).sorted().toArray();
      ElboTrainer.Result r = ElboTrainer.train(trainee, train, pooled,
          new ElboTrainer.Settings(spec.local().epochs(), spec.local().batchSize(), spec.local().learningRate()),
          Seeds.derive(seed, "genai/centralised"),
          epochsDone(GenAiDirector.Phase.CENTRALISED, node.id(), spec.local().epochs()));
      unit = trained(TrainedUnits.CENTRALISED, VaeSnapshot.of(trainee), null, r);
    }
    centralised = unit.vae().toModel();
    double endMs = clockMs + computeMs(unit.flops());
    director.tell(new CentralisedDone(unit.vae(), clockMs, endMs));
    return this;
  }

  /** The cloud's model for a strategy, or null. */
  Generator model(Strategy strategy) {
    return switch (strategy) {
      case FEDAVG -> global;
      case CENTRALISED -> centralised;
      case FREEZE, FINE_TUNE -> assembled.get(strategy);
      case DEPLOYED -> assembled.get(deploysFrom());
      case EDGE_ONLY -> null;
    };
  }

  private void onRemoteGeneration(Transfer.RemoteGeneration g, String fromEdge, double atMs) {
    Strategy strategy = Strategy.valueOf(g.strategy());
    Generator model = model(strategy);
    int[] classes = IntStream.generate(g::cls).limit(g.images()).toArray();
    float[] pixels = Scratch.run(() -> NdArrays.toFloats(
        model.generate(classes, Noise.matrix(g.images(), model.noiseWidth(), new SplittableRandom(g.seed())))));
    clockMs = Math.max(clockMs, atMs) + computeMs(model.generateFlops(g.cls()) * g.images());
    Tensor tensor = Tensor.of(new int[] {g.images(), train.features()}, pixels);
    send(spec.edges().indexOf(fromEdge), new Transfer.Generated(g.request(), g.strategy(), tensor, clockMs));
  }
}
