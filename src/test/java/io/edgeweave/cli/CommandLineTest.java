package io.edgeweave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeweave.cluster.LocalProcesses;
import io.edgeweave.data.FashionMnist;
import io.edgeweave.data.IdxDataset;
import io.edgeweave.scenario.DataSpec.DataSource;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioException;
import io.edgeweave.scenario.ScenarioLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, one line per problem, a complete run folder. */
class CommandLineTest {
  private static final Path QUICKSTART = Path.of("scenarios/quickstart.conf");

  record Result(int code, String out, String err) {}

  static synchronized Result execute(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.commandLine().execute(args);
      return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void validateSaysOkForEveryShippedScenario() throws Exception {
    try (var files = Files.list(Path.of("scenarios"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".conf")).toList()) {
        Result r = execute("validate", file.toString());
        if (needsMissingDataset(file)) {
          assertEquals(Main.BAD_INPUT, r.code(), file + ": " + r.out());
          assertTrue(r.err().contains("data.directory: no directory " + IdxDataset.defaultDirectory()), file + ": " + r.err());
          assertTrue(r.err().contains(IdxDataset.INSTALL_HINT), file + ": " + r.err());
        } else {
          assertEquals(0, r.code(), file + ": " + r.err());
          assertTrue(r.out().strip().startsWith("ok"), file + ": " + r.out());
        }
      }
    }
  }

  /** True when the scenario reads Fashion-MNIST from the default folder and it is not installed here. */
  private static boolean needsMissingDataset(Path file) throws ScenarioException {
    if (FashionMnist.installed()) return false;
    String existing = "data.directory=\"" + file.toAbsolutePath().getParent() + "\"";
    return ScenarioLoader.load(file, List.of(existing)).data().source() == DataSource.IDX;
  }

  @Test
  void everyCommandPrintsItsUsageWithAnExampleOnHelp() {
    List<List<String>> commands = new ArrayList<>();
    collectCommands(Main.commandLine(), new ArrayList<>(), commands);
    assertTrue(commands.size() > 8, "commands found: " + commands);
    for (List<String> command : commands) {
      List<String> args = new ArrayList<>(command);
      args.add("--help");
      Result r = execute(args.toArray(String[]::new));
      assertEquals(Main.OK, r.code(), command + ": " + r.err());
      assertEquals("", r.err(), command.toString());
      assertTrue(r.out().startsWith("Usage: edgeweave"), command + ": " + r.out());
      String example = "\n  ./edgeweave " + String.join(" ", command);
      assertTrue(r.out().contains("Example:" + example) || r.out().contains("Examples:" + example), command + ": " + r.out());
    }
  }

  @Test
  void aMistypedCommandLineGetsOneLineAndExitTwo() {
    Result r = execute("run", QUICKSTART.toString(), "--bogus");
    assertEquals(Main.BAD_INPUT, r.code());
    assertEquals("edgeweave run: Unknown option: '--bogus' (edgeweave run --help shows the usage)", r.err().strip());

    Result missing = execute("sweep");
    assertEquals(Main.BAD_INPUT, missing.code());
    assertEquals(1, missing.err().strip().lines().count(), missing.err());
    assertTrue(missing.err().startsWith("edgeweave sweep: Missing required parameter"), missing.err());
  }

  private static void collectCommands(CommandLine cli, List<String> path, List<List<String>> into) {
    if (cli.getCommandSpec().usageMessage().hidden()) return;
    into.add(path);
    cli.getSubcommands().forEach((name, sub) -> {
      List<String> longer = new ArrayList<>(path);
      longer.add(name);
      collectCommands(sub, longer, into);
    });
  }

