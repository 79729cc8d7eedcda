package io.edgeweave.cli;

import io.edgeweave.data.DataException;
import io.edgeweave.metrics.AtomicFiles;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.runtime.RunControl;
import io.edgeweave.scenario.ScenarioException;
import io.edgeweave.scenario.ScenarioLoader;
import io.edgeweave.scenario.SweepSpec;
import io.edgeweave.sweep.SweepChart;
import io.edgeweave.sweep.SweepRow;
import io.edgeweave.sweep.SweepRunner;
import io.edgeweave.sweep.SweepTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edgeweave sweep FILE}: runs a scenario over the grid of its sweep block, each run once per seed, up to
 * {@code --jobs} at once; resumes an interrupted sweep. SIGINT or SIGTERM stops it cleanly: the runs in flight stop,
 * {@code sweep.csv} keeps the runs done, exit 130 or 143.
 */
@Command(
    name = "sweep",
    description = "Run a scenario over the grid of its sweep block; write sweep.csv, summary.csv, sweep.md and SVG charts.",
    footerHeading = "%nExample:%n",
    footer = {"  ./edgeweave sweep scenarios/oac-vs-digital.conf",
        "  ./edgeweave sweep scenarios/oac-snr-sweep.conf --seeds 3 --jobs 2"})
final class SweepCommand implements Callable<Integer> {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  @Parameters(paramLabel = "FILE", description = "Sweep file: a scenario with a sweep block (HOCON).")
  Path file;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a key of every run, e.g. workload.steps=50.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--seeds", paramLabel = "N|S,S...",
      description = "Repeat every run over N seeds (the scenario's seed and the next N-1) or over the seeds listed;"
          + " replaces sweep.seeds.")
  String seeds;

  @Option(names = "--jobs", paramLabel = "N", defaultValue = "1",
      description = "Run up to N runs at once in this JVM (default ${DEFAULT-VALUE}); results do not depend on it.")
  int jobs;

  @Option(names = "--out", paramLabel = "DIR", description = "Sweep folder; an existing one resumes (default: <output.directory>/<name>-sweep-<time>).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (jobs < 1) {
      System.err.println("sweep: --jobs: must be at least 1, got " + jobs);
      return Main.BAD_INPUT;
    }
    SweepSpec.Seeds given = null;
    if (seeds != null) {
      try {
        given = SweepSpec.Seeds.parse(seeds);
      } catch (IllegalArgumentException e) {
        System.err.println("sweep: --seeds: " + e.getMessage());
        return Main.BAD_INPUT;
      }
    }
    ScenarioLoader.LoadedSweep sweep;
    try {
      sweep = ScenarioLoader.loadSweep(file, overrides, given);
    } catch (ScenarioException e) {
      e.problems().forEach(System.err::println);
      return Main.BAD_INPUT;
    }
    var first = sweep.runs().get(0).scenario();
    Path directory = out != null ? out : first.output().directory().resolve(first.name() + "-sweep-" + LocalDateTime.now().format(STAMP));
    if (OutputFolder.create("sweep", directory) == null) return Main.BAD_INPUT;
    Files.copy(file, directory.resolve("sweep.conf"), StandardCopyOption.REPLACE_EXISTING);
    int seedCount = sweep.spec().seeds().size();
    System.err.printf("sweep %s: %d runs%s into %s%n", first.name(), sweep.runs().size(),
        seedCount > 1 ? " (" + sweep.runs().size() / seedCount + " points x " + seedCount + " seeds)" : "", directory);
    Nd4jSetup.singleThreaded();
    List<SweepRow> rows;
    RunControl control = new RunControl();
    StopSignals signals = StopSignals.install(control, System.err,
        "stopping the sweep: the runs in flight stop and are not recorded, the same command resumes them");
    try {
      rows = SweepRunner.run(sweep, directory, System.err::println, control, jobs);
    } catch (DataException e) {
      System.err.println(file + ": data: " + e.getMessage());
      return Main.BAD_INPUT;
    } finally {
      signals.close();
    }
    if (control.interruption().isPresent()) {
      String options = String.join("", overrides.stream().map(o -> " --set " + o).toList())
          + (seeds == null ? "" : " --seeds " + seeds.replace(" ", ""));
      System.err.printf("edgeweave: sweep stopped by %s with %d of %d runs done; resume with: ./edgeweave sweep %s%s --out %s%n",
          control.interruption().get(), rows.size(), sweep.runs().size(), file, options, directory);
      return signals.exitCode();
    }
    if (sweep.spec().table() != null) {
      String table = SweepTable.markdown(sweep.spec().table(), rows);
      AtomicFiles.write(directory.resolve("sweep.md"), table.getBytes(StandardCharsets.UTF_8));
      System.out.print(table);
    }
    if (sweep.spec().chart() != null) {
      for (Path chart : SweepChart.write(sweep.spec().chart(), rows, directory)) System.out.println("chart   " + chart);
    }
    System.out.println("results " + directory.resolve("sweep.csv"));
    System.out.println("summary " + directory.resolve("summary.csv"));
    return rows.stream().allMatch(r -> r.status() == RunStatus.COMPLETED) ? Main.OK : Main.RUN_FAILED;
  }
}
