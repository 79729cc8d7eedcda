package io.edgeweave.cli;

import io.edgeweave.bench.PlanBenchmark;
import io.edgeweave.bench.SplitBenchmark;
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
    subcommands = {BenchCommand.Split.class, BenchCommand.Plan.class})
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

  @Command(name = "plan", description = "The optimal multi-split (dynamic programme) on a large instance: a path and a graph.")
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
}