  @Test
  void validateGivesOneLinePerProblemAndExitTwo(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.conf");
    Files.writeString(
        bad,
        String.join(
            "\n",
            "name = bad",
            "nodes { d { role = edge }, c { role = cloud } }",
            "links { l { from = d, to = x } }",
            "workload { path = [d, c], cuts = [1], steps = many }"));

    Result r = execute("validate", bad.toString());

    assertEquals(Main.BAD_INPUT, r.code());
    List<String> lines = r.err().strip().lines().toList();
    assertTrue(lines.stream().allMatch(l -> l.startsWith(bad + ":")), r.err());
    assertTrue(r.err().contains(bad + ":3: links.l.to: unknown node \"x\""), r.err());
    assertTrue(r.err().contains(bad + ":4: workload.steps:"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void runRefusesBadOverridesBeforeWritingAnything(@TempDir Path dir) {
    Path out = dir.resolve("run");
    Result r = execute("run", QUICKSTART.toString(), "--set", "workload.steps=-3", "--out", out.toString());

    assertEquals(Main.BAD_INPUT, r.code());
    assertTrue(r.err().contains("workload.steps"), r.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void runReportsAMissingDatasetInOneLine(@TempDir Path dir) {
    Result r =
        execute(
            "run",
            QUICKSTART.toString(),
            "--set",
            "data.source=idx",
            "--set",
            "data.directory=\"" + dir.resolve("nowhere") + "\"",
            "--out",
            dir.resolve("run").toString());

    assertEquals(Main.BAD_INPUT, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("data.directory"), r.err());
  }

  @Test
  void aNonFiniteLossStopsTheRunAsDivergedUnlessTheScenarioSaysContinue(@TempDir Path dir) throws Exception {
    String[] divergent = {"--set", "model.updater=sgd", "--set", "model.learning-rate=1e6", "--set", "workload.steps=40"};
    Path stopped = dir.resolve("stopped");
    Result r = execute(concat(List.of("run", QUICKSTART.toString(), "--quiet", "--out", stopped.toString()), divergent));

    assertEquals(Main.RUN_FAILED, r.code(), r.err());
    assertTrue(Files.exists(stopped.resolve("summary.json")), "no summary.json; the run said: " + r.out() + r.err());
    JsonNode summary = new ObjectMapper().readTree(stopped.resolve("summary.json").toFile());
    assertEquals("diverged", summary.get("status").asText());
    String error = summary.get("error").asText();
    assertTrue(error.matches("training diverged at step \\d+: the loss is (NaN|[+-]infinity) on cloud \\(the last partition\\);.*"), error);
    int committed = summary.get("steps_committed").asInt();
    assertTrue(committed < 40, "stopped at once, after " + committed + " steps");
    assertEquals(committed + 1, Files.readAllLines(stopped.resolve("metrics.csv")).size(), "the steps so far are kept");
    assertTrue(r.out().contains("status                 diverged: training diverged at step"), r.out());

    Path continued = dir.resolve("continued");
    List<String> runOn = List.of("run", QUICKSTART.toString(), "--quiet", "--out", continued.toString(),
        "--set", "runtime.on-divergence=continue");
    Result c = execute(concat(runOn, divergent));
    assertEquals(Main.OK, c.code(), c.err());
    assertEquals(40, new ObjectMapper().readTree(continued.resolve("summary.json").toFile()).get("steps_committed").asInt());
  }

  private static String[] concat(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void anOutputFolderThatCannotBeWrittenIsNamedWithTheReasonBeforeAnyWork(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
    Result inTheWay = execute("run", QUICKSTART.toString(), "--out", file.toString());
    assertEquals(Main.BAD_INPUT, inTheWay.code());
    assertEquals("run: cannot write to " + file + ": a file that is not a directory is in the way", inTheWay.err().strip());

    Path below = file.resolve("run");
    Result underAFile =
        execute("sweep", "scenarios/oac-vs-digital.conf", "--set", "data.source=synthetic", "--out", below.toString());
    assertEquals(Main.BAD_INPUT, underAFile.code());
    assertTrue(underAFile.err().strip().startsWith("sweep: cannot write to " + below + ": "), underAFile.err());
    assertEquals(1, underAFile.err().strip().lines().count(), underAFile.err());
  }

  @Test
  void clusterInputIsCheckedBeforeAnyJvmStartsOrAnythingIsWritten(@TempDir Path dir) {
    Path out = dir.resolve("run");
    String pause = "faults=[{ node = edge-1, kind = pause-jvm, at-step = 3, duration = 1 s }]";

    Result alone = execute("run", QUICKSTART.toString(), "--set", pause, "--out", out.toString());
    assertEquals(Main.BAD_INPUT, alone.code());
    assertTrue(alone.err().contains("faults[0]: a pause-jvm fault needs nodes in their own JVMs: run with --cluster"), alone.err());

    Result seeds = execute("run", QUICKSTART.toString(), "--cluster", "somewhere", "--out", out.toString());
    assertEquals(Main.BAD_INPUT, seeds.code());
    assertEquals("run: seeds: expected host:port[,host:port...], got \"somewhere\"", seeds.err().strip());

    Result jvms = execute("run", QUICKSTART.toString(), "--cluster", "127.0.0.1:1", "--jvms", "0", "--out", out.toString());
    assertEquals("run: --jvms must be at least 1, got 0", jvms.err().strip());
    assertFalse(Files.exists(out));

    String nowhere = "127.0.0.1:" + LocalProcesses.freePort();
    Result noCluster = execute("run", QUICKSTART.toString(), "--cluster", nowhere, "--out", out.toString());
    assertEquals(1, noCluster.code());
    assertEquals("run: no cluster at " + nowhere + ": nothing listens there (start one with cluster-config/launch start)",
        noCluster.err().strip());
    assertFalse(Files.exists(out));

    Result role = execute("node", "--role", "moon");
    assertEquals(Main.BAD_INPUT, role.code());
    assertEquals("node: --role: expected cloud or edge, got \"moon\"", role.err().strip());

    Result sizes = execute("bench", "remote", "--sizes", "3B");
    assertEquals(Main.BAD_INPUT, sizes.code());
    assertEquals("bench remote: tensor sizes are positive multiples of 4 bytes, got 3", sizes.err().strip());
  }

  @Test
  void runWritesACompleteRunFolder(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("run");
    Result r =
        execute(
            "run",
            QUICKSTART.toString(),
            "--quiet",
            "--out",
            out.toString(),
            "--set",
            "workload.steps=20",
            "--set",
            "workload.eval-every=10",
            "--set",
            "data.synthetic.train=2000",
            "--set",
            "links.device-edge.loss=0.2");

    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("status                 completed"), r.out());
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    for (String key :
        List.of(
            "scenario", "seed", "status", "test_accuracy", "steps", "steps_committed", "samples_per_second",
            "virtual_time_ms", "wall_time_ms", "link_bytes", "messages_dropped", "messages_duplicated")) {
      assertTrue(summary.has(key), "summary.json lacks " + key);
    }
    assertEquals("completed", summary.get("status").asText());
    assertEquals(20, summary.get("steps_committed").asInt());
    assertTrue(summary.get("messages_dropped").asLong() > 0);
    assertEquals(21, Files.readAllLines(out.resolve("metrics.csv")).size(), "header and one row per step");
    assertTrue(Files.readString(out.resolve("report.html")).contains("<svg"));
    Scenario recorded = ScenarioLoader.load(out.resolve("scenario.conf"), List.of());
    assertEquals(0.2, recorded.links().get("device-edge").loss(), "the scenario as run, overrides included");
  }

  @Test
  void benchSplitMeasuresBothWaysAndPrintsTheirRatio(@TempDir Path dir) throws Exception {
    Path chain = dir.resolve("small-chain.conf");
    Files.writeString(
        chain,
        "include file(\"" + Path.of("scenarios/faulty-chain.conf").toAbsolutePath() + "\")\n"
            + "model.hidden = [16, 12, 8, 8]\ndata.synthetic { train = 600, test = 100 }\n"
            + "workload { batch-size = 16, steps = 30, eval-every = 0 }\n");

    Result r = execute(
        "bench", "split", "--steps", "5", "--rounds", "1", "--batch", "16", "--hidden", "32,16", "--faults", chain.toString());

    assertEquals(0, r.code(), r.err());
    for (String engine : List.of("dl4j", "fast")) {
      // a few steps may take less CPU time than the clock resolves: "Infinity per CPU-second"
      String rows = "(?s).*engine " + engine + "\n  one network\\s+\\d+ samples/s\\s+\\S+ per CPU-second\n"
          + "  3 partitions in one thread\\s+\\d+ samples/s.*\n  3 partitions over actors\\s+\\d+ samples/s.*\n"
          + "  3 partitions, 4 micro-batches\\s+\\d+ samples/s\\s+\\S+ per CPU-second\n"
          + "ratio in one thread / one network, " + engine + "\\s+\\d+\\.\\d\\d\n"
          + "ratio split / one network, " + engine + "\\s+\\d+\\.\\d\\d\n"
          + "ratio pipelined / split, " + engine + "\\s+\\d+\\.\\d\\d\n.*";
      assertTrue(r.out().matches(rows), r.out());
    }
    assertTrue(r.out().matches("(?s).*faulty-chain without faults\\s+\\d+\\.\\d\\d s wall\\s+\\d+\\.\\d\\d s CPU.*"), r.out());
    assertTrue(r.out().matches("(?s).*faulty-chain with faults\\s+\\d+\\.\\d\\d s wall\\s+\\d+\\.\\d\\d s CPU.*"), r.out());
    assertTrue(r.out().matches("(?s).*ratio faulted / clean \\(median\\)\\s+\\d+\\.\\d\\d.*"), r.out());
    assertTrue(r.out().contains("faulted runs end with the clean run's parameters: yes"), r.out());
    assertTrue(r.err().matches("(?s).*faulty-chain clean .* \\d+ lost, \\d+ duplicated, [1-9]\\d* resent.*"), r.err());
  }

  @Test
  void benchSplitRefusesAFaultedPairThatIsNotSplitTraining(@TempDir Path dir) throws Exception {
    // on synthetic data, so that it is the workload that is refused, with or without Fashion-MNIST installed
    Path fleet = Files.writeString(dir.resolve("fleet.conf"),
        "include file(\"" + Path.of("scenarios/fedavg-fashion.conf").toAbsolutePath() + "\")\ndata.source = synthetic\n");

    Result r = execute("bench", "split", "--faults", fleet.toString());

    assertEquals(Main.BAD_INPUT, r.code());
    assertEquals(fleet + ": workload.type: --faults needs a split-training scenario, got collaborative-training", r.err().strip());
  }

  @Test
  void benchSplitRefusesMoreMicroBatchesThanSamples() {
    Result r = execute("bench", "split", "--batch", "16", "--micro-batches", "32");

    assertEquals(Main.BAD_INPUT, r.code());
    assertEquals("bench split: --micro-batches must be between 1 and the batch size 16, got 32", r.err().strip());
  }

  @Test
  void benchSplitRefusesMorePartitionsThanLayers() {
    Result r = execute("bench", "split", "--partitions", "4");

    assertEquals(Main.BAD_INPUT, r.code());
    assertEquals("bench split: --partitions must be between 1 and 3 (the model's layers), got 4", r.err().strip());
  }

  @Test
  void benchSplitRefusesAnUnknownEngine() {
    Result r = execute("bench", "split", "--engines", "dl4j,gpu");

    assertEquals(Main.BAD_INPUT, r.code());
    assertEquals("bench split: --engines must be some of dl4j,fast, got [dl4j, gpu]", r.err().strip());
  }
}
