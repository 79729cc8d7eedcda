package io.edgeweave.bench;

import io.edgeweave.data.Dataset;
import io.edgeweave.data.OneHot;
import io.edgeweave.nn.fast.CnnSpec;
import io.edgeweave.nn.fast.FastCnn;
import io.edgeweave.tensor.NdArrays;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training speed of small CNNs: DL4J's {@code MultiLayerNetwork.fit()} against {@link FastCnn} on the same
 * network, initial weights and batches of real images, and the matrix products of the fast path's step
 * alone (the most a step that does nothing else could reach). Rounds alternate the engines so that both
 * see the same machine; medians over the rounds are the result.
 */
public final class CnnBenchmark {
  private CnnBenchmark() {}

  public static final double LEARNING_RATE = 1e-3;

  /** A network measured under a name. */
  public record Network(String name, CnnSpec spec) {}

  public static final List<Network> NETWORKS =
      List.of(new Network("lenet", CnnSpec.lenet()), new Network("oac-cnn", CnnSpec.oacCnn()));

  public record Settings(List<Network> networks, List<Integer> batchSizes, int steps, int rounds, long seed) {
    public Settings {
      networks = List.copyOf(networks);
      batchSizes = List.copyOf(batchSizes);
      if (steps < 1 || rounds < 1 || batchSizes.isEmpty() || batchSizes.stream().anyMatch(b -> b < 1)) {
        throw new IllegalArgumentException("--steps, --rounds and every --batch must be positive");
      }
    }
  }

  /**
   * Training samples per second of one measurement: per wall-clock second, and per second of CPU time of
   * the training thread (one OpenMP/BLAS thread works in it), which a loaded machine disturbs less.
   */
  public record Speed(double wall, double cpu) {}

  /** One round: each engine, then the fast path's matrix products alone. */
  public record Round(Speed dl4j, Speed fast, Speed matrixProducts) {}

  /**
   * @param fastTimes per layer, the fast path's milliseconds per step over the measured rounds
   */
  public record Result(Network network, int batchSize, List<Round> rounds, List<FastCnn.LayerTime> fastTimes) {
    /** The median over the rounds of one of their speeds. */
    public double median(Function<Round, Speed> which, ToDoubleFunction<Speed> clock) {
      return Benchmarks.median(rounds.stream().map(r -> clock.applyAsDouble(which.apply(r))).toList());
    }

    /** The median of the rounds' fast ÷ DL4J (wall clock), each from two measurements made one after the other. */
    public double ratio() {
      return Benchmarks.median(rounds.stream().map(CnnBenchmark::ratio).toList());
    }
  }

  /** Measures every network at every batch size on the first samples of {@code train}. */
  public static List<Result> run(Settings settings, Dataset train, Consumer<String> progress) {
    List<Result> results = new ArrayList<>();
    for (Network network : settings.networks()) {
      for (int batchSize : settings.batchSizes()) {
        results.add(measure(settings, network, batchSize, train, progress));
      }
    }
    return results;
  }

  /** Fast ÷ DL4J on {@code network}: the median of its rounds' ratios over every batch size measured. */
  public static double ratio(List<Result> results, String network) {
    return Benchmarks.median(results.stream().filter(r -> r.network().name().equals(network))
        .flatMap(r -> r.rounds().stream().map(CnnBenchmark::ratio)).toList());
  }

  private static double ratio(Round round) {
    return round.fast().wall() / round.dl4j().wall();
  }

  /** The machine's load averages over 1, 5 and 15 minutes, as Linux reports them ("unknown" elsewhere). */
  public static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static Result measure(Settings settings, Network network, int batchSize, Dataset train, Consumer<String> progress) {
    Batches batches = new Batches(train, batchSize, settings.steps());
    MultiLayerNetwork dl4j = new MultiLayerNetwork(network.spec().dl4j(settings.seed(), LEARNING_RATE));
    dl4j.init();
    FastCnn fast = new FastCnn(network.spec(), batchSize, LEARNING_RATE);
    fast.setDl4jParameters(NdArrays.toFloats(dl4j.params()));
    // warm-up: one pass of each, not reported
    trainDl4j(dl4j, batches);
    trainFast(fast, batches);
    matrixProducts(fast, batches);
    fast.takeTimes();
    List<Round> rounds = new ArrayList<>();
    for (int r = 1; r <= settings.rounds(); r++) {
      Round round = new Round(trainDl4j(dl4j, batches), trainFast(fast, batches), matrixProducts(fast, batches));
      progress.accept(String.format(Locale.ROOT,
          "%s batch %d round %d/%d: DL4J %.0f, fast %.0f, GEMM only %.0f samples/s (per CPU-s %.0f, %.0f, %.0f)",
          network.name(), batchSize, r, settings.rounds(), round.dl4j().wall(), round.fast().wall(),
          round.matrixProducts().wall(), round.dl4j().cpu(), round.fast().cpu(), round.matrixProducts().cpu()));
      rounds.add(round);
    }
    int steps = settings.rounds() * batches.steps();
    List<FastCnn.LayerTime> perStep = fast.takeTimes().stream()
        .map(t -> new FastCnn.LayerTime(t.layer(), t.forwardMs() / steps, t.backwardMs() / steps)).toList();
    return new Result(network, batchSize, rounds, perStep);
  }

  private static Speed trainDl4j(MultiLayerNetwork net, Batches batches) {
    return batches.time(s -> net.fit(batches.dl4jFeatures.get(s), batches.dl4jLabels.get(s)));
  }

  private static Speed trainFast(FastCnn net, Batches batches) {
    return batches.time(s -> net.fit(batches.features.get(s), batches.labels.get(s), batches.size));
  }

  private static Speed matrixProducts(FastCnn net, Batches batches) {
    return batches.time(s -> net.matrixProducts(batches.size));
  }

  /** Consecutive batches of the training set, made before timing: as Java arrays and as DL4J's input. */
  private static final class Batches {
    final int size;
    final List<float[]> features = new ArrayList<>();
    final List<int[]> labels = new ArrayList<>();
    final List<INDArray> dl4jFeatures = new ArrayList<>();
    final List<INDArray> dl4jLabels = new ArrayList<>();

    Batches(Dataset train, int size, int steps) {
      this.size = size;
      for (int s = 0; s < steps; s++) {
        int first = (s * size) % Math.max(1, train.size() - size + 1);
        int[] rows = IntStream.range(first, first + size).toArray();
        INDArray x = train.features(rows);
        dl4jFeatures.add(x);
        dl4jLabels.add(OneHot.encode(train.labels(rows), train.classes()));
        features.add(Arrays.copyOfRange(train.x(), first * train.features(), (first + size) * train.features()));
        labels.add(train.labels(rows));
      }
    }

    int steps() {
      return features.size();
    }

    /** Runs {@code step} for every batch and measures it. */
    Speed time(IntConsumer step) {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long cpu = threads.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      for (int s = 0; s < steps(); s++) step.accept(s);
      double samples = (double) steps() * size;
      return new Speed(samples / ((System.nanoTime() - wall) / 1e9), samples / ((threads.getCurrentThreadCpuTime() - cpu) / 1e9));
    }
  }
}
