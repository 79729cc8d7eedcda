package io.edgeweave.bench;

import com.typesafe.config.ConfigFactory;
import com.sun.management.OperatingSystemMXBean;
import io.edgeweave.cluster.LocalRun;
import io.edgeweave.data.Datasets;
import io.edgeweave.data.IdxDataset;
import io.edgeweave.data.OneHot;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RoundRecord;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.nn.Networks;
import io.edgeweave.runtime.FleetStatus;
import io.edgeweave.runtime.HeapGauge;
import io.edgeweave.runtime.RunProgress;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.tensor.NdArrays;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fleets of growing size in one JVM: for each, a collaborative run whose fleet is created, measured idle
 * (heap per device after a full collection, against the heap just before creation), then trained for a few
 * rounds at low participation (round wall time, and the share of it spent in local training). Beside it,
 * the footprint of one DL4J network, the memory a design with one network per client would need per client.
 */
public final class ScaleBenchmark {
  private ScaleBenchmark() {}

  /**
   * @param hidden hidden layer widths of the MLP (784 inputs, 10 classes); empty for logistic regression
   * @param samples training samples per device
   * @param train training samples loaded (0: all 60,000)
   */
  public record Settings(
      List<Integer> fleets,
      int rounds,
      double participation,
      int localSteps,
      int batchSize,
      int samples,
      int train,
      List<Integer> hidden,
      long seed) {
    public Settings {
      fleets = List.copyOf(fleets);
      hidden = List.copyOf(hidden);
      if (fleets.isEmpty() || fleets.stream().anyMatch(n -> n < 1)) {
        throw new IllegalArgumentException("--devices needs positive fleet sizes, got " + fleets);
      }
      if (!(participation > 0 && participation <= 1)) {
        throw new IllegalArgumentException("--participation must be in (0, 1], got " + participation);
      }
      if (rounds < 1 || localSteps < 1 || batchSize < 1 || samples < 1 || train < 0) {
        throw new IllegalArgumentException("--rounds, --local-steps, --batch and --samples must be positive, --train not negative");
      }
    }

    /** The same, with {@code participation} of the fleet selected each round. */
    Settings withParticipation(double participation) {
      return new Settings(fleets, rounds, participation, localSteps, batchSize, samples, train, hidden, seed);
    }
  }

  /**
   * One fleet size, measured. Round figures leave out the first round (JIT compilation) when there are more.
   *
   * @param devicesPerSecond device actors created and answering per wall-clock second
   * @param heapPerDeviceBytes heap per idle device: fleet after a full collection, minus the heap before it
   * @param roundWallMs median wall time of a round
   * @param roundCpuMs median CPU time of the whole process during a round
   * @param trainingShare of the process's CPU time in the rounds: local training (DL4J on the compute threads)
   * @param actorShare the rest on Java threads: actors, messages, links, selection, aggregation, evaluation
   * @param jvmShare the JVM's own threads: garbage collection and JIT compilation
   * @param peakHeapBytes most heap in use at the end of a round
   */
  public record FleetResult(
      int devices,
      int perRound,
      double devicesPerSecond,
      double heapPerDeviceBytes,
      double roundWallMs,
      double roundCpuMs,
      double trainingShare,
      double actorShare,
      double jvmShare,
      long peakHeapBytes) {}

  /**
   * One DL4J network of the model, as a one-network-per-client design would keep per client.
   *
   * @param heapBytes measured: Java objects of a network after one training step
   * @param offHeapBytes counted: its parameters, gradients and optimiser state in native memory
   */
  public record NetworkFootprint(long parameters, double heapBytes, long offHeapBytes) {
    public double totalBytes() {
      return heapBytes + offHeapBytes;
    }
  }

  public record Result(String dataset, ModelSpec model, int computeThreads, NetworkFootprint network, List<FleetResult> fleets) {}

