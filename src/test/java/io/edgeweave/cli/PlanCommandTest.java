package io.edgeweave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edgeweave plan} and {@code edgeweave bench plan} as a user meets them. */
class PlanCommandTest {
  /** A jmsnas scenario on small synthetic data: 4 architectures, a slow radio to the edge. */
  static String scenario(Path cache) {
    return String.join(
        "\n",
        "name = tiny-jmsnas",
        "seed = 3",
        "nodes {",
        "  device-1 { role = edge, flops = 2 MFLOPS, memory = 1 KiB }",
        "  edge-1 { role = edge, flops = 1 GFLOPS }",
        "  cloud { role = cloud, flops = 100 GFLOPS }",
        "}",
        "links {",
        "  radio { from = device-1, to = edge-1, rate = 200 kbps, propagation = 2 ms }",
        "  fibre { from = edge-1, to = cloud, rate = 1 Gbps, propagation = 5 ms }",
        "  lte { from = device-1, to = cloud, rate = 100 kbps, propagation = 20 ms }",
        "}",
        "model { inputs = 24, hidden = [32, 16], classes = 4, learning-rate = 0.01 }",
        "data { source = synthetic, synthetic { train = 4000, test = 400 } }",
        "workload {",
        "  type = jmsnas",
        "  source = device-1",
        "  samples-per-request = 4",
        "  search {",
        "    blocks = [{ widths = [4, 32] }, { widths = [0, 16] }]",
        "    target-accuracy = 0.9, lambda = 1 ms, epochs = 1, validation = 1000, confirmation = 500",
        "    cache = \"" + cache + "\"",
        "  }",
        "  serve { requests = 20, interval = 100 ms }",
        "}");
  }

  @Test
  void planPrintsTheBaselinesAndTheChoiceAndWritesItsFiles(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tiny.conf");
    Files.writeString(file, scenario(dir.resolve("cache")));

    CommandLineTest.Result r = CommandLineTest.execute("plan", file.toString(), "--out", dir.resolve("out").toString());

    assertEquals(Main.OK, r.code(), r.err());
    for (String row : List.of("device only", "edge only", "cloud only", "single split", "multi-split", "JMSNAS")) {
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith(row)), row + " in\n" + r.out());
    }
    assertTrue(r.out().contains("search: 4 architectures (4 trained"), r.out());
    assertTrue(r.out().contains("Pareto front"), r.out());
    assertTrue(r.out().contains("wire: input uint8, activations float32, for every plan"), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.matches("plan +architecture +latency +validation +confirm +test .*")), r.out());
    JsonNode json = new ObjectMapper().readTree(dir.resolve("out/plan.json").toFile());
    assertEquals(6, json.get("plans").size());
    assertEquals(4, json.get("candidates").size());
    JsonNode chosen = json.get("plans").get(5);
    assertEquals("JMSNAS", chosen.get("name").asText());
    for (String split : List.of("validation_accuracy", "confirmation_accuracy", "test_accuracy")) {
      assertTrue(chosen.get(split).asDouble() > 0.25, split + " of the pick: " + chosen);
    }
    assertTrue(Files.readString(dir.resolve("out/plan.svg")).startsWith("<svg"));

    CommandLineTest.Result again = CommandLineTest.execute("plan", file.toString());
    assertTrue(again.out().contains("(0 trained, 5 from the cache)"), again.out());
    assertEquals(table(r.out()), table(again.out()), "the cache gives the same plan");
  }

  /** The comparison and the front, without the search's timing and the files written. */
  private static List<String> table(String out) {
    return out.lines().dropWhile(l -> !l.startsWith("plan ")).filter(l -> !l.isBlank() && !l.startsWith("wrote")).toList();
  }

  @Test
  void planRefusesOtherWorkloadsInOneLine() {
    CommandLineTest.Result r = CommandLineTest.execute("plan", "scenarios/quickstart.conf");
    assertEquals(Main.BAD_INPUT, r.code());
    assertEquals("scenarios/quickstart.conf: workload.type: plan needs a jmsnas workload, got split-training", r.err().strip());
  }

  @Test
  void planRefusesAValidationSetAsLargeAsTheTrainingSet(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tiny.conf");
    Files.writeString(file, scenario(dir.resolve("cache")));
    CommandLineTest.Result r = CommandLineTest.execute("plan", file.toString(), "--set", "workload.search.validation=3500");
    assertEquals(Main.BAD_INPUT, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("workload.search.validation, confirmation: holding out 3500 + 500 of 4000"), r.err());
  }

  @Test
  void runTrainsDeploysAndServesAJmsnasScenario(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tiny.conf");
    Files.writeString(file, scenario(dir.resolve("cache")) + "\nfaults = [{ node = edge-1, kind = crash, at-step = 10 }]\n");
    Path out = dir.resolve("run");

    CommandLineTest.Result r = CommandLineTest.execute("run", file.toString(), "--quiet", "--out", out.toString());

    assertEquals(Main.OK, r.code(), r.err());
    assertTrue(r.out().contains("served                 20 / 20 requests"), r.out());
    assertTrue(r.out().contains("deployment 2           edge-1 crashed at request 10"), r.out());
    for (String f : List.of("summary.json", "serving.json", "requests.csv", "latency.svg", "plan.json", "plan.svg", "scenario.conf")) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f);
    }
    List<String> csv = Files.readAllLines(out.resolve("requests.csv"));
    assertEquals("request,epoch,attempts,arrival_ms,answered_ms,latency_ms,correct,samples", csv.get(0));
    assertEquals(21, csv.size());
  }

  @Test
  void runRefusesAValidationSetAsLargeAsTheTrainingSetBeforeWritingAnything(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tiny.conf");
    Files.writeString(file, scenario(dir.resolve("cache")));
    CommandLineTest.Result r =
        CommandLineTest.execute("run", file.toString(), "--set", "workload.search.validation=3490", "--out", dir.resolve("run").toString());
    assertEquals(Main.BAD_INPUT, r.code());
    assertTrue(r.err().strip().endsWith("workload.search.validation, confirmation: holding out 3490 + 500 of 4000 training samples"
        + " for validation and confirmation leaves fewer than one batch (128) to train on"), r.err());
    assertTrue(!Files.exists(dir.resolve("run")));
  }

  @Test
  void benchPlanTimesThePathAndTheGraph() {
    CommandLineTest.Result r = CommandLineTest.execute("bench", "plan", "--blocks", "30", "--nodes", "8", "--rounds", "5");
    assertEquals(Main.OK, r.code(), r.err());
    assertTrue(r.out().matches("(?s)30 blocks along a path of 8 nodes\\s+\\d+\\.\\d+ ms.*"), r.out());
    assertTrue(r.out().matches("(?s).*30 blocks over 8 nodes, \\d+ links\\s+\\d+\\.\\d+ ms.*"), r.out());
  }
}
