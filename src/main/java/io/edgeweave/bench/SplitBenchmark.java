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
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.Seeds;
import io.edgeweave.scenario.SplitTrainingSpec;
import io.edgeweave.training.BatchSource;
import io.edgeweave.training.ShardBatches;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Split training over actors against one DL4J network: the same model, data, batches and steps, trained
 * (a) as one {@code MultiLayerNetwork.fit()} and (b) as partitions on node actors joined by link actors,
 * every message serialised as if it crossed JVMs, and (p) as (b) with each batch cut into micro-batches that flow
 * through the partitions at once (pipelined). Rounds alternate (a), (b) and (p) so all see the same machine; the
 * medians and their ratios are the result, with samples per CPU-second of this JVM beside them. Optionally each round also runs a scenario with
 * lossy, duplicating, reordering links and the same scenario without them (c), same seed and serialisation:
 * faults are to cost virtual time, not wall time, so the ratio of their wall times should stay near 1.
 */
public final class SplitBenchmark {
  private SplitBenchmark() {}

  /**
   * @param hidden widths of the MLP's hidden layers (784 inputs, 10 classes)
   * @param partitions how many nodes the network is split over, at most the number of layers
   * @param microBatches micro-batches of the pipelined run (p)
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
      Optional<Faulted> faulted) {
    public Settings {
      hidden = List.copyOf(hidden);
      if (microBatches < 1 || microBatches > batchSize) {
        throw new IllegalArgumentException(
            "--micro-batches must be between 1 and the batch size " + batchSize + ", got " + microBatches);
      }
      if (partitions < 1 || partitions > hidden.size() + 1) {
        throw new IllegalArgumentException(
            "--partitions must be between 1 and " + (hidden.size() + 1) + " (the model's layers), got " + partitions);
      }
    }

    /** Cuts that spread the layers evenly over the partitions. */
    List<Integer> cuts() {
      int layers = hidden.size() + 1;
      return IntStream.range(1, partitions).mapToObj(i -> Math.round((float) i * layers / partitions)).toList();
    }
  }

  /** A split-training scenario with link faults and its data. */
  public record Faulted(Scenario scenario, TrainTest data) {}

  /** Training samples per wall-clock second and per CPU-second of this JVM. */
  public record Speed(double samplesPerSecond, double samplesPerCpuSecond) {}

  /** One round's speeds of (a), (b) and (p), and the faulted pair's runs (null without one). */
  public record Round(Speed whole, Speed split, Speed pipelined, FaultedPair faults) {
    public double wholeSamplesPerSecond() {
      return whole.samplesPerSecond();
    }

    public double splitSamplesPerSecond() {
      return split.samplesPerSecond();
    }
  }

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
    public double wholeMedian() {
      return Benchmarks.median(rounds.stream().map(Round::wholeSamplesPerSecond).toList());
    }

    public double splitMedian() {
      return Benchmarks.median(rounds.stream().map(Round::splitSamplesPerSecond).toList());
    }

    /** Median over the rounds of a speed figure. */
    public double median(ToDoubleFunction<Round> figure) {
      return Benchmarks.median(rounds.stream().map(figure::applyAsDouble).toList());
    }

    /** Pipelined relative to sequential split training: the median of the rounds' ratios. */
    public double pipelinedRatio() {
      return Benchmarks.median(
          rounds.stream().map(r -> r.pipelined().samplesPerSecond() / r.split().samplesPerSecond()).toList());
    }

    /**
     * Split over actors relative to one network (1: splitting costs nothing): the median of the rounds'
     * ratios, each taken between two measurements made one after the other.
     */
    public double ratio() {
      return Benchmarks.median(rounds.stream().map(r -> r.splitSamplesPerSecond() / r.wholeSamplesPerSecond()).toList());
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

  /** Runs one warm-up round (not reported) and then {@code settings.rounds()} measured ones. */
  public static Result run(Settings settings, Consumer<String> progress) throws InterruptedException {
    Scenario scenario = scenario(settings);
    TrainTest data = Datasets.load(scenario.data(), scenario.model(), scenario.seed());
    progress.accept("warm-up round");
    measure(settings, scenario, data, 0);
    List<Round> rounds = new ArrayList<>();
    for (int r = 1; r <= settings.rounds(); r++) {
      Round round = measure(settings, scenario, data, r);
      progress.accept(
          String.format(
              Locale.ROOT,
              "round %d/%d: one network %.0f samples/s, split %.0f, pipelined %.0f; ratios %.2f, %.2f; load %.1f",
              r,
              settings.rounds(),
              round.wholeSamplesPerSecond(),
              round.splitSamplesPerSecond(),
              round.pipelined().samplesPerSecond(),
              round.splitSamplesPerSecond() / round.wholeSamplesPerSecond(),
              round.pipelined().samplesPerSecond() / round.splitSamplesPerSecond(),
              Benchmarks.loadAverage()));
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
  private static Round measure(Settings settings, Scenario scenario, TrainTest data, int r) throws InterruptedException {
    Speed whole = wholeNetwork(settings, scenario, data);
    Speed split = speed(measured(scenario, data), settings);
    Speed pipelined = speed(measured(pipelined(scenario, settings.microBatches()), data), settings);
    FaultedPair faults = null;
    if (settings.faulted().isPresent()) {
      Faulted f = settings.faulted().get();
      Scenario clean = withoutFaults(f.scenario());
      boolean cleanFirst = r % 2 == 0;
      Measured first = measured(cleanFirst ? clean : f.scenario(), f.data());
      Measured second = measured(cleanFirst ? f.scenario() : clean, f.data());
      faults = cleanFirst ? new FaultedPair(first, second) : new FaultedPair(second, first);
    }
    return new Round(whole, split, pipelined, faults);
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

  /** Speed of DL4J's own training loop over the batches the data owner of the split run uses. */
  private static Speed wholeNetwork(Settings settings, Scenario scenario, TrainTest data) {
    MultiLayerNetwork net = Networks.whole(scenario.model(), scenario.seed());
    BatchSource batches = batches(scenario, data);
    double cpuBefore = Benchmarks.processCpuMs();
    long start = System.nanoTime();
    for (int step = 0; step < settings.steps(); step++) {
      BatchSource.Batch batch = batches.batch(step);
      net.fit(batch.features(), OneHot.encode(batch.labels(), scenario.model().classes()));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double samples = (double) settings.steps() * settings.batchSize();
    return new Speed(samples / seconds, samples / ((Benchmarks.processCpuMs() - cpuBefore) / 1000));
  }

  private static Measured measured(Scenario scenario, TrainTest data) throws InterruptedException {
    double cpuBefore = Benchmarks.processCpuMs();
    RunOutcome outcome = splitOverActors(scenario, data);
    return new Measured(outcome, Benchmarks.processCpuMs() - cpuBefore);
  }

  private static RunOutcome splitOverActors(Scenario scenario, TrainTest data) throws InterruptedException {
    Path directory = Benchmarks.temporaryDirectory();
    try {
      RunOutcome outcome =
          LocalRun.run(
              scenario,
              data,
              directory,
              (step, total) -> {},
              ConfigFactory.parseString("pekko.actor.serialize-messages = on"));
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
  static Scenario scenario(Settings s) {
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
    hocon.append("}\nmodel.hidden = ").append(s.hidden()).append('\n');
    hocon.append("data.synthetic { train = 12000, test = 1000 }\n");
    hocon.append("workload { path = ").append(path).append(", cuts = ").append(s.cuts());
    hocon.append(", batch-size = ").append(s.batchSize()).append(", steps = ").append(s.steps());
    hocon.append(", eval-every = 0 }\n");
    return Benchmarks.parse(hocon.toString(), "bench-split");
  }
}