  public static Result run(Settings settings, Consumer<String> progress) throws InterruptedException {
    Scenario first = scenario(settings, settings.fleets().get(0));
    TrainTest data = Datasets.load(first.data(), first.model(), first.seed());
    int threads = ConfigFactory.load().getInt(ScenarioDirector.COMPUTE_DISPATCHER + ".thread-pool-executor.fixed-pool-size");
    List<FleetResult> fleets = new ArrayList<>();
    for (int devices : settings.fleets()) {
      FleetResult fleet = fleet(scenario(settings, devices), data, threads, progress);
      progress.accept(String.format(Locale.ROOT, "%d devices: %.0f B heap per idle device, round %.0f ms",
          devices, fleet.heapPerDeviceBytes(), fleet.roundWallMs()));
      fleets.add(fleet);
    }
    // last: the networks it builds stay reachable from DL4J's thread-local state for a while
    NetworkFootprint network = networkFootprint(first.model(), data);
    progress.accept(String.format(Locale.ROOT, "one DL4J network: %.0f B heap + %d B off-heap",
        network.heapBytes(), network.offHeapBytes()));
    return new Result(data.train().name(), first.model(), threads, network, fleets);
  }

  static FleetResult fleet(Scenario scenario, TrainTest data, int threads, Consumer<String> progress)
      throws InterruptedException {
    FleetMeter meter = new FleetMeter(progress);
    Path directory = Benchmarks.temporaryDirectory();
    try {
      RunSummary summary = LocalRun.run(scenario, data, directory, meter, ConfigFactory.empty()).summary();
      if (summary.status() != RunStatus.COMPLETED) throw new IllegalStateException("the run failed: " + summary.error());
    } finally {
      Benchmarks.delete(directory);
    }
    List<RoundRecord> all = meter.rounds;
    int from = all.size() > 1 ? 1 : 0;
    List<RoundRecord> rounds = all.subList(from, all.size());
    List<Double> processMs = meter.processCpuMs.subList(from, all.size());
    double javaThreads = sum(meter.javaCpuMs.subList(from, all.size()));
    double training = rounds.stream().mapToDouble(RoundRecord::trainingCpuMs).sum();
    // the process's CPU clock ticks coarser than its threads': over rounds of a few milliseconds it can read 0
    double process = Math.max(sum(processMs), Math.max(javaThreads, training));
    return new FleetResult(
        meter.devices,
        all.get(0).selected(),
        meter.devices / (meter.readyMs / 1000),
        (double) (meter.heapReady - meter.heapBefore) / meter.devices,
        Benchmarks.median(rounds.stream().map(RoundRecord::wallTimeMs).toList()),
        Benchmarks.median(processMs),
        training / process,
        (javaThreads - training) / process,
        (process - javaThreads) / process,
        all.stream().mapToLong(RoundRecord::heapUsedBytes).max().orElse(0));
  }

