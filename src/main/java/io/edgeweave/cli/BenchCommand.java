package io.edgeweave.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.edgeweave.bench.ClusterBenchmark;
import io.edgeweave.bench.ClusterScaleBenchmark;
import io.edgeweave.collab.actors.CollaborativeTrainingDirector;
import java.math.BigDecimal;
import io.edgeweave.bench.CnnBenchmark;
import io.edgeweave.bench.RemoteBenchmark;
import io.edgeweave.bench.PlanBenchmark;
import io.edgeweave.bench.ScaleBenchmark;
import io.edgeweave.bench.SplitBenchmark;
import io.edgeweave.cluster.ClusterConfig;
import io.edgeweave.data.DataException;
import io.edgeweave.data.TrainTest;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.SplitTrainingSpec;
import io.edgeweave.data.Dataset;
import io.edgeweave.data.IdxDataset;
import io.edgeweave.scenario.Units;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import io.edgeweave.nn.Nd4jSetup;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edgeweave bench ...}: speed measurements whose ratios are measured in one run. */
@Command(
    name = "bench",
    description = "Benchmarks: speed measured in one process, reported as ratios.",
    footerHeading = "%nExample:%n",
    footer = "  ./edgeweave bench split",
    subcommands = {
        BenchCommand.Split.class, BenchCommand.Cnn.class, BenchCommand.Plan.class, BenchCommand.Scale.class, BenchCommand.Remote.class,
        BenchCommand.RemotePeer.class, BenchCommand.Cluster.class
    })
