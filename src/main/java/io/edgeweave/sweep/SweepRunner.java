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
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
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

  /** {@link #run(ScenarioLoader.LoadedSweep, Path, Consumer, RunControl, int)} one run at a time. */
  public static List<SweepRow> run(
      ScenarioLoader.LoadedSweep sweep, Path directory, Consumer<String> progress, RunControl control)
      throws IOException, InterruptedException {
    return run(sweep, directory, progress, control, 1);
  }

  /**
   * The rows of every run, in the sweep's order; only of the runs that ended if {@code control} stopped it.
   *
   * @param jobs how many runs at most run at once, each in its own cluster (from a pool of threads, in the sweep's
   *     order); a run's result does not depend on it
   */
  public static List<SweepRow> run(
      ScenarioLoader.LoadedSweep sweep, Path directory, Consumer<String> progress, RunControl control, int jobs)
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
    int total = sweep.runs().size();
    SweepRow[] results = new SweepRow[total];
    Consumer<String> say = line -> {
      synchronized (results) {
        progress.accept(line);
      }
    };
    Map<Object, TrainTest> datasets = new ConcurrentHashMap<>();
    AtomicBoolean failed = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> new Thread(r, "sweep-run"));
    List<Future<?>> started = new ArrayList<>();
    try {
      for (int i = 0; i < total; i++) {
        SweepRun run = sweep.runs().get(i);
        String name = String.format(Locale.ROOT, "[%d/%d] %s%s", i + 1, total, describe(run.labels()),
            sweep.spec().seeds().size() > 1 ? " seed=" + run.seed() : "");
        SweepRow previous = done.get(key(run.labels(), run.seed()));
        if (previous != null) {
          results[i] = previous;
          say.accept(name + ": done before, kept");
          continue;
        }
        int index = i;
        started.add(pool.submit(() -> {
          if (control.interruption().isPresent() || failed.get()) return null;
          try {
            SweepRow row = runOne(run, directory, datasets, control, say, name);
            if (row == null) return null;
            synchronized (results) {
              results[index] = row;
              List<SweepRow> written = withKept(rowsOf(results), done.values());
              SweepCsv.write(csv, columns, written);
              SweepSummary.write(directory.resolve("summary.csv"), columns, inSweep(written, inSweep));
            }
            return null;
          } catch (Exception | Error e) {
            failed.set(true);
            throw e;
          }
        }));
      }
      await(started);
    } finally {
      pool.shutdown();
    }
    List<SweepRow> rows = rowsOf(results);
    List<SweepRow> all = inSweep(withKept(rows, done.values()), inSweep);
    if (!all.isEmpty()) SweepSummary.write(directory.resolve("summary.csv"), columns, all);
    return rows;
  }

  /** Runs one run of the sweep in its folder; its row, or null if it was stopped. */
  private static SweepRow runOne(SweepRun run, Path directory, Map<Object, TrainTest> datasets, RunControl control,
      Consumer<String> say, String name) throws IOException, InterruptedException {
    Scenario scenario = run.scenario();
    TrainTest data = datasets.computeIfAbsent(dataKey(scenario), k -> Datasets.load(scenario.data(), scenario.model(), scenario.seed()));
    String folder = String.format(Locale.ROOT, "runs/%03d-%s%s", run.point(), slug(run.labels()),
        run.seed() == run.pointSeed() ? "" : "-s" + run.seed());
    Path runDirectory = directory.resolve(folder);
    Files.createDirectories(runDirectory);
    boolean resume = Files.isDirectory(runDirectory.resolve("checkpoints"));
    if (resume) say.accept(name + ": resuming from its checkpoints");
    long start = System.nanoTime();
    RunSummary summary =
        LocalRun.run(scenario, data, runDirectory, (step, steps) -> {}, ConfigFactory.empty(), control, resume).summary();
    if (summary.status() == RunStatus.INTERRUPTED) {
      say.accept(name + ": " + summary.error());
      return null;
    }
    SweepRow row = SweepRow.of(run.labels(), run.seed(), summary, scenario.workload(), folder);
    say.accept(String.format(Locale.ROOT, "%s: %s, test accuracy %.4f, %.2f channel uses/sample (%.0f s)",
        name, summary.status() == RunStatus.COMPLETED ? "completed" : "failed: " + summary.error(),
        row.metric("test_accuracy"), row.metric("channel_uses_per_sample"), (System.nanoTime() - start) / 1e9));
    return row;
  }

  /** Waits for every run, then rethrows the first failure (the runs not started by then did not start). */
  private static void await(List<Future<?>> runs) throws IOException, InterruptedException {
    Throwable first = null;
    for (Future<?> run : runs) {
      try {
        run.get();
      } catch (ExecutionException e) {
        if (first == null) first = e.getCause();
      }
    }
    if (first instanceof IOException io) throw io;
    if (first instanceof InterruptedException ie) throw ie;
    if (first instanceof RuntimeException re) throw re;
    if (first instanceof Error er) throw er;
    if (first != null) throw new IllegalStateException(first);
  }

  private static List<SweepRow> rowsOf(SweepRow[] results) {
    return Arrays.stream(results).filter(Objects::nonNull).toList();
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
