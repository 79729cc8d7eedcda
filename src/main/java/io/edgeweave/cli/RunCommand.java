package io.edgeweave.cli;

import com.typesafe.config.ConfigFactory;
import io.edgeweave.cluster.LocalRun;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.SummaryWriter;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.scenario.CollaborativeTrainingSpec;
import io.edgeweave.scenario.JmsnasSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import io.edgeweave.scenario.SplitTrainingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edgeweave run FILE}: runs a scenario in this JVM (a one-node cluster) and writes its run folder. */
@Command(name = "run", description = "Run a scenario in this JVM and write summary.json, metrics.csv and report.html.")
final class RunCommand implements Callable<Integer> {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  @Parameters(paramLabel = "FILE", description = "Scenario file (HOCON).")
  Path file;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a scenario key, e.g. workload.steps=50.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: <output.directory>/<name>-<time>).")
  Path out;

  @Option(names = "--quiet", description = "No progress, only the result table.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    Scenario scenario = Inputs.scenario(file, overrides);
    TrainTest data = scenario == null ? null : Inputs.data(file, scenario);
    if (data == null) return Main.BAD_INPUT;
    if (ScenarioLoader.hasSweep(file)) {
      System.err.println(file + ": runs its base scenario only; edgeweave sweep " + file + " runs the sweep");
    }
    Path directory = prepare(scenario);
    if (directory == null) return Main.BAD_INPUT;

    Nd4jSetup.singleThreaded();
    if (!quiet && scenario.workload() instanceof JmsnasSpec j) {
      System.err.println("jmsnas: searching the architecture (accuracies cached in " + j.cache() + "), training it, then serving "
          + j.requests() + " requests");
    }
    Progress progress = new Progress(quiet);
    RunSummary summary = LocalRun.run(scenario, data, directory, progress, ConfigFactory.empty()).summary();
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
    return summary.status() == RunStatus.COMPLETED ? Main.OK : Main.RUN_FAILED;
  }

  /** Creates the run folder and records the scenario in it; null (after saying why) if it cannot. */
  private Path prepare(Scenario scenario) throws IOException {
    Path directory =
        out != null ? out : scenario.output().directory().resolve(scenario.name() + "-" + LocalDateTime.now().format(STAMP));
    if (Files.exists(directory.resolve("summary.json"))) {
      System.err.println(directory + ": already holds a finished run; choose another --out");
      return null;
    }
    Files.createDirectories(directory);
    StringBuilder record = new StringBuilder(Files.readString(file));
    if (!overrides.isEmpty()) record.append("\n# overrides given with --set\n");
    overrides.forEach(o -> record.append(o).append('\n'));
    Files.writeString(directory.resolve("scenario.conf"), record);
    return directory;
  }
}