final class BenchCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "split",
      description = {
          "Split training against one network, per engine (dl4j: DL4J's layers; fast: nn.fast), the same model, batches"
              + " and steps. Rows: 'one network' (dl4j: MultiLayerNetwork.fit(); fast: one partition holding every"
              + " layer); 'in one thread' (the partitions chained in one thread, no actors: what cutting costs);"
              + " 'over actors' (partitions on node actors joined by link actors, as a run: what the actors cost"
              + " besides); 'micro-batches' (over actors, pipelined). Ratios are medians of the rounds' ratios, each"
              + " against the same engine's one network (the pipelined one against over actors).",
          "And a chain with link faults against the same chain without them (wall time)."},
      footerHeading = "%nExample:%n",
      footer = "  ./edgeweave bench split --steps 200 --faults none")
  static final class Split implements Callable<Integer> {
    @Option(names = "--steps", description = "Training steps per measurement (default ${DEFAULT-VALUE}).")
    int steps = 1000;

    @Option(names = "--batch", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch = 128;

    @Option(names = "--partitions", description = "Nodes the network is split over (default ${DEFAULT-VALUE}).")
    int partitions = 3;

    @Option(names = "--rounds", description = "Measured rounds, after one warm-up (default ${DEFAULT-VALUE}).")
    int rounds = 5;

    @Option(names = "--micro-batches", description = "Micro-batches of the pipelined split run (default ${DEFAULT-VALUE}).")
    int microBatches = 4;

    @Option(names = "--hidden", split = ",", description = "Hidden layer widths (default 256,128).")
    List<Integer> hidden = List.of(256, 128);

    @Option(names = "--engines", split = ",", description = "Engines measured, of dl4j,fast (default dl4j,fast).")
    List<String> engines = SplitBenchmark.ENGINES;

    @Option(
        names = "--serialize-messages",
        description = "Serialise every message of the runs over actors as if it crossed JVMs (default: off, as `run` in one JVM).")
    boolean serializeMessages;

    @Option(
        names = "--faults",
        paramLabel = "FILE|none",
        description = "Split-training scenario run each round with its link faults and without them (default ${DEFAULT-VALUE}).")
    String faults = "scenarios/faulty-chain.conf";

    @Override
    public Integer call() throws InterruptedException {
      SplitBenchmark.Settings settings;
      Optional<SplitBenchmark.Faulted> faulted = Optional.empty();
      if (!faults.equals("none")) {
        Path file = Path.of(faults);
        Scenario scenario = Inputs.scenario(file, List.of());
        if (scenario != null && !(scenario.workload() instanceof SplitTrainingSpec)) {
          System.err.println(file + ": workload.type: --faults needs a split-training scenario, got " + scenario.workload().type());
          return Main.BAD_INPUT;
        }
        TrainTest data = scenario == null ? null : Inputs.data(file, scenario);
        if (data == null) return Main.BAD_INPUT;
        faulted = Optional.of(new SplitBenchmark.Faulted(scenario, data));
      }
      try {
        if (steps < 1 || batch < 1 || rounds < 1) throw new IllegalArgumentException("--steps, --batch and --rounds must be positive");
        settings = new SplitBenchmark.Settings(
            steps, batch, partitions, microBatches, rounds, hidden, 7, engines, serializeMessages, faulted);
      } catch (IllegalArgumentException e) {
        System.err.println("bench split: " + e.getMessage());
        return Main.BAD_INPUT;
      }
      Nd4jSetup.singleThreaded();
      int cores = Runtime.getRuntime().availableProcessors();
      System.err.printf(
          Locale.ROOT,
          "bench split: MLP 784-%s-10, %d partitions (cut after layers %s, FLOPs balanced), batch %d, %d steps per"
              + " measurement; pipelining can be at most %.2fx the split on %d cores%n",
          String.join("-", hidden.stream().map(String::valueOf).toList()),
          partitions,
          settings.cuts(),
          batch,
          steps,
          settings.pipelineBound(cores),
          cores);
      SplitBenchmark.Result result = SplitBenchmark.run(settings, line -> System.err.println("  " + line));
      String speed = "%-42s %10.0f samples/s %8.0f per CPU-second%n";
      String ratio = "%-42s %10.2f%n";
      for (String engine : settings.engines()) {
        System.out.println("engine " + engine);
        row(result, engine, speed, "one network", SplitBenchmark.Speeds::whole);
        row(result, engine, speed, partitions + " partitions in one thread", SplitBenchmark.Speeds::inThread);
        row(result, engine, speed, partitions + " partitions over actors", SplitBenchmark.Speeds::split);
        row(result, engine, speed, partitions + " partitions, " + microBatches + " micro-batches", SplitBenchmark.Speeds::pipelined);
        System.out.printf(Locale.ROOT, ratio, "ratio in one thread / one network, " + engine,
            result.ratio(engine, SplitBenchmark.Speeds::inThread, SplitBenchmark.Speeds::whole));
        System.out.printf(Locale.ROOT, ratio, "ratio split / one network, " + engine,
            result.ratio(engine, SplitBenchmark.Speeds::split, SplitBenchmark.Speeds::whole));
        System.out.printf(Locale.ROOT, ratio, "ratio pipelined / split, " + engine,
            result.ratio(engine, SplitBenchmark.Speeds::pipelined, SplitBenchmark.Speeds::split));
      }
      if (faulted.isEmpty()) return Main.OK;
      String name = faulted.get().scenario().name();
      for (boolean withFaults : new boolean[] {false, true}) {
        System.out.printf(Locale.ROOT, "%-42s %10.2f s wall %6.2f s CPU%n", name + (withFaults ? " with faults" : " without faults"),
            result.faultsMedian(withFaults, m -> m.summary().wallTimeMs()) / 1000, result.faultsMedian(withFaults, SplitBenchmark.Measured::cpuMs) / 1000);
      }
      System.out.printf(Locale.ROOT, ratio, "ratio faulted / clean (median)", result.faultRatio());
      boolean same = result.faults().stream().allMatch(SplitBenchmark.FaultedPair::sameArithmetic);
      System.out.println("faulted runs end with the clean run's parameters: " + (same ? "yes" : "NO"));
      return same ? Main.OK : Main.RUN_FAILED;
    }

    /** A speed row of one engine: the medians of samples/s and of samples per CPU-second. */
    private static void row(SplitBenchmark.Result result, String engine, String format, String name,
        Function<SplitBenchmark.Speeds, SplitBenchmark.Speed> speed) {
      System.out.printf(Locale.ROOT, format, "  " + name, result.median(engine, s -> speed.apply(s).samplesPerSecond()),
          result.median(engine, s -> speed.apply(s).samplesPerCpuSecond()));
    }
  }

  @Command(
      name = "cnn",
      description = "Training speed of two small CNNs (lenet, oac-cnn) on Fashion-MNIST: DL4J's MultiLayerNetwork"
          + " against the fast path (nn.fast), and the fast path's matrix products alone.",
      footerHeading = "%nExample:%n",
      footer = "  ./edgeweave bench cnn --batch 128 --network oac-cnn")
  static final class Cnn implements Callable<Integer> {
    @Option(names = "--batch", split = ",", description = "Batch sizes (default 64,128).")
    List<Integer> batches = List.of(64, 128);

    @Option(names = "--steps", description = "Training steps per measurement (default ${DEFAULT-VALUE}).")
    int steps = 20;

    @Option(names = "--rounds", description = "Measured rounds, after one warm-up (default ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--network", split = ",", description = "Networks to measure (default lenet,oac-cnn).")
    List<String> networks = List.of("lenet", "oac-cnn");

    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST IDX directory (default ${DEFAULT-VALUE}).")
    Path data = IdxDataset.defaultDirectory();

    @Override
    public Integer call() {
      CnnBenchmark.Settings settings;
      Dataset train;
      try {
        List<CnnBenchmark.Network> chosen = networks.stream().map(BenchCommand::network).toList();
        settings = new CnnBenchmark.Settings(chosen, batches, steps, rounds, 7);
        int largest = batches.stream().mapToInt(Integer::intValue).max().orElse(1);
        train = IdxDataset.load(data, Math.max(largest * steps, 4096), 1).train();
      } catch (IllegalArgumentException | DataException e) {
        System.err.println("bench cnn: " + e.getMessage());
        return Main.BAD_INPUT;
      }
      Nd4jSetup.singleThreaded();
      System.err.printf(Locale.ROOT, "bench cnn: %d steps per measurement, %d rounds, load average %s%n", steps, rounds, CnnBenchmark.loadAverage());
      List<CnnBenchmark.Result> results = CnnBenchmark.run(settings, train, line -> System.err.println("  " + line));
      System.out.printf(Locale.ROOT, "%-8s %5s %6s %9s %9s %9s %9s %9s %9s %9s%n", "network", "batch", "MFLOP", "DL4J",
          "fast", "GEMM-only", "fast/DL4J", "DL4J cpu", "fast cpu", "GEMM cpu");
      for (CnnBenchmark.Result r : results) {
        System.out.printf(Locale.ROOT, "%-8s %5d %6.2f %9.0f %9.0f %9.0f %9.2f %9.0f %9.0f %9.0f%n", r.network().name(),
            r.batchSize(), r.network().spec().trainingFlopsPerSample() / 1e6,
            r.median(CnnBenchmark.Round::dl4j, CnnBenchmark.Speed::wall), r.median(CnnBenchmark.Round::fast, CnnBenchmark.Speed::wall),
            r.median(CnnBenchmark.Round::matrixProducts, CnnBenchmark.Speed::wall), r.ratio(),
            r.median(CnnBenchmark.Round::dl4j, CnnBenchmark.Speed::cpu), r.median(CnnBenchmark.Round::fast, CnnBenchmark.Speed::cpu),
            r.median(CnnBenchmark.Round::matrixProducts, CnnBenchmark.Speed::cpu));
      }
      System.out.println("training samples per second (wall clock; cpu: per CPU-second of the training thread), medians"
          + " over rounds; MFLOP: the fast path's matrix products per sample; load average after: " + CnnBenchmark.loadAverage());
      for (CnnBenchmark.Result r : results) {
        System.out.printf(Locale.ROOT, "fast path, %s batch %d, CPU ms per step (forward/backward):", r.network().name(), r.batchSize());
        r.fastTimes().forEach(t -> System.out.printf(Locale.ROOT, " %s %.2f/%.2f", t.layer(), t.forwardMs(), t.backwardMs()));
        System.out.println();
      }
      if (networks.contains("oac-cnn")) System.out.printf(Locale.ROOT, "ratio %.2f%n", CnnBenchmark.ratio(results, "oac-cnn"));
      return Main.OK;
    }
  }

  private static CnnBenchmark.Network network(String name) {
    return CnnBenchmark.NETWORKS.stream().filter(n -> n.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("--network: unknown network \"" + name + "\" (lenet, oac-cnn)"));
  }

  @Command(
      name = "plan",
      description = "The optimal multi-split (dynamic programme) on a large instance: a path and a graph.",
      footerHeading = "%nExample:%n",
      footer = "  ./edgeweave bench plan --blocks 100")
  static final class Plan implements Callable<Integer> {
    @Option(names = "--blocks", description = "Blocks of the chain (default ${DEFAULT-VALUE}).")
    int blocks = 100;

    @Option(names = "--nodes", description = "Nodes of the path (default ${DEFAULT-VALUE}).")
    int nodes = 20;

    @Option(names = "--rounds", description = "Measured plans, after warm-up (default ${DEFAULT-VALUE}).")
    int rounds = 200;

    @Override
    public Integer call() {
      PlanBenchmark.Settings settings;
      try {
        settings = new PlanBenchmark.Settings(blocks, nodes, rounds, 11);
      } catch (IllegalArgumentException e) {
        System.err.println("bench plan: " + e.getMessage());
        return Main.BAD_INPUT;
      }
      PlanBenchmark.Result r = PlanBenchmark.run(settings);
      System.out.printf(Locale.ROOT, "%-44s %9.3f ms (fastest %.3f ms), %d nodes compute%n",
          blocks + " blocks along a path of " + nodes + " nodes", r.path().medianMs(), r.path().fastestMs(),
          r.path().plan().placement().computeNodes().size());
      System.out.printf(Locale.ROOT, "%-44s %9.3f ms (fastest %.3f ms), %d nodes compute%n",
          blocks + " blocks over " + nodes + " nodes, " + r.graphLinks() + " links", r.graph().medianMs(),
          r.graph().fastestMs(), r.graph().plan().placement().computeNodes().size());
      return Main.OK;
    }
  }

  @Command(
      name = "scale",
      description = "Fleets of 1k, 10k and 100k edge devices in this JVM: heap per idle device, device creation"
          + " rate, round wall time; beside the memory of one DL4J network per client. With --cluster: fleets on N node"
          + " JVMs started here, as Cluster Sharding entities, against one JVM.",
      footerHeading = "%nExamples:%n",
      footer = {"  ./edgeweave bench scale", "  ./edgeweave bench scale --cluster --jvms 4 --devices 1000000 --participation 0.001"})
  static final class Scale implements Callable<Integer> {
    @Option(names = "--devices", split = ",", description = "Fleet sizes (default 1000,10000,100000).")
    List<Integer> devices = List.of(1000, 10000, 100000);

    @Option(names = "--rounds", description = "Rounds per fleet; the first is not measured (default ${DEFAULT-VALUE}).")
    int rounds = 4;

    @Option(names = "--participation", description = "Fraction of the fleet per round (default ${DEFAULT-VALUE}).")
    double participation = 0.01;

    @Option(names = "--local-steps", description = "Local steps per device and round (default ${DEFAULT-VALUE}).")
    int localSteps = 5;

    @Option(names = "--batch", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch = 32;

    @Option(names = "--samples", description = "Training samples per device (default ${DEFAULT-VALUE}).")
    int samples = 64;

    @Option(names = "--train", description = "Training samples to load (default 0: all 60,000).")
    int train;

    @Option(names = "--hidden", split = ",", description = "Hidden layer widths (default 32).")
    List<Integer> hidden = List.of(32);

    @Option(names = "--logistic", description = "Logistic regression (784-10) instead of the MLP.")
    boolean logistic;

    @Option(names = "--cluster", description = "Devices as Cluster Sharding entities on node JVMs started here, against one JVM.")
    boolean cluster;

    @Option(names = "--jvms", description = "With --cluster: node JVMs, all of role edge (default ${DEFAULT-VALUE}).")
    int jvms = 4;

    @Option(names = "--node-heap", paramLabel = "SIZE", description = "With --cluster: -Xmx of each node JVM (default ${DEFAULT-VALUE}).")
    String nodeHeap = "1536m";

    @Option(names = "--single-max", description = "With --cluster: largest fleet of the one-JVM reference (default ${DEFAULT-VALUE}).")
    int singleMax = 100000;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "With --cluster: cluster configuration of every JVM (default: $EDGEWEAVE_CLUSTER_CONFIG, else the jar's).",
        defaultValue = "${env:EDGEWEAVE_CLUSTER_CONFIG}")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
      ScaleBenchmark.Settings settings;
      ClusterScaleBenchmark.Settings onNodes;
      try {
        settings = new ScaleBenchmark.Settings(
            devices, rounds, participation, localSteps, batch, samples, train, logistic ? List.of() : hidden, 7);
        onNodes = new ClusterScaleBenchmark.Settings(jvms, nodeHeap, Optional.ofNullable(config), singleMax);
      } catch (IllegalArgumentException e) {
        System.err.println("bench scale: " + e.getMessage());
        return Main.BAD_INPUT;
      }
      Nd4jSetup.singleThreaded();
      if (cluster) return clustered(settings, onNodes);
      ScaleBenchmark.Result r = ScaleBenchmark.run(settings, line -> System.err.println("  " + line));
      System.out.println(ScaleBenchmark.describe(settings, r) + ", " + r.computeThreads() + " compute threads");
      System.out.printf(Locale.ROOT, "%9s %9s %10s %14s %11s %11s  %-25s %10s%n", "devices", "per round",
          "created/s", "heap/idle dev", "round wall", "round CPU", "CPU: training/actors/JVM", "peak heap");
      for (ScaleBenchmark.FleetResult f : r.fleets()) {
        System.out.printf(Locale.ROOT, "%9d %9d %10.0f %12.0f B %8.0f ms %8.0f ms  %-25s %6.0f MiB%n",
            f.devices(), f.perRound(), f.devicesPerSecond(), f.heapPerDeviceBytes(), f.roundWallMs(),
            f.roundCpuMs(), String.format(Locale.ROOT, "%.2f / %.2f / %.2f", f.trainingShare(), f.actorShare(),
                f.jvmShare()), f.peakHeapBytes() / 1048576.0);
      }
      ScaleBenchmark.NetworkFootprint n = r.network();
      System.out.printf(Locale.ROOT, "one DL4J network: %.0f B heap + %d B off-heap (parameters, gradients,"
          + " optimiser state) = %.0f B%n", n.heapBytes(), n.offHeapBytes(), n.totalBytes());
      for (ScaleBenchmark.FleetResult f : r.fleets()) {
        System.out.printf(Locale.ROOT, "one network per client, %d devices: %.2f GiB%n",
            f.devices(), f.devices() * n.totalBytes() / (1L << 30));
      }
      return Main.OK;
    }

    private Integer clustered(ScaleBenchmark.Settings settings, ClusterScaleBenchmark.Settings onNodes)
        throws InterruptedException {
      List<ClusterScaleBenchmark.FleetResult> results =
          ClusterScaleBenchmark.run(settings, onNodes, line -> System.err.println("  " + line));
      System.out.printf(Locale.ROOT, "%d node JVMs (-Xmx%s), devices as Cluster Sharding entities of %d devices; %s%% per"
              + " round, %d local steps of %d%n", onNodes.jvms(), onNodes.nodeHeap(),
          ConfigFactory.load().getInt(CollaborativeTrainingDirector.DEVICES_PER_ENTITY),
          BigDecimal.valueOf(settings.participation() * 100).stripTrailingZeros().toPlainString(), settings.localSteps(),
          settings.batchSize());
      System.out.printf(Locale.ROOT, "%9s %9s %10s %20s %11s %14s %16s %9s %11s %11s%n", "devices", "per round",
          "woken", "heap/idle dev (max)", "round wall", "CPU/1k upd", "one JVM (fleet)", "overhead", "msgs/round",
          "MB/round");
      for (ClusterScaleBenchmark.FleetResult f : results) {
        System.out.printf(Locale.ROOT, "%9d %9d %8.1f s %18.0f B %8.0f ms %11.0f ms %8.0f ms (%d) %8.2fx %11.0f %11.1f%n",
            f.devices(), f.perRound(), f.readyMs() / 1000, f.maxHeapPerDevice(), f.roundWallMs(),
            f.cpuMsPer1000Updates(), f.singleCpuMsPer1000Updates(), f.singleDevices(), f.overhead(),
            f.messagesPerRound(), f.bytesPerRound() / 1e6);
        f.heaps().forEach(h -> System.out.printf(Locale.ROOT, "  %s: %d devices, %.0f B heap per idle device%n",
            h.jvm(), h.devices(), h.bytesPerDevice()));
      }
      return Main.OK;
    }
  }

  @Command(
      name = "remote",
      description = "Tensor throughput and round trips between two JVMs over Artery: MB/s, wire bytes per raw float"
          + " byte, round-trip time and CPU time per tensor.",
      footerHeading = "%nExamples:%n",
      footer = {"  ./edgeweave bench remote --sizes 64KiB,1MiB", "  ./edgeweave bench remote --ping-pong --sizes 1KiB,100KiB,1MiB"})
  static final class Remote implements Callable<Integer> {
    @Option(names = "--sizes", split = ",", paramLabel = "SIZE", description = "Tensor sizes (default 64KiB,1MiB).")
    List<String> sizes = List.of("64KiB", "1MiB");

    @Option(names = "--in-flight", description = "Tensors sent and not yet acknowledged (default ${DEFAULT-VALUE}).")
    int inFlight = 8;

    @Option(names = "--seconds", description = "Measured seconds per size, after as long a warm-up (default ${DEFAULT-VALUE}).")
    double seconds = 5;

    @Option(names = "--ping-pong", description = "The peer sends each tensor back (a step's two crossings); implies --in-flight 1.")
    boolean pingPong;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "Cluster configuration for both JVMs, e.g. cluster-config/tls.conf to measure TLS (default: the jar's).")
    Path config;

    @Override
    public Integer call() throws Exception {
      RemoteBenchmark.Settings settings;
      Config jvm;
      try {
        List<Integer> bytes = sizes.stream().map(BenchCommand::bytes).toList();
        if (seconds <= 0) throw new IllegalArgumentException("--seconds must be positive");
        if (pingPong) inFlight = 1;
        settings = new RemoteBenchmark.Settings(bytes, inFlight, Duration.ofMillis((long) (seconds * 1000)), pingPong);
        jvm = benchConfig(config);
      } catch (IllegalArgumentException e) {
        System.err.println("bench remote: " + e.getMessage());
        return Main.BAD_INPUT;
      }
      System.err.printf(Locale.ROOT, "bench remote: two JVMs on 127.0.0.1, %d in flight%s, %.1f s per size, load average %s%n",
          inFlight, pingPong ? ", sent back" : "", seconds, CnnBenchmark.loadAverage());
      List<RemoteBenchmark.Result> results = RemoteBenchmark.run(settings, jvm, config, line -> System.err.println("  " + line));
      System.out.printf(Locale.ROOT, "%-10s %10s %12s %10s %14s %10s %8s %8s %10s%n", "tensor", "in flight", "tensors/s",
          "MB/s", "MB/CPU-s", "wire/raw", "RTT ms", "p90 ms", "CPU ms");
      for (RemoteBenchmark.Result r : results) {
        System.out.printf(
            Locale.ROOT, "%-10s %10d %12.0f %10.1f %14.1f %10.4f %8.3f %8.3f %10.3f%n", Units.bytes(r.bytes()), inFlight,
            r.tensorsPerSecond(), r.megabytesPerSecond(), r.megabytesPerCpuSecond(), r.wireOverRaw(), r.roundTripMs(),
            r.roundTripP90Ms(), r.cpuMsPerTensor());
      }
      System.out.println("MB/CPU-s: raw megabytes per CPU second of the busier JVM (sender or receiver); RTT: send to"
          + " answer, median and 90th percentile; CPU ms: both JVMs' CPU time per tensor (JIT compilers left out)");
      return Main.OK;
    }
  }

  @Command(
      name = "cluster",
      description = "What a cluster costs in wall time: one scenario in this JVM and on node JVMs of this machine"
          + " (started and stopped here, on 127.0.0.1), alternately; the last line is the ratio of the medians.",
      footerHeading = "%nExample:%n",
      footer = "  ./edgeweave bench cluster scenarios/quickstart.conf --jvms 3 --rounds 3")
  static final class Cluster implements Callable<Integer> {
    @CommandLine.Parameters(
        paramLabel = "FILE", arity = "0..1", description = "Scenario file (default ${DEFAULT-VALUE}).")
    Path file = Path.of("scenarios/quickstart.conf");

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a scenario key, e.g. workload.steps=100.")
    List<String> overrides = List.of();

    @Option(names = "--jvms", description = "Node JVMs: one cloud JVM, the others edge (default ${DEFAULT-VALUE}).")
    int jvms = 3;

    @Option(names = "--rounds", description = "Pairs of runs, one JVM then the cluster (default ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--node-heap", paramLabel = "SIZE", description = "-Xmx of each node JVM (default ${DEFAULT-VALUE}).")
    String nodeHeap = "512m";

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "Cluster configuration of every JVM (default: $EDGEWEAVE_CLUSTER_CONFIG, else the jar's).",
        defaultValue = "${env:EDGEWEAVE_CLUSTER_CONFIG}")
    Path config;

    @Override
    public Integer call() throws Exception {
      Scenario scenario = Inputs.scenario(file, overrides);
      TrainTest data = scenario == null ? null : Inputs.data(file, scenario);
      if (data == null) return Main.BAD_INPUT;
      ClusterBenchmark.Settings settings;
      try {
        settings = new ClusterBenchmark.Settings(jvms, rounds, nodeHeap, Optional.ofNullable(config));
      } catch (IllegalArgumentException e) {
        System.err.println("bench cluster: " + e.getMessage());
        return Main.BAD_INPUT;
      }
      Nd4jSetup.singleThreaded();
      System.err.printf(Locale.ROOT, "bench cluster: %s, %d rounds, %d node JVMs, load average %s%n", file, rounds, jvms,
          CnnBenchmark.loadAverage());
      ClusterBenchmark.Result r = ClusterBenchmark.run(scenario, data, settings, line -> System.err.println("  " + line));
      System.out.printf(Locale.ROOT, "%-6s %9s %9s %11s %11s %9s %9s  %s%n", "round", "1 JVM", jvms + " JVMs",
          "1 JVM steps", jvms + " JVMs steps", "1 JVM CPU", jvms + " JVMs CPU", "same result");
      for (int i = 0; i < r.pairs().size(); i++) {
        ClusterBenchmark.Pair p = r.pairs().get(i);
        System.out.printf(Locale.ROOT, "%-6d %9.2f %9.2f %11.2f %11.2f %9.2f %9.2f  %s%n", i + 1,
            p.single().wallMs() / 1000, p.cluster().wallMs() / 1000, p.single().stepsWallMs() / 1000,
            p.cluster().stepsWallMs() / 1000, p.single().cpuMs() / 1000, p.cluster().cpuMs() / 1000,
            p.sameResult() ? "yes" : "NO");
      }
      System.out.println("seconds: the run's wall time (deployment included), its steps' wall time, CPU time of every JVM");
      System.out.println("placement: " + String.join(", ", r.placement()) + "; load average after: " + CnnBenchmark.loadAverage());
      System.out.printf(Locale.ROOT, "median wall time: one JVM %.2f s, %d JVMs %.2f s%n", r.singleMedianMs() / 1000, jvms,
          r.clusterMedianMs() / 1000);
      System.out.printf(Locale.ROOT, "ratio %.2f%n", r.ratio());
      return r.pairs().stream().allMatch(ClusterBenchmark.Pair::sameResult) ? Main.OK : Main.RUN_FAILED;
    }
  }

  /** The other JVM of {@code bench remote}: a sink that acknowledges every tensor; prints its address. */
  @Command(name = "remote-peer", hidden = true)
  static final class RemotePeer implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
      ActorSystem<Void> system =
          ActorSystem.create(
              RemoteBenchmark.peer(address -> {
                System.out.println(address);
                System.out.flush();
              }),
              RemoteBenchmark.SYSTEM,
              benchConfig(config));
      system.getWhenTerminated().toCompletableFuture().join();
      return Main.OK;
    }
  }

  /** Both JVMs of {@code bench remote}: remoting without a cluster, on 127.0.0.1, any free port. */
  static Config benchConfig(Path file) {
    return ClusterConfig.load(
        new ClusterConfig.Flags(
            Optional.ofNullable(file), Optional.of("127.0.0.1"), Optional.of(0), Optional.empty(), Optional.empty(),
            List.of(), Map.of("pekko.actor.provider", "remote")));
  }

  private static int bytes(String size) {
    try {
      long n = ConfigFactory.parseString("b = " + size).getBytes("b");
      return Math.toIntExact(n);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--sizes: expected sizes like 64KiB or 1MiB, got \"" + size + "\"");
    }
  }
}
