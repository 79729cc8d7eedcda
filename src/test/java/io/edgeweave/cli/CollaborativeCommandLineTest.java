package io.edgeweave.cli;

import static io.edgeweave.cli.CommandLineTest.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeweave.cli.CommandLineTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A collaborative run as a user meets it: the shipped scenario on small synthetic data, and the scale bench. */
class CollaborativeCommandLineTest {
  private static final String SCENARIO = "scenarios/fedavg-fashion.conf";
  private static final String[] SMALL = {
    "--set", "data.source=synthetic", "--set", "data.synthetic.train=2000", "--set", "data.synthetic.test=200",
    "--set", "workload.devices.count=50", "--set", "workload.rounds=3", "--set", "workload.eval-every=1"
  };

  /** {@code command}, then the small-run overrides, then {@code more} (later overrides win). */
  private static String[] args(List<String> command, String... more) {
    List<String> all = new ArrayList<>(command);
    all.addAll(List.of(SMALL));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void aRoundWhoseLossIsNotFiniteStopsTheRunAsDiverged(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("run");
    Result r = execute(args(List.of("run", SCENARIO, "--quiet", "--out", out.toString()), "--set", "model.learning-rate=1e12"));

    assertEquals(Main.RUN_FAILED, r.code(), r.out());
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("diverged", summary.get("status").asText());
    assertTrue(summary.get("error").asText().startsWith("training diverged at round 0: "), summary.get("error").asText());
    assertEquals(1, summary.get("steps_committed").asInt(), "no round after the divergent one");
  }

  @Test
  void runWritesARoundPerRowAndAccountsForEveryDevice(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("run");
    Result r = execute(args(List.of("run", SCENARIO, "--quiet", "--out", out.toString())));

    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("rounds                 3 / 3"), r.out());
    assertTrue(r.out().contains("devices                50, 5 per round: 15 selected"), r.out());
    List<String> rows = Files.readAllLines(out.resolve("metrics.csv"));
    assertEquals(4, rows.size(), "header and one row per round");
    assertTrue(rows.get(0).startsWith("round,selected,arrived,stragglers,dropped_out,crashed"), rows.get(0));
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("completed", summary.get("status").asText());
    assertEquals(3, summary.get("steps_committed").asInt());
    assertTrue(summary.get("test_accuracy").asDouble() > 0);
    JsonNode c = summary.get("collaboration");
    long accounted = 0;
    for (String key : List.of("arrived", "stragglers", "dropped_out", "crashed", "unreachable", "unanswered")) {
      accounted += c.get(key).asLong();
    }
    assertEquals(15, c.get("selected").asLong());
    assertEquals(15, accounted);
    String report = Files.readString(out.resolve("report.html"));
    assertTrue(report.contains("Selected devices by outcome") && report.contains("<svg"));
  }

  @Test
  void aFleetLargerThanTheTrainingSetIsBadInputBeforeAnythingIsWritten(@TempDir Path dir) {
    Path out = dir.resolve("run");
    Result r = execute(args(List.of("run", SCENARIO, "--out", out.toString()), "--set", "workload.devices.count=3000"));

    assertEquals(Main.BAD_INPUT, r.code());
    assertEquals(SCENARIO + ": data: 3000 devices cannot share a partition of 2000 training samples: give each"
        + " device its own samples (workload.devices.samples)", r.err().strip());
    assertFalse(Files.exists(out));
  }

  @Test
  void benchScaleReportsHeapPerDeviceAndTheOneNetworkPerClientMemory() {
    Result r = execute("bench", "scale", "--devices", "200,400", "--rounds", "2", "--samples", "8", "--local-steps", "1",
        "--train", "2000");

    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().matches("(?s).*\\n\\s+200\\s+2\\s+\\d+\\s+-?\\d+ B\\s+\\d+ ms\\s+\\d+ ms\\s+\\d\\.\\d\\d / -?\\d\\.\\d\\d / -?\\d\\.\\d\\d\\s+\\d+ MiB\\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*\\n\\s+400\\s+4\\s+\\d+\\s+-?\\d+ B.*"), r.out());
    assertTrue(r.out().matches("(?s).*one DL4J network: -?\\d+ B heap \\+ 203600 B off-heap.*"), r.out());
    assertTrue(r.out().contains("one network per client, 400 devices:"), r.out());
  }

  @Test
  void benchScaleRefusesAnImpossibleParticipation() {
    Result r = execute("bench", "scale", "--participation", "0");

    assertEquals(Main.BAD_INPUT, r.code());
    assertEquals("bench scale: --participation must be in (0, 1], got 0.0", r.err().strip());
  }

  @Test
  void benchScaleOnAClusterRefusesNoJvmsBeforeStartingAny() {
    Result r = execute("bench", "scale", "--cluster", "--jvms", "0");

    assertEquals(Main.BAD_INPUT, r.code());
    assertEquals("bench scale: --jvms must be positive, got 0", r.err().strip());
  }
}
