package io.edgeweave.sweep;

import com.typesafe.config.ConfigFactory;
import io.edgeweave.cluster.LocalRun;
import io.edgeweave.data.Datasets;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.runtime.RunControl;
import io.edgeweave.scenario.DataSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import io.edgeweave.scenario.ScenarioLoader.SweepRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs every run of a sweep one after the other in this JVM, each in its own one-node cluster and run
 * folder ({@code runs/NNN-labels/}, NNN the point's number, {@code -sS} added for a seed S other than the point's
 * own), and records each in {@code sweep.csv} as soon as it ends, with {@code summary.csv} (the spread over seeds
 * of each point). Runs already in the folder's {@code sweep.csv} (same labels and seed) are not run again, so an
 * interrupted sweep resumes where it stopped.
 * Datasets are loaded once per distinct data specification.
 *
 * <p>A stop asked for through the {@link RunControl} stops the run in flight cleanly and
 * no other starts; a run that did not end is not recorded. Run again, the sweep continues such a run from its
 * checkpoints if it left any, else runs it anew.
 */
public final class SweepRunner {
  private SweepRunner() {}

  /** The label columns of a sweep's CSV: its axes, then the baseline label. */
  public static List<String> labelColumns(ScenarioLoader.LoadedSweep sweep) {
    List<String> columns = new ArrayList<>();
    sweep.spec().axes().forEach(a -> columns.add(a.name()));
    columns.add(ScenarioLoader.BASELINE);
    return columns;
  }

  /** The rows of every run, in the sweep's order; only of the runs that ended if {@code control} stopped it. */
  public static List<SweepRow> run(
      ScenarioLoader.LoadedSweep sweep, Path directory, Consumer<String> progress, RunControl control)
      throws IOException, InterruptedException {
    Path csv = directory.resolve("sweep.csv");
    List<String> columns = labelColumns(sweep);
    Map<Map<String, String>, Long> pointSeeds = new HashMap<>();
    Set<List<Object>> inSweep = new HashSet<>();
    for (SweepRun r : sweep.runs()) {
      pointSeeds.put(r.labels(), r.pointSeed());
      inSweep.add(key(r.labels(), r.seed()));
    }
    Map<List<Object>, SweepRow> done = new LinkedHashMap<>();
    for (SweepRow row : SweepCsv.read(csv, columns, labels -> pointSeeds.getOrDefault(labels, 0L))) {
      done.put(key(row.labels(), row.seed()), row);
    }
    List<SweepRow> rows = new ArrayList<>();
    Map<Object, TrainTest> datasets = new HashMap<>();
    int total = sweep.runs().size();
    for (int i = 0; i < total && control.interruption().isEmpty(); i++) {
      SweepRun run = sweep.runs().get(i);
      String name = describe(run.labels()) + (sweep.spec().seeds().size() > 1 ? " seed=" + run.seed() : "");
      SweepRow previous = done.get(key(run.labels(), run.seed()));
      if (previous != null) {
        rows.add(previous);
        progress.accept(String.format(Locale.ROOT, "[%d/%d] %s: done before, kept", i + 1, total, name));
        continue;
      }
      Scenario scenario = run.scenario();
      TrainTest data = datasets.computeIfAbsent(dataKey(scenario), k -> Datasets.load(scenario.data(), scenario.model(), scenario.seed()));
      String folder = String.format(Locale.ROOT, "runs/%03d-%s%s", run.point(), slug(run.labels()),
          run.seed() == run.pointSeed() ? "" : "-s" + run.seed());
      Path runDirectory = directory.resolve(folder);
      Files.createDirectories(runDirectory);
      boolean resume = Files.isDirectory(runDirectory.resolve("checkpoints"));
      if (resume) progress.accept(String.format(Locale.ROOT, "[%d/%d] %s: resuming from its checkpoints", i + 1, total, name));
      long start = System.nanoTime();
      RunSummary summary =
          LocalRun.run(scenario, data, runDirectory, (step, steps) -> {}, ConfigFactory.empty(), control, resume).summary();
      if (summary.status() == RunStatus.INTERRUPTED) {
        progress.accept(String.format(Locale.ROOT, "[%d/%d] %s: %s", i + 1, total, name, summary.error()));
        break;
      }
      SweepRow row = SweepRow.of(run.labels(), run.seed(), summary, scenario.workload(), folder);
      rows.add(row);
      List<SweepRow> written = withKept(rows, done.values());
      SweepCsv.write(csv, columns, written);
      SweepSummary.write(directory.resolve("summary.csv"), columns, inSweep(written, inSweep));
      progress.accept(String.format(Locale.ROOT, "[%d/%d] %s: %s, test accuracy %.4f, %.2f channel uses/sample (%.0f s)",
          i + 1, total, name, summary.status() == RunStatus.COMPLETED ? "completed" : "failed: " + summary.error(),
          row.metric("test_accuracy"), row.metric("channel_uses_per_sample"), (System.nanoTime() - start) / 1e9));
    }
    List<SweepRow> all = inSweep(withKept(rows, done.values()), inSweep);
    if (!all.isEmpty()) SweepSummary.write(directory.resolve("summary.csv"), columns, all);
    return rows;
  }

  /** The rows of this sweep so far, then the rows of the folder's earlier {@code sweep.csv} not among them. */
  private static List<SweepRow> withKept(List<SweepRow> rows, Collection<SweepRow> kept) {
    List<SweepRow> all = new ArrayList<>(rows);
    kept.stream().filter(r -> !rows.contains(r)).forEach(all::add);
    return all;
  }

  /** The rows of runs of this sweep (a folder may keep runs of other seeds, from an earlier sweep). */
  private static List<SweepRow> inSweep(List<SweepRow> rows, Set<List<Object>> keys) {
    return rows.stream().filter(r -> keys.contains(key(r.labels(), r.seed()))).toList();
  }

  /** What a finished run is known by in {@code sweep.csv}: its labels and seed. */
  private static List<Object> key(Map<String, String> labels, long seed) {
    return List.of(labels, seed);
  }

  /** Runs share a dataset when they read the same data (synthetic data also depends on the seed and shape). */
  private static Object dataKey(Scenario s) {
    DataSpec d = s.data();
    return d.source() == DataSpec.DataSource.IDX
        ? List.of(d)
        : List.of(d, s.seed(), s.model().inputs(), s.model().classes());
  }

  static String describe(Map<String, String> labels) {
    return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }

  private static String slug(Map<String, String> labels) {
    String joined = String.join("-", labels.values()).toLowerCase(Locale.ROOT);
    return joined.replaceAll("[^a-z0-9.]+", "-").replaceAll("^-|-$", "");
  }
}