  private static double sum(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).sum();
  }

  /**
   * Heap around the fleet's creation; then per round the CPU time of the process and of its Java threads
   * (the rest is the JVM's own: collector, compiler). Its callbacks run on the director's thread.
   */
  private static final class FleetMeter implements RunProgress {
    private static final OperatingSystemMXBean OS =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final Consumer<String> progress;
    private final List<RoundRecord> rounds = new ArrayList<>();
    private final List<Double> processCpuMs = new ArrayList<>();
    private final List<Double> javaCpuMs = new ArrayList<>();
    private long processNanos;
    private long javaNanos;
    private int devices;
    private long heapBefore;
    private long heapReady;
    private double readyMs;

    FleetMeter(Consumer<String> progress) {
      this.progress = progress;
    }

    @Override
    public void onStep(StepRecord step, int totalSteps) {}

    @Override
    public void onFleet(FleetStatus status) {
      if (!status.ready()) {
        heapBefore = HeapGauge.afterCollection();
        progress.accept("creating " + status.devices() + " devices");
      } else {
        devices = status.devices();
        readyMs = status.elapsedMs();
        heapReady = HeapGauge.afterCollection();
        processNanos = OS.getProcessCpuTime();
        javaNanos = javaThreadsCpu();
      }
    }

    @Override
    public void onRound(RoundRecord round, int totalRounds) {
      rounds.add(round);
      long process = OS.getProcessCpuTime();
      long java = javaThreadsCpu();
      processCpuMs.add((process - processNanos) / 1e6);
      javaCpuMs.add((java - javaNanos) / 1e6);
      processNanos = process;
      javaNanos = java;
    }

    private static long javaThreadsCpu() {
      long sum = 0;
      for (long id : THREADS.getAllThreadIds()) sum += Math.max(0, THREADS.getThreadCpuTime(id));
      return sum;
    }
  }

  /** Builds networks, each after one training step, and measures what one holds. */
  static NetworkFootprint networkFootprint(ModelSpec model, TrainTest data) {
    int count = 32;
    int[] batch = IntStream.range(0, 32).toArray();
    INDArray features = NdArrays.fromRows(data.train().x(), data.train().features(), batch);
    INDArray labels = OneHot.encode(data.train().labels(batch), model.classes());
    Networks.whole(model, -1).fit(features, labels); // first use: DL4J's and ND4J's one-time state
    long before = HeapGauge.afterCollection();
    MultiLayerNetwork[] networks = new MultiLayerNetwork[count];
    for (int i = 0; i < count; i++) {
      networks[i] = Networks.whole(model, i);
      networks[i].fit(features, labels);
    }
    long after = HeapGauge.afterCollection();
    MultiLayerNetwork one = networks[0];
    INDArray state = one.getUpdater().getStateViewArray();
    long floats = one.params().length() + one.getFlattenedGradients().length() + (state == null ? 0 : state.length());
    Reference.reachabilityFence(networks);
    return new NetworkFootprint(one.params().length(), (double) (after - before) / count, floats * Float.BYTES);
  }

  /** Fashion-MNIST when installed, else synthetic data of its shape; devices draw their own samples. */
  static Scenario scenario(Settings s, int devices) {
    boolean fashion = Files.isDirectory(IdxDataset.defaultDirectory());
    String hocon = String.join("\n",
        "name = bench-scale",
        "seed = " + s.seed(),
        "nodes { cloud { role = cloud, flops = 1 TFLOPS } }",
        "model { hidden = " + s.hidden() + ", updater = sgd, learning-rate = 0.05 }",
        fashion
            ? "data { source = idx, train-limit = " + s.train() + ", test-limit = 2000 }"
            : "data { source = synthetic, synthetic { train = " + (s.train() == 0 ? 60000 : s.train()) + ", test = 2000 } }",
        "data.sharding { scheme = dirichlet, alpha = 0.5 }",
        "workload {",
        "  type = collaborative-training, cloud = cloud",
        "  devices { count = " + devices + ", samples = " + s.samples() + " }",
        "  rounds = " + s.rounds() + ", participation = " + s.participation(),
        "  local-steps = " + s.localSteps() + ", batch-size = " + s.batchSize() + ", eval-every = 0",
        "}");
    return Benchmarks.parse(hocon, "bench-scale");
  }

  /** The model's layer widths, e.g. {@code 784-32-10}. */
  static String layers(ModelSpec model) {
    List<Integer> widths = new ArrayList<>(List.of(model.inputs()));
    widths.addAll(model.hidden());
    widths.add(model.classes());
    return String.join("-", widths.stream().map(String::valueOf).toList());
  }

  public static String describe(Settings s, Result r) {
    return String.format(Locale.ROOT,
        "%s %s (%,d parameters) on %s, %d samples per device, %s%% participation, %d local steps of %d, %d rounds",
        s.hidden().isEmpty() ? "logistic regression" : "MLP", layers(r.model()), r.network().parameters(),
        r.dataset(), s.samples(), BigDecimal.valueOf(s.participation() * 100).stripTrailingZeros().toPlainString(),
        s.localSteps(), s.batchSize(), s.rounds());
  }
}
