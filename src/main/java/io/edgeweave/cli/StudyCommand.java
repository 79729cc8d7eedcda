package io.edgeweave.cli;

import io.edgeweave.data.TrainTest;
import io.edgeweave.genai.FineTuneReport;
import io.edgeweave.genai.FineTuneStudy;
import io.edgeweave.genai.GenAiSetup;
import io.edgeweave.genai.QualityJudge;
import io.edgeweave.genai.Referee;
import io.edgeweave.metrics.AtomicFiles;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.scenario.GenAiSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.SweepSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edgeweave study ...}: experiments over seeds that a single run cannot answer. */
@Command(
    name = "study",
    description = "Studies: one question, several seeds, a table of means ± sd.",
    footerHeading = "%nExample:%n",
    footer = "  ./edgeweave study genai-fine-tune scenarios/genai-fashion.conf --seeds 5,6,7",
    subcommands = {StudyCommand.GenAiFineTune.class})
final class StudyCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(
      name = "genai-fine-tune",
      description = "How the cloud's training of the assembled genai model (parts tuned, learning rate, epochs, generated"
          + " images) changes image quality, over seeds; and how much the Fréchet distance moves with the draw.",
      footerHeading = "%nExample:%n",
      footer = "  ./edgeweave study genai-fine-tune scenarios/genai-quick.conf --seeds 1,2,3"
          + " --variant name=slow,tune=experts+gate,lr=1e-4")
  static final class GenAiFineTune implements Callable<Integer> {
    private static final String NAME = "study genai-fine-tune";

    @Parameters(paramLabel = "FILE", description = "A genai scenario: its edges, data and assembly settings.")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a scenario key, e.g. workload.assembly.samples=4000.")
    List<String> overrides = List.of();

    @Option(names = "--seeds", paramLabel = "N|S,S...",
        description = "N seeds (the scenario's seed and the next N-1) or the seeds listed, each a whole study (default: 3).")
    String seeds = "3";

    @Option(names = "--variant", paramLabel = "K=V,...", description = "A variant instead of the defaults (repeatable):"
        + " name=N,tune=gate+projections+encoders+decoders|experts|all,lr=R,epochs=E,samples=S; absent keys: the scenario's assembly.")
    List<String> variants = List.of();

    @Option(names = "--samples-per-class", description = "Images judged per class (default: the scenario's quality.samples-per-class).")
    Integer samplesPerClass;

    @Option(names = "--resamples", description = "Bootstrap resamples of an FD interval (default ${DEFAULT-VALUE}).")
    int resamples = 200;

    @Option(names = "--spread", split = ",", paramLabel = "N", description = "Images per class of the FD-spread draws on the first seed (default 50,100,200,400,800).")
    List<Integer> spread = List.of(50, 100, 200, 400, 800);

    @Option(names = "--draws", description = "Draws per FD-spread size; 0 skips the spread (default ${DEFAULT-VALUE}).")
    int draws = 5;

    @Option(names = "--parallel", description = "Seeds studied at once, one thread each (default ${DEFAULT-VALUE}).")
    int parallel = 1;

    @Option(names = "--out", paramLabel = "DIR", description = "Study folder (default: <output.directory>/<name>-fine-tune-study).")
    Path out;

    @Override
    public Integer call() {
      Scenario scenario = Inputs.scenario(file, overrides);
      if (scenario == null) return Main.BAD_INPUT;
      if (!(scenario.workload() instanceof GenAiSpec spec)) {
        System.err.println(file + ": workload.type: the fine-tuning study needs a genai scenario, got " + scenario.workload().type());
        return Main.BAD_INPUT;
      }
      FineTuneStudy.Settings settings;
      try {
        List<FineTuneStudy.Variant> chosen = new ArrayList<>();
        for (String v : variants) {
          try {
            chosen.add(FineTuneStudy.Variant.parse(v, spec.assembly()));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--variant \"" + v + "\": " + e.getMessage());
          }
        }
        List<Long> studied;
        try {
          studied = SweepSpec.Seeds.parse(seeds).of(scenario.seed());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--seeds: " + e.getMessage());
        }
        settings = new FineTuneStudy.Settings(studied, chosen.isEmpty() ? FineTuneStudy.defaultVariants(spec.assembly()) : chosen,
            samplesPerClass != null ? samplesPerClass : spec.quality().samplesPerClass(), resamples,
            Math.max(1, spec.assembly().samples() / 4), 2000, spread, draws);
      } catch (IllegalArgumentException e) {
        System.err.println(NAME + ": " + e.getMessage());
        return Main.BAD_INPUT;
      }
      TrainTest data = Inputs.data(file, scenario);
      if (data == null) return Main.BAD_INPUT;
      if (parallel < 1) {
        System.err.println(NAME + ": --parallel must be positive, got " + parallel);
        return Main.BAD_INPUT;
      }
      Path folder = OutputFolder.create(NAME,
          out != null ? out : scenario.output().directory().resolve(scenario.name() + "-fine-tune-study"));
      if (folder == null) return Main.BAD_INPUT;
      Nd4jSetup.singleThreaded();
      long started = System.nanoTime();
      // One referee for every seed (the scenario's): the ruler stays the same while the system under study varies.
      Referee referee = GenAiSetup.referee(spec.quality(), data.train(), data.test(), scenario.seed(),
          scenario.output().directory().resolve("cache"));
      System.err.printf(Locale.ROOT, "%s: referee test accuracy %.3f%s; %d variants, seeds %s%n", NAME, referee.testAccuracy(),
          referee.fromCache() ? " (cached)" : "", settings.variants().size(), settings.seeds());
      QualityJudge judge = new QualityJudge(referee, data.test());
      String reference = settings.variants().get(0).name();
      Map<Long, List<FineTuneStudy.Row>> rowsBySeed = new TreeMap<>();
      Map<Long, List<FineTuneStudy.Spread>> spreadsBySeed = new TreeMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(parallel);
      List<Future<?>> done = new ArrayList<>();
      for (long seed : settings.seeds()) {
        done.add(pool.submit(() -> {
          FineTuneStudy.runSeed(spec, scenario.data(), data, judge, seed, settings, seed == settings.seeds().get(0) && draws > 0,
              line -> System.err.printf(Locale.ROOT, "  [%.0f s] %s%n", (System.nanoTime() - started) / 1e9, line), row -> {
                System.err.printf(Locale.ROOT, "    seed %d, %s epoch %d: FD %.2f, fidelity %.3f, held-out loss %.1f, test loss %.1f%n",
                    seed, row.variant(), row.epoch(), row.frechet(), row.fidelity(), row.heldOutLoss(), row.testLoss());
                synchronized (rowsBySeed) {
                  rowsBySeed.computeIfAbsent(seed, k -> new ArrayList<>()).add(row);
                  write(folder, flat(rowsBySeed), flat(spreadsBySeed), reference, spec, settings, scenario);
                }
              }, spread -> {
                synchronized (rowsBySeed) {
                  spreadsBySeed.computeIfAbsent(seed, k -> new ArrayList<>()).add(spread);
                  write(folder, flat(rowsBySeed), flat(spreadsBySeed), reference, spec, settings, scenario);
                }
              });
          return null;
        }));
      }
      pool.shutdown();
      try {
        for (Future<?> f : done) f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Main.RUN_FAILED;
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
      } finally {
        pool.shutdownNow();
      }
      List<FineTuneStudy.Row> rows = flat(rowsBySeed);
      System.out.print(FineTuneReport.table(rows, reference, spec.assembly().epochs()));
      System.out.printf(Locale.ROOT, "written to %s in %.0f s%n", folder, (System.nanoTime() - started) / 1e9);
      return Main.OK;
    }

    private static <T> List<T> flat(Map<Long, List<T>> bySeed) {
      return bySeed.values().stream().flatMap(List::stream).toList();
    }

    /** Writes the study so far (after every judgement: a study stopped early keeps what it measured). */
    private static void write(Path folder, List<FineTuneStudy.Row> rows, List<FineTuneStudy.Spread> spreads, String reference,
        GenAiSpec spec, FineTuneStudy.Settings settings, Scenario scenario) {
      try {
        AtomicFiles.write(folder.resolve("study.csv"), FineTuneReport.rowsCsv(rows).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(folder.resolve("fd-spread.csv"), FineTuneReport.spreadCsv(spreads).getBytes(StandardCharsets.UTF_8));
      String md = "# GenAI fine-tuning study: " + scenario.name() + "\n\n"
          + "Seeds " + settings.seeds() + "; " + settings.samplesPerClass() + " images judged per class; bootstrap "
          + settings.resamples() + " resamples; the scenario trains " + spec.assembly().epochs() + " epochs on "
          + spec.assembly().samples() + " generated images. Figures: mean ± sd (n seeds).\n\n"
          + FineTuneReport.table(rows, reference, spec.assembly().epochs())
          + "\n## Fréchet distance after each epoch (mean over seeds; epoch 0: the assembled model untrained)\n\n"
          + FineTuneReport.epochTable(rows)
          + (spreads.isEmpty() ? "" : "\n## How much the Fréchet distance moves with the draw\n\n" + FineTuneReport.spreadTable(spreads));
        AtomicFiles.write(folder.resolve("study.md"), md.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(folder + ": " + OutputFolder.reason(e), e);
      }
    }
  }
}
