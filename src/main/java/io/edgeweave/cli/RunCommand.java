package io.edgeweave.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.edgeweave.cluster.ClusterRun;
import io.edgeweave.cluster.LocalRun;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.AtomicFiles;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.SummaryWriter;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.runtime.Hosting;
import io.edgeweave.runtime.RunControl;
import io.edgeweave.scenario.CollaborativeTrainingSpec;
import io.edgeweave.scenario.GenAiSpec;
import io.edgeweave.scenario.JmsnasSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioException;
import io.edgeweave.scenario.ScenarioLoader;
import io.edgeweave.scenario.SplitTrainingSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edgeweave run FILE}: runs a scenario in this JVM (a one-node cluster), or with {@code --cluster} on the node
 * JVMs of a cluster, and writes its run folder here.
 */
@Command(
    name = "run",
    description = "Run a scenario in this JVM, or on a cluster's node JVMs, and write summary.json, metrics.csv and report.html.",
    footerHeading = "%nExample:%n",
    footer = "  ./edgeweave run scenarios/quickstart.conf --set workload.steps=50")
final class RunCommand implements Callable<Integer> {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  @Parameters(paramLabel = "FILE", arity = "0..1", description = "Scenario file (HOCON).")
  Path file;

  @Option(
      names = "--resume",
      paramLabel = "DIR",
      description = "Continue the stopped or killed run in DIR from its newest checkpoint, as it was run (DIR/scenario.conf).")
  Path resume;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a scenario key, e.g. workload.steps=50.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: <output.directory>/<name>-<time>).")
  Path out;

  @Option(names = "--quiet", description = "No progress, only the result table.")
  boolean quiet;

  @Option(
      names = "--cluster",
      arity = "0..1",
      fallbackValue = "",
      paramLabel = "HOST:PORT[,...]",
      description = "Run on the node JVMs of the cluster with these seed nodes (alone: edgeweave.cluster.seeds, $EDGEWEAVE_SEEDS).")
  String clusterSeeds;

  @Option(names = "--jvms", paramLabel = "N", description = "With --cluster: node JVMs to wait for before placing nodes (default 1).")
  Integer jvms;

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      description = "With --cluster: how long to wait for the node JVMs a placement needs (default 60s).")
  String waitForNodes;

  @Mixin ClusterOptions clusterOptions;

  @Override
  public Integer call() throws Exception {
    if ((file == null) == (resume == null)) {
      System.err.println("run: give a scenario FILE, or --resume DIR (not both)");
      return Main.BAD_INPUT;
    }
    if (resume != null) {
      if (!overrides.isEmpty() || out != null) {
        System.err.println("run: --resume continues a run as it was run: leave out --set and --out");
        return Main.BAD_INPUT;
      }
      Optional<String> problem = RunFolders.resumeProblem(resume);
      if (problem.isPresent()) {
        System.err.println(resume + ": " + problem.get());
        return Main.BAD_INPUT;
      }
      file = resume.resolve(RunFolders.SCENARIO);
    }
    Scenario scenario = Inputs.scenario(file, overrides);
    TrainTest data = scenario == null ? null : Inputs.data(file, scenario);
    if (data == null) return Main.BAD_INPUT;
    if (ScenarioLoader.hasSweep(file)) {
      System.err.println(file + ": runs its base scenario only; edgeweave sweep " + file + " runs the sweep");
    }
    Config clusterConfig = null;
    try {
      if (clusterSeeds != null) clusterConfig = clusterConfig();
    } catch (IllegalArgumentException e) {
      System.err.println("run: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    Optional<String> unfit = clusterConfig == null ? Hosting.local().problem(scenario) : Optional.empty();
    if (unfit.isPresent()) {
      System.err.println(file + ": " + unfit.get());
      return Main.BAD_INPUT;
    }
    ClusterRun cluster = null;
    if (clusterConfig != null) {
      try {
        cluster = ClusterRun.join(clusterConfig); // before the run folder: a cluster out of reach writes nothing
      } catch (IllegalStateException e) {
        System.err.println("run: " + e.getMessage());
        return Main.RUN_FAILED;
      }
    }
    int exit;
    try {
      exit = run(scenario, data, cluster);
    } finally {
      if (cluster != null) cluster.close();
    }
    if (exit == Main.OK) ClassDataArchive.recordIfAsked(System.err); // after the run, out of the cluster
    return exit;
  }

  private Integer run(Scenario scenario, TrainTest data, ClusterRun cluster) throws Exception {
    Path directory = prepare(scenario);
    if (directory == null) return Main.BAD_INPUT;

    Nd4jSetup.singleThreaded();
    if (!quiet && scenario.workload() instanceof JmsnasSpec j) {
      System.err.println(resume != null
          ? "jmsnas: resuming from the checkpoints in " + directory.resolve("checkpoints") + ", serving up to " + j.requests() + " requests"
          : "jmsnas: searching the architecture (accuracies cached in " + j.cache() + "), training it, then serving "
              + j.requests() + " requests");
    }
    Progress progress = new Progress(quiet);
    RunControl control = new RunControl();
    StopSignals signals = StopSignals.install(control, System.err, stopping(scenario));
    RunSummary summary;
    try {
      boolean resuming = resume != null;
      summary =
          (cluster == null
                  ? LocalRun.run(scenario, data, directory, progress, ConfigFactory.empty(), control, resuming)
                  : cluster.run(scenario, data, directory, progress, control, resuming))
              .summary();
    } finally {
      signals.close();
    }
    progress.close();
    if (scenario.workload() instanceof CollaborativeTrainingSpec) {
      ResultTable.print(summary, SummaryWriter.readCollaboration(directory.resolve("summary.json")), directory, System.out);
    } else {
      int batch = scenario.workload() instanceof SplitTrainingSpec split ? split.batchSize() : 1;
      ResultTable.print(summary, batch, directory, System.out);
      Path comparison = directory.resolve("comparison.md");
      if (Files.isRegularFile(comparison)) System.out.print("\n" + Files.readString(comparison));
      if (scenario.workload() instanceof JmsnasSpec) ServingTable.print(directory, System.out);
    }
    if (summary.status() == RunStatus.INTERRUPTED) {
      System.err.println("edgeweave: " + summary.error() + "; resume with: ./edgeweave run --resume " + directory);
      return signals.exitCode();
    }
    return summary.status() == RunStatus.COMPLETED ? Main.OK : Main.RUN_FAILED;
  }

  /** What a clean stop of a run of this workload does, as told to its user. */
  private static String stopping(Scenario scenario) {
    if (scenario.workload() instanceof CollaborativeTrainingSpec) {
      return "stopping: the round in flight is abandoned, the rounds done are saved";
    } else if (scenario.workload() instanceof GenAiSpec) {
      return "stopping: the units of training in flight are abandoned, those done are saved";
    } else if (scenario.workload() instanceof JmsnasSpec) {
      return "stopping after the request in flight and saving a checkpoint";
    }
    return "stopping after the step in flight and saving a checkpoint";
  }

  /** The configuration of this JVM as a cluster's director. */
  private Config clusterConfig() {
    Map<String, Object> settings = new HashMap<>();
    if (jvms != null) {
      if (jvms < 1) throw new IllegalArgumentException("--jvms must be at least 1, got " + jvms);
      settings.put("edgeweave.cluster.min-jvms", jvms);
    }
    if (waitForNodes != null) settings.put("edgeweave.cluster.wait-for-nodes", waitForNodes);
    Optional<String> seeds = clusterSeeds.isEmpty() ? Optional.empty() : Optional.of(clusterSeeds);
    return clusterOptions.load(seeds, Optional.empty(), List.of(ClusterRun.DIRECTOR_ROLE), settings);
  }

  /**
   * Creates the run folder and records the scenario in it, resolved, so that it can resume from there; null (after
   * saying why) if it cannot. A resumed run keeps its folder as it is.
   */
  private Path prepare(Scenario scenario) throws IOException, ScenarioException {
    if (resume != null) return resume;
    Path directory =
        out != null ? out : scenario.output().directory().resolve(scenario.name() + "-" + LocalDateTime.now().format(STAMP));
    if (Files.exists(directory.resolve("summary.json"))) {
      System.err.println(directory + ": already holds a finished run; choose another --out");
      return null;
    }
    if (OutputFolder.create("run", directory) == null) return null;
    String given = overrides.isEmpty() ? "" : " with " + String.join(" ", overrides.stream().map(o -> "--set " + o).toList());
    String record = "# " + file + given + ", as run (includes and overrides resolved)\n"
        + ScenarioLoader.resolvedText(file, overrides);
    AtomicFiles.write(directory.resolve(RunFolders.SCENARIO), record.getBytes(StandardCharsets.UTF_8));
    return directory;
  }
}
