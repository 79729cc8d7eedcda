package io.edgeweave.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.edgeweave.bench.RemoteBenchmark;
import io.edgeweave.bench.SplitBenchmark;
import io.edgeweave.cluster.ClusterConfig;
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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edgeweave bench ...}: speed measurements whose ratios are measured in one run. */
@Command(
    name = "bench",
    description = "Benchmarks: speed measured in one process, reported as ratios.",
    subcommands = {BenchCommand.Split.class, BenchCommand.Remote.class, BenchCommand.RemotePeer.class})
final class BenchCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "split",
      description = "Split training over actors (serialisation on) against one DL4J network fit().")
  static final class Split implements Callable<Integer> {
    @Option(names = "--steps", description = "Training steps per measurement (default ${DEFAULT-VALUE}).")
    int steps = 1000;

    @Option(names = "--batch", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch = 128;

    @Option(names = "--partitions", description = "Nodes the network is split over (default ${DEFAULT-VALUE}).")
    int partitions = 3;

    @Option(names = "--rounds", description = "Measured rounds, after one warm-up (default ${DEFAULT-VALUE}).")
    int rounds = 5;

    @Option(names = "--hidden", split = ",", description = "Hidden layer widths (default 256,128).")
    List<Integer> hidden = List.of(256, 128);

    @Override
    public Integer call() throws InterruptedException {
      SplitBenchmark.Settings settings;
      try {
        if (steps < 1 || batch < 1 || rounds < 1) throw new IllegalArgumentException("--steps, --batch and --rounds must be positive");
        settings = new SplitBenchmark.Settings(steps, batch, partitions, rounds, hidden, 7);
      } catch (IllegalArgumentException e) {
        System.err.println("bench split: " + e.getMessage());
        return Main.BAD_INPUT;
      }
      Nd4jSetup.singleThreaded();
      System.err.printf(
          Locale.ROOT,
          "bench split: MLP 784-%s-10, %d partitions, batch %d, %d steps per measurement%n",
          String.join("-", hidden.stream().map(String::valueOf).toList()),
          partitions,
          batch,
          steps);
      SplitBenchmark.Result result = SplitBenchmark.run(settings, line -> System.err.println("  " + line));
      System.out.printf(Locale.ROOT, "%-34s %10.0f samples/s%n", "one network, fit()", result.wholeMedian());
      System.out.printf(
          Locale.ROOT, "%-34s %10.0f samples/s%n", partitions + " partitions over actors", result.splitMedian());
      System.out.printf(Locale.ROOT, "%-34s %10.2f%n", "ratio split / one network (median)", result.ratio());
      return Main.OK;
    }
  }

  @Command(
      name = "remote",
      description = "Tensor throughput between two JVMs over Artery: MB/s and wire bytes per raw float byte.")
  static final class Remote implements Callable<Integer> {
    @Option(names = "--sizes", split = ",", paramLabel = "SIZE", description = "Tensor sizes (default 64KiB,1MiB).")
    List<String> sizes = List.of("64KiB", "1MiB");

    @Option(names = "--in-flight", description = "Tensors sent and not yet acknowledged (default ${DEFAULT-VALUE}).")
    int inFlight = 8;

    @Option(names = "--seconds", description = "Measured seconds per size, after as long a warm-up (default ${DEFAULT-VALUE}).")
    double seconds = 5;

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
        settings = new RemoteBenchmark.Settings(bytes, inFlight, Duration.ofMillis((long) (seconds * 1000)));
        jvm = benchConfig(config);
      } catch (IllegalArgumentException e) {
        System.err.println("bench remote: " + e.getMessage());
        return Main.BAD_INPUT;
      }
      System.err.printf(Locale.ROOT, "bench remote: two JVMs on 127.0.0.1, %d in flight, %.1f s per size%n", inFlight, seconds);
      List<RemoteBenchmark.Result> results = RemoteBenchmark.run(settings, jvm, config, line -> System.err.println("  " + line));
      System.out.printf(Locale.ROOT, "%-10s %10s %12s %10s %10s%n", "tensor", "in flight", "tensors/s", "MB/s", "wire/raw");
      for (RemoteBenchmark.Result r : results) {
        System.out.printf(
            Locale.ROOT, "%-10s %10d %12.0f %10.1f %10.4f%n", Units.bytes(r.bytes()), inFlight, r.tensorsPerSecond(),
            r.megabytesPerSecond(), r.wireOverRaw());
      }
      return Main.OK;
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
