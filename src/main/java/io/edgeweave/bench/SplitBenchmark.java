package io.edgeweave.bench;

import com.typesafe.config.ConfigFactory;
import io.edgeweave.cluster.LocalRun;
import io.edgeweave.cluster.RunOutcome;
import io.edgeweave.data.Datasets;
import io.edgeweave.data.OneHot;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.nn.Networks;
import io.edgeweave.nn.Partition;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.Seeds;
import io.edgeweave.scenario.SplitTrainingSpec;
import io.edgeweave.training.BatchSource;
import io.edgeweave.training.ShardBatches;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Split training against one network, per engine ({@code dl4j}: DL4J's layers; {@code fast}: {@code nn.fast}): the
 * same model, data, batches and steps, trained (a) as one network (DL4J: {@code MultiLayerNetwork.fit()}; fast: one
 * partition holding every layer), (t) as the partitions chained in one thread without actors, (b) as partitions
 * on node actors joined by link actors, and (p) as (b) with each batch cut into micro-batches that flow through the
 * partitions at once (pipelined). (t) against (a) is what cutting the network costs; (b) against (t) what the
 * actors cost. Rounds run every engine's (a), (t), (b), (p) one after the other so all see the same machine; the
 * medians and the medians of the rounds' ratios are the result, with samples per CPU-second of this JVM beside
 * them. Optionally each round also runs a scenario with lossy, duplicating, reordering links and the same scenario
 * without them (c), same seed: faults are to cost virtual time, not wall time, so the ratio of their wall times
 * should stay near 1.
 */
public final class SplitBenchmark {
  private SplitBenchmark() {}

  /** The engines a split can run on. */
  public static final List<String> ENGINES = List.of("dl4j", "fast");

  /** The benchmark's data: synthetic samples of Fashion-MNIST's shape. */
  private static final int INPUTS = 784;

  private static final int CLASSES = 10;

  /**
   * @param hidden widths of the MLP's hidden layers (784 inputs, 10 classes)
   * @param partitions how many nodes the network is split over, at most the number of layers
   * @param microBatches micro-batches of the pipelined run (p)
   * @param engines the engines measured, each of {@link #ENGINES}
   * @param serializeMessages whether the runs over actors serialise every message as if it crossed JVMs
   * @param faulted a split-training scenario with link faults, run with and without them each round (c), if any
   */
  public record Settings(
      int steps,
      int batchSize,
      int partitions,
      int microBatches,
      int rounds,
      List<Integer> hidden,
      long seed,
      List<String> engines,
      boolean serializeMessages,
      Optional<Faulted> faulted) {
    public Settings {
      hidden = List.copyOf(hidden);
      engines = List.copyOf(engines);
      if (microBatches < 1 || microBatches > batchSize) {
        throw new IllegalArgumentException(
            "--micro-batches must be between 1 and the batch size " + batchSize + ", got " + microBatches);
      }
      if (partitions < 1 || partitions > hidden.size() + 1) {
        throw new IllegalArgumentException(
            "--partitions must be between 1 and " + (hidden.size() + 1) + " (the model's layers), got " + partitions);
      }
      if (engines.isEmpty() || !ENGINES.containsAll(engines)) {
        throw new IllegalArgumentException("--engines must be some of " + String.join(",", ENGINES) + ", got " + engines);
      }
    }

    /** Cuts that balance the partitions' FLOPs: see {@link #balancedCuts}. */
    public List<Integer> cuts() {
      return balancedCuts(layerFlops(), partitions);
    }

    /**
     * How many times faster than the sequential split a pipeline of these partitions can train at most on
     * {@code cores} cores: all FLOPs over the larger of the largest partition's and an even share per core.
     */
    public double pipelineBound(int cores) {
      long[] flops = layerFlops();
      long total = LongStream.of(flops).sum();
      long largest = 0;
      List<Integer> bounds = new ArrayList<>(cuts());
      bounds.add(0, 0);
      bounds.add(flops.length);
      for (int i = 0; i + 1 < bounds.size(); i++) {
        largest = Math.max(largest, LongStream.of(flops).skip(bounds.get(i)).limit(bounds.get(i + 1) - bounds.get(i)).sum());
      }
      return total / Math.max(largest, (double) total / cores);
    }

    /** Multiply-adds per sample of each dense layer of the MLP 784-hidden-10 (its training FLOPs are proportional). */
    private long[] layerFlops() {
      List<Integer> widths = new ArrayList<>(hidden);
      widths.add(0, INPUTS);
      widths.add(CLASSES);
      return IntStream.range(1, widths.size()).mapToLong(i -> (long) widths.get(i - 1) * widths.get(i)).toArray();
    }
  }

  /**
   * The {@code partitions - 1} cuts (a cut {@code c} ends a partition after layer {@code c}) whose largest partition
   * has the fewest FLOPs, the earliest such cuts on a tie: a pipeline is as fast as its slowest stage.
   */
  static List<Integer> balancedCuts(long[] layerFlops, int partitions) {
    int layers = layerFlops.length;
    long[] prefix = new long[layers + 1];
    for (int i = 0; i < layers; i++) prefix[i + 1] = prefix[i] + layerFlops[i];
    // best[p][j]: the smallest largest-partition of layers [0, j) in p partitions; last[p][j]: where its last one starts
    long[][] best = new long[partitions + 1][layers + 1];
    int[][] last = new int[partitions + 1][layers + 1];
    for (long[] row : best) Arrays.fill(row, Long.MAX_VALUE);
    best[0][0] = 0;
    for (int p = 1; p <= partitions; p++) {
      for (int j = p; j <= layers; j++) {
        for (int i = p - 1; i < j; i++) {
          if (best[p - 1][i] == Long.MAX_VALUE) continue;
          long largest = Math.max(best[p - 1][i], prefix[j] - prefix[i]);
          if (largest < best[p][j]) {
            best[p][j] = largest;
            last[p][j] = i;
          }
        }
      }
    }
    List<Integer> cuts = new ArrayList<>();
    for (int p = partitions, j = layers; p > 1; p--) {
      j = last[p][j];
      cuts.add(0, j);
    }
    return cuts;
  }

  /** A split-training scenario with link faults and its data. */
  public record Faulted(Scenario scenario, TrainTest data) {}

  /** Training samples per wall-clock second and per CPU-second of this JVM. */
  public record Speed(double samplesPerSecond, double samplesPerCpuSecond) {}

  /** One engine's speeds in a round: one network (a), the split in one thread (t), over actors (b), pipelined (p). */
  public record Speeds(Speed whole, Speed inThread, Speed split, Speed pipelined) {}

  /** One round's speeds per engine, and the faulted pair's runs (null without one). */
  public record Round(Map<String, Speeds> engines, FaultedPair faults) {}

  /** A run's summary and final parameters, and the CPU time this JVM spent meanwhile. */
  public record Measured(RunOutcome outcome, double cpuMs) {
    public RunSummary summary() {
      return outcome.summary();
    }
  }

  /** One scenario run without its link faults and with them. */
  public record FaultedPair(Measured clean, Measured faulted) {
    /** Faulted wall time ÷ clean wall time. */
    public double ratio() {
      return faulted.summary().wallTimeMs() / clean.summary().wallTimeMs();
    }

    /** Whether the faults changed time only: the same final parameters and test accuracy. */
    public boolean sameArithmetic() {
      return Objects.equals(clean.summary().testAccuracy(), faulted.summary().testAccuracy())
          && clean.outcome().parameters().equals(faulted.outcome().parameters());
    }
  }

  public record Result(Settings settings, List<Round> rounds) {
    /** Median over the rounds of one engine's speed figure. */
    public double median(String engine, ToDoubleFunction<Speeds> figure) {
      return Benchmarks.median(rounds.stream().map(r -> figure.applyAsDouble(r.engines().get(engine))).toList());
    }

    /** Median over the rounds of the ratio of two of an engine's samples/s, each round's taken one after the other. */
    public double ratio(String engine, Function<Speeds, Speed> numerator, Function<Speeds, Speed> denominator) {
      return Benchmarks.median(rounds.stream().map(r -> ratioOf(r.engines().get(engine), numerator, denominator)).toList());
    }

    /** The faulted pairs of the rounds (empty without a faulted scenario). */
    public List<FaultedPair> faults() {
      return rounds.stream().map(Round::faults).filter(Objects::nonNull).toList();
    }

    /** Median over the rounds of a figure of the faulted pair's clean run ({@code faulted} false) or faulted run. */
    public double faultsMedian(boolean faulted, ToDoubleFunction<Measured> figure) {
      return Benchmarks.median(faults().stream().map(p -> figure.applyAsDouble(faulted ? p.faulted() : p.clean())).toList());
    }

    /** Median of the rounds' faulted ÷ clean wall-time ratios (1: faults cost no wall time). */
    public double faultRatio() {
      return Benchmarks.median(faults().stream().map(FaultedPair::ratio).toList());
    }
  }

  private static double ratioOf(Speeds s, Function<Speeds, Speed> numerator, Function<Speeds, Speed> denominator) {
    return numerator.apply(s).samplesPerSecond() / denominator.apply(s).samplesPerSecond();
  }

  /** Runs one warm-up round (not reported) and then {@code settings.rounds()} measured ones. */
  public static Result run(Settings settings, Consumer<String> progress) throws InterruptedException {
    Map<String, Scenario> scenarios = new LinkedHashMap<>();
    for (String engine : settings.engines()) scenarios.put(engine, scenario(settings, engine));
    Scenario any = scenarios.values().iterator().next();
    TrainTest data = Datasets.load(any.data(), any.model(), any.seed());
    progress.accept("warm-up round");
    measure(settings, scenarios, data, 0);
    List<Round> rounds = new ArrayList<>();
    for (int r = 1; r <= settings.rounds(); r++) {
      Round round = measure(settings, scenarios, data, r);
      for (Map.Entry<String, Speeds> e : round.engines().entrySet()) {
        Speeds s = e.getValue();
        progress.accept(
            String.format(
                Locale.ROOT,
                "round %d/%d, %s: one network %.0f samples/s, in one thread %.0f, over actors %.0f, pipelined %.0f;"
                    + " ratios %.2f, %.2f, %.2f; load %.1f",
                r,
                settings.rounds(),
                e.getKey(),
                s.whole().samplesPerSecond(),
                s.inThread().samplesPerSecond(),
                s.split().samplesPerSecond(),
                s.pipelined().samplesPerSecond(),
                ratioOf(s, Speeds::inThread, Speeds::whole),
                ratioOf(s, Speeds::split, Speeds::whole),
                ratioOf(s, Speeds::pipelined, Speeds::split),
                Benchmarks.loadAverage()));
      }
      if (round.faults() != null) {
        progress.accept(String.format(Locale.ROOT, "round %d/%d: %s", r, settings.rounds(), describe(round.faults())));
      }
      rounds.add(round);
    }
    return new Result(settings, rounds);
  }

  private static String describe(FaultedPair pair) {
    RunSummary clean = pair.clean().summary();
    RunSummary faulted = pair.faulted().summary();
    return String.format(
        Locale.ROOT,
        "%s clean %.2f s (CPU %.2f s), faulted %.2f s (CPU %.2f s; %d lost, %d duplicated, %d resent; virtual %.1f s"
            + " against %.1f s), ratio %.2f, same parameters %s",
        faulted.scenario(),
        clean.wallTimeMs() / 1000,
        pair.clean().cpuMs() / 1000,
        faulted.wallTimeMs() / 1000,
        pair.faulted().cpuMs() / 1000,
        faulted.messagesDropped(),
        faulted.messagesDuplicated(),
        faulted.retries(),
        faulted.virtualTimeMs() / 1000,
        clean.virtualTimeMs() / 1000,
        pair.ratio(),
        pair.sameArithmetic() ? "yes" : "NO");
  }

  /** Round {@code r} (0: the warm-up); the faulted pair runs clean first in even rounds, faulted first in odd ones. */
  private static Round measure(Settings settings, Map<String, Scenario> scenarios, TrainTest data, int r)
      throws InterruptedException {
    Map<String, Speeds> engines = new LinkedHashMap<>();
    for (Map.Entry<String, Scenario> e : scenarios.entrySet()) {
      Scenario on = e.getValue();
      engines.put(
          e.getKey(),
          new Speeds(
              wholeNetwork(settings, on, data),
              inThread(settings, on, data),
              speed(measured(on, data, settings), settings),
              speed(measured(pipelined(on, settings.microBatches()), data, settings), settings)));
    }
    FaultedPair faults = null;
    if (settings.faulted().isPresent()) {
      Faulted f = settings.faulted().get();
      Scenario clean = withoutFaults(f.scenario());
      boolean cleanFirst = r % 2 == 0;
      Measured first = measured(cleanFirst ? clean : f.scenario(), f.data(), settings);
      Measured second = measured(cleanFirst ? f.scenario() : clean, f.data(), settings);
      faults = cleanFirst ? new FaultedPair(first, second) : new FaultedPair(second, first);
    }
    return new Round(engines, faults);
  }

  /** The scenario with its links' loss, duplication and reordering at 0 and no {@code faults}: the clean twin. */
  public static Scenario withoutFaults(Scenario s) {
    Map<String, LinkSpec> links = new LinkedHashMap<>();
    s.links().forEach((id, l) -> links.put(id, new LinkSpec(
        id, l.kind(), l.from(), l.to(), l.bitsPerSecond(), l.propagation(), l.jitter(), 0, 0, 0, l.mimo())));
    return new Scenario(
        s.name(), s.seed(), s.nodes(), links, s.model(), s.data(), s.workload(), List.of(), s.runtime(), s.output(),
        s.placement());
  }

  /** A split run's speed: its own samples/s, and its samples per CPU-second of the whole run (deployment included). */
  private static Speed speed(Measured m, Settings settings) {
    double samples = (double) settings.steps() * settings.batchSize();
    return new Speed(m.summary().samplesPerSecond(), samples / (m.cpuMs() / 1000));
  }

  /** The split scenario with each batch cut into {@code microBatches}. */
  static Scenario pipelined(Scenario s, int microBatches) {
    return s.withWorkload(((SplitTrainingSpec) s.workload()).withMicroBatches(microBatches));
  }

  /**
   * Speed of one network over the batches the data owner of the split run uses: DL4J's own training loop, or one
   * {@code nn.fast} partition holding every layer.
   */
  private static Speed wholeNetwork(Settings settings, Scenario scenario, TrainTest data) throws InterruptedException {
    ModelSpec model = scenario.model();
    MultiLayerNetwork net = Networks.whole(model, scenario.seed());
    Partition fast = model.fastEngine() ? Networks.split(net, model, List.of()).get(0) : null;
    return timed(settings, scenario, data, (features, labels) -> {
      if (fast == null) {
        net.fit(features, labels);
      } else {
        fast.trainFromLabels(0, features, labels, false);
        fast.update();
      }
    });
  }

  /** Speed of the split run's partitions chained in one thread: forward, loss, backward, updates; no actors, no copies. */
  private static Speed inThread(Settings settings, Scenario scenario, TrainTest data) throws InterruptedException {
    List<Partition> partitions = Networks.split(Networks.whole(scenario.model(), scenario.seed()), scenario.model(), settings.cuts());
    Partition last = partitions.get(partitions.size() - 1);
    return timed(settings, scenario, data, (features, labels) -> {
      INDArray activations = features;
      for (Partition p : partitions.subList(0, partitions.size() - 1)) activations = p.forward(activations);
      INDArray error = last.trainFromLabels(0, activations, labels, partitions.size() > 1).inputError();
      for (int i = partitions.size() - 2; i >= 0; i--) error = partitions.get(i).backward(0, error, i > 0);
      for (Partition p : partitions) p.update();
    });
  }

  /**
   * Lets the garbage (and native memory) of the measurement before be collected before the next one starts, so that
   * this JVM's CPU time is charged to the measurement that caused it: a collection, then a wait until this JVM has been
   * nearly idle (under a tenth of a core) for 100 ms, as long as its deallocator threads free native memory, at most
   * 5 s.
   */
  private static void settle() throws InterruptedException {
    System.gc();
    long deadline = System.nanoTime() + 5_000_000_000L;
    double cpu = Benchmarks.processCpuMs();
    do {
      Thread.sleep(100);
      double before = cpu;
      cpu = Benchmarks.processCpuMs();
      if (cpu - before < 10) return;
    } while (System.nanoTime() < deadline);
  }

  /** Samples per second and per CPU-second of {@code step} over the data owner's batches (features, one-hot labels). */
  private static Speed timed(Settings settings, Scenario scenario, TrainTest data, BiConsumer<INDArray, INDArray> step)
      throws InterruptedException {
    BatchSource batches = batches(scenario, data);
    settle();
    double cpuBefore = Benchmarks.processCpuMs();
    long start = System.nanoTime();
    for (int s = 0; s < settings.steps(); s++) {
      BatchSource.Batch batch = batches.batch(s);
      step.accept(batch.features(), OneHot.encode(batch.labels(), scenario.model().classes()));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double samples = (double) settings.steps() * settings.batchSize();
    return new Speed(samples / seconds, samples / ((Benchmarks.processCpuMs() - cpuBefore) / 1000));
  }

  private static Measured measured(Scenario scenario, TrainTest data, Settings settings) throws InterruptedException {
    settle();
    double cpuBefore = Benchmarks.processCpuMs();
    RunOutcome outcome = splitOverActors(scenario, data, settings.serializeMessages());
    return new Measured(outcome, Benchmarks.processCpuMs() - cpuBefore);
  }

  private static RunOutcome splitOverActors(Scenario scenario, TrainTest data, boolean serializeMessages)
      throws InterruptedException {
    Path directory = Benchmarks.temporaryDirectory();
    try {
      RunOutcome outcome =
          LocalRun.run(
              scenario,
              data,
              directory,
              (step, total) -> {},
              ConfigFactory.parseString("pekko.actor.serialize-messages = " + (serializeMessages ? "on" : "off")));
      if (outcome.summary().status() != RunStatus.COMPLETED) {
        throw new IllegalStateException("the split run of " + scenario.name() + " failed: " + outcome.summary().error());
      }
      return outcome;
    } finally {
      Benchmarks.delete(directory);
    }
  }

  /** The batches of the split run's data owner: all training samples, the same seeded order. */
  private static BatchSource batches(Scenario scenario, TrainTest data) {
    SplitTrainingSpec workload = (SplitTrainingSpec) scenario.workload();
    String owner = workload.path().get(0);
    int[] all = IntStream.range(0, data.train().size()).toArray();
    return new ShardBatches(data.train(), all, workload.batchSize(), Seeds.derive(scenario.seed(), "batches/" + owner));
  }

  /** A chain of nodes n0 → n1 → ... over 10 Gbps links, so that the wall time is compute and runtime. */
  static Scenario scenario(Settings s, String engine) {
    List<String> path = IntStream.range(0, s.partitions()).mapToObj(i -> "n" + i).toList();
    StringBuilder hocon = new StringBuilder("name = bench-split\nseed = " + s.seed() + "\nnodes {\n");
    for (int i = 0; i < path.size(); i++) {
      String role = i == 0 || i + 1 < path.size() ? "edge" : "cloud";
      hocon.append("  ").append(path.get(i)).append(" { role = ").append(role).append(", memory = 16 GiB }\n");
    }
    hocon.append("}\nlinks {\n");
    for (int i = 1; i < path.size(); i++) {
      hocon.append("  l").append(i).append(" { from = ").append(path.get(i - 1)).append(", to = ").append(path.get(i));
      hocon.append(", rate = 10 Gbps }\n");
    }
    hocon.append("}\nmodel { hidden = ").append(s.hidden()).append(", engine = ").append(engine).append(" }\n");
    hocon.append("data.synthetic { train = 12000, test = 1000 }\n");
    hocon.append("workload { path = ").append(path).append(", cuts = ").append(s.cuts());
    hocon.append(", batch-size = ").append(s.batchSize()).append(", steps = ").append(s.steps());
    hocon.append(", eval-every = 0 }\n");
    return Benchmarks.parse(hocon.toString(), "bench-split");
  }
}
