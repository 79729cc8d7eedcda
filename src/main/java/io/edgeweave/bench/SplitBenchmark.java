package io.edgeweave.bench;

import com.typesafe.config.ConfigFactory;
import io.edgeweave.cluster.LocalRun;
import io.edgeweave.data.Datasets;
import io.edgeweave.data.OneHot;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.nn.Networks;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.Seeds;
import io.edgeweave.scenario.SplitTrainingSpec;
import io.edgeweave.training.BatchSource;
import io.edgeweave.training.ShardBatches;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Split training over actors against one DL4J network: the same model, data, batches and steps, trained
 * (a) as one {@code MultiLayerNetwork.fit()} and (b) as partitions on node actors joined by link actors,
 * every message serialised as if it crossed JVMs. Rounds alternate (a) and (b) so both see the same
 * machine; the medians and their ratio are the result.
 */
public final class SplitBenchmark {
  private SplitBenchmark() {}

  /**
   * @param hidden widths of the MLP's hidden layers (784 inputs, 10 classes)
   * @param partitions how many nodes the network is split over, at most the number of layers
   */
  public record Settings(int steps, int batchSize, int partitions, int rounds, List<Integer> hidden, long seed) {
    public Settings {
      hidden = List.copyOf(hidden);
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

  /** Training samples per wall-clock second in one round. */
  public record Round(double wholeSamplesPerSecond, double splitSamplesPerSecond) {}

  public record Result(Settings settings, List<Round> rounds) {
    public double wholeMedian() {
      return Benchmarks.median(rounds.stream().map(Round::wholeSamplesPerSecond).toList());
    }

    public double splitMedian() {
      return Benchmarks.median(rounds.stream().map(Round::splitSamplesPerSecond).toList());
    }

    /**
     * Split over actors relative to one network (1: splitting costs nothing): the median of the rounds'
     * ratios, each taken between two measurements made one after the other.
     */
    public double ratio() {
      return Benchmarks.median(rounds.stream().map(r -> r.splitSamplesPerSecond() / r.wholeSamplesPerSecond()).toList());
    }
  }

  /** Runs one warm-up round (not reported) and then {@code settings.rounds()} measured ones. */
  public static Result run(Settings settings, Consumer<String> progress) throws InterruptedException {
    Scenario scenario = scenario(settings);
    TrainTest data = Datasets.load(scenario.data(), scenario.model(), scenario.seed());
    progress.accept("warm-up round");
    measure(settings, scenario, data);
    List<Round> rounds = new ArrayList<>();
    for (int r = 1; r <= settings.rounds(); r++) {
      Round round = measure(settings, scenario, data);
      progress.accept(
          String.format(
              Locale.ROOT,
              "round %d/%d: one network %.0f samples/s, split %.0f samples/s, ratio %.2f",
              r,
              settings.rounds(),
              round.wholeSamplesPerSecond(),
              round.splitSamplesPerSecond(),
              round.splitSamplesPerSecond() / round.wholeSamplesPerSecond()));
      rounds.add(round);
    }
    return new Result(settings, rounds);
  }

  private static Round measure(Settings settings, Scenario scenario, TrainTest data) throws InterruptedException {
    return new Round(wholeNetwork(settings, scenario, data), splitOverActors(scenario, data));
  }

  /** Samples/s of DL4J's own training loop over the batches the data owner of the split run uses. */
  private static double wholeNetwork(Settings settings, Scenario scenario, TrainTest data) {
    MultiLayerNetwork net = Networks.whole(scenario.model(), scenario.seed());
    BatchSource batches = batches(scenario, data);
    long start = System.nanoTime();
    for (int step = 0; step < settings.steps(); step++) {
      BatchSource.Batch batch = batches.batch(step);
      net.fit(batch.features(), OneHot.encode(batch.labels(), scenario.model().classes()));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return (double) settings.steps() * settings.batchSize() / seconds;
  }

  private static double splitOverActors(Scenario scenario, TrainTest data) throws InterruptedException {
    Path directory = Benchmarks.temporaryDirectory();
    try {
      RunSummary summary =
          LocalRun.run(
                  scenario,
                  data,
                  directory,
                  (step, total) -> {},
                  ConfigFactory.parseString("pekko.actor.serialize-messages = on"))
              .summary();
      if (summary.status() != RunStatus.COMPLETED) {
        throw new IllegalStateException("the split run failed: " + summary.error());
      }
      return summary.samplesPerSecond();
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
