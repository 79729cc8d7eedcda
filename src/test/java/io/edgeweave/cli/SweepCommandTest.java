package io.edgeweave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small over-the-air sweep on synthetic data, as a user runs it: CSV, table, chart, resume. */
class SweepCommandTest {
  private static final String SWEEP = """
      name = tiny-sweep
      seed = 3
      nodes {
        device { role = edge }
        edge { role = edge }
      }
      links {
        air { from = device, to = edge, kind = mimo-oac, transmit-antennas = 2, receive-antennas = 2 }
      }
      model { inputs = 20, hidden = [16, 8], classes = 3 }
      data.synthetic { train = 300, test = 100 }
      workload { path = [device, edge], cuts = [1], batch-size = 16, steps = 6, eval-every = 0 }
      sweep {
        axes = [
          { name = snr, key = [links.air.snr, links.air.backward-snr], values = [0, 30] }
          { name = channel, points = [
              { label = static, set = ["links.air.channel.model = static"] }
              { label = fast, set = ["links.air.channel.model = rayleigh-block"] }
          ] }
        ]
        baselines = [{ label = centralised, set = ["workload.path = [device]", "workload.cuts = []"] }]
        chart { x = snr, y = test_accuracy, series = channel }
        table { rows = snr, columns = channel, values = [test_accuracy, channel_uses_per_sample] }
      }
      """;

  @Test
  void runsTheGridAndTheBaselineWritesCsvTableAndChartAndResumes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tiny.conf");
    Files.writeString(file, SWEEP);
    Path out = dir.resolve("out");

    CommandLineTest.Result r = CommandLineTest.execute("sweep", file.toString(), "--out", out.toString());

    assertEquals(0, r.code(), r.err());
    List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
    assertEquals(1 + 4 + 1, csv.size(), "header, 4 grid runs, 1 baseline");
    assertTrue(csv.get(0).startsWith("snr,channel,baseline,seed,status,test_accuracy,channel_uses_per_sample"), csv.get(0));
    assertTrue(csv.get(5).startsWith(",,centralised,3,completed,"), csv.get(5));
    assertTrue(csv.get(1).startsWith("0,static,,3,completed,"), csv.get(1));
    assertTrue(r.out().contains("| snr | static: test accuracy | static: channel uses per sample |"), r.out());
    assertTrue(r.out().contains("baseline centralised: test accuracy"), r.out());
    String chart = Files.readString(out.resolve("test_accuracy.svg"));
    assertTrue(chart.startsWith("<svg") && chart.contains("width=\"900\""), chart);
    assertTrue(chart.contains(">static</text>") && chart.contains(">fast</text>"), "a legend entry per series");
    assertTrue(chart.contains("stroke-dasharray") && chart.contains(">centralised</text>"), "the baseline, dashed");
    assertTrue(Files.exists(out.resolve("runs/001-0-static/summary.json")));

    CommandLineTest.Result again = CommandLineTest.execute("sweep", file.toString(), "--out", out.toString());
    assertEquals(0, again.code(), again.err());
    assertEquals(5, again.err().lines().filter(l -> l.contains("done before, kept")).count(), again.err());
    assertEquals(csv, Files.readAllLines(out.resolve("sweep.csv")));
  }

  @Test
  void validateChecksEveryRunOfASweep(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tiny.conf");
    Files.writeString(file, SWEEP);
    CommandLineTest.Result r = CommandLineTest.execute("validate", file.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("ok (a sweep of 5 runs)", r.out().strip());
  }

  @Test
  void aBadSweepIsRefusedBeforeAnyRun(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, SWEEP
        .replace("values = [0, 30]", "values = [0, loud]")
        .replace("series = channel", "series = colour"));
    Path out = dir.resolve("out");

    CommandLineTest.Result r = CommandLineTest.execute("sweep", file.toString(), "--out", out.toString());

    assertEquals(Main.BAD_INPUT, r.code());
    assertTrue(r.err().contains("sweep.chart.series: no axis named \"colour\" (axes: snr, channel)"), r.err());
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void aSweepPointThatBreaksTheScenarioIsNamed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, SWEEP.replace("values = [0, 30]", "values = [0, loud]"));
    CommandLineTest.Result r = CommandLineTest.execute("sweep", file.toString(), "--out", dir.resolve("out").toString());
    assertEquals(Main.BAD_INPUT, r.code());
    assertEquals("bad.conf:22: sweep.chart: the x axis snr needs numeric labels, got \"loud\"",
        r.err().strip().replace(dir + "/", ""));

    Files.writeString(file, SWEEP.replace("values = [0, 30]", "values = [0, loud]").replaceAll("chart \\{.*\\}", ""));
    r = CommandLineTest.execute("sweep", file.toString(), "--out", dir.resolve("out").toString());
    assertEquals(Main.BAD_INPUT, r.code());
    assertEquals(List.of(
            file + " (sweep): links.air.snr: expected a number of dB (like 20 dB) or off, got \"loud\""
                + " (in sweep run {snr=loud, channel=static})",
            file + " (sweep): links.air.backward-snr: expected a number of dB (like 20 dB) or off, got \"loud\""
                + " (in sweep run {snr=loud, channel=static})"),
        r.err().lines().toList(), "each problem once, not once per run");
  }
}
