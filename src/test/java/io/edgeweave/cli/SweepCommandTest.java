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

  @Test
  void seedsRepeatEveryRunAndTheTableChartAndSummaryShowTheSpread(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tiny.conf");
    Files.writeString(file, SWEEP);
    Path out = dir.resolve("out");

    CommandLineTest.Result r = CommandLineTest.execute("sweep", file.toString(), "--seeds", "2", "--out", out.toString());

    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("10 runs (5 points x 2 seeds)"), r.err());
    List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
    assertEquals(1 + 10, csv.size(), "5 points, seeds 3 and 4");
    assertEquals(5, csv.stream().filter(l -> l.contains(",3,completed,")).count(), String.join("\n", csv));
    assertEquals(5, csv.stream().filter(l -> l.contains(",4,completed,")).count(), String.join("\n", csv));
    assertTrue(Files.exists(out.resolve("runs/001-0-static/summary.json")), "the scenario's own seed: today's folder");
    assertTrue(Files.exists(out.resolve("runs/001-0-static-s4/summary.json")));
    assertTrue(Files.exists(out.resolve("runs/005-centralised-s4/summary.json")));
    assertTrue(!accuracies(csv, "3").equals(accuracies(csv, "4")), "another seed, other runs: " + csv);
    assertTrue(r.out().matches("(?s).*\\| 0 \\| 0\\.\\d{4} ± 0\\.\\d{4} \\(n=2\\) \\|.*"), r.out());
    assertTrue(r.out().matches("(?s).*baseline centralised: test accuracy 0\\.\\d{4} ± 0\\.\\d{4} \\(n=2\\).*"), r.out());
    List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
    assertEquals(1 + 5, summary.size(), "a row per point");
    assertTrue(summary.get(0).startsWith("snr,channel,baseline,n,test_accuracy_mean,test_accuracy_seed_sd,"), summary.get(0));
    assertTrue(summary.get(1).startsWith("0,static,,2,"), summary.get(1));
    String chart = Files.readString(out.resolve("test_accuracy.svg"));
    assertTrue(chart.contains("<polygon fill-opacity"), "the baseline's band");
    assertTrue(chart.contains("<g stroke-width=\"1.4\""), "error bars");
  }

  @Test
  void aSweepWithoutSeedsResumedWithSeedsKeepsItsRunsAsTheScenariosSeed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tiny.conf");
    Files.writeString(file, SWEEP.replace("values = [0, 30]", "values = [30]"));
    Path out = dir.resolve("out");
    assertEquals(0, CommandLineTest.execute("sweep", file.toString(), "--out", out.toString()).code());
    Path csv = out.resolve("sweep.csv");
    List<String> before = Files.readAllLines(csv);
    Files.write(csv, before.stream().map(l -> l.replaceFirst("^([^,]*,[^,]*,[^,]*),[^,]*,", "$1,")).toList());
    assertTrue(Files.readString(csv).startsWith("snr,channel,baseline,status,"), "as written before seeds");

    CommandLineTest.Result again = CommandLineTest.execute("sweep", file.toString(), "--seeds", "2", "--out", out.toString());

    assertEquals(0, again.code(), again.err());
    assertEquals(3, again.err().lines().filter(l -> l.contains("seed=3: done before, kept")).count(), again.err());
    assertEquals(3, again.err().lines().filter(l -> l.contains("seed=4: completed")).count(), again.err());
    List<String> after = Files.readAllLines(csv);
    assertEquals(before, after.subList(0, 4), "the runs of seed 3 as they were, with their seed");

    Path fresh = dir.resolve("fresh");
    assertEquals(0, CommandLineTest.execute(
        "sweep", file.toString(), "--seeds", "4,3", "--jobs", "2", "--out", fresh.toString()).code());
    assertEquals(deterministic(after), deterministic(Files.readAllLines(fresh.resolve("sweep.csv"))),
        "the same seed, the same run, whichever sweep ran it and however many runs ran at once");
  }

  @Test
  void badSeedsAreRefusedInOneLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tiny.conf");
    Files.writeString(file, SWEEP);
    Path out = dir.resolve("out");
    assertEquals(List.of("sweep: --seeds: the number of seeds must be from 1 to 10000, got 0"), refused(file, out, "--seeds", "0"));
    assertEquals(List.of("sweep: --seeds: expected a number of seeds (like 3) or a list of seeds (like 1,5,9), got \"x\""),
        refused(file, out, "--seeds", "x"));
    assertEquals(List.of("sweep: --jobs: must be at least 1, got 0"), refused(file, out, "--jobs", "0"));
    Files.writeString(file, SWEEP.replace("sweep {", "sweep {\n  seeds = []"));
    assertEquals(List.of(file + ":14: sweep.seeds: needs at least one seed"), refused(file, out));
    Files.writeString(file, SWEEP.replace("sweep {", "sweep {\n  seeds = [1, 2.5]"));
    assertEquals(List.of(file + ":14: sweep.seeds[1]: expected an integer, got 2.5"), refused(file, out));
    Files.writeString(file, SWEEP.replace("sweep {", "sweep {\n  seeds = 3"));
    assertEquals(List.of(file + ":14: sweep.seeds: expected a list of integers, got 3"), refused(file, out));
    assertFalse(Files.exists(out), "nothing written");
  }

  private static List<String> refused(Path file, Path out, String... options) {
    List<String> args = new java.util.ArrayList<>(List.of("sweep", file.toString(), "--out", out.toString()));
    args.addAll(List.of(options));
    CommandLineTest.Result r = CommandLineTest.execute(args.toArray(String[]::new));
    assertEquals(Main.BAD_INPUT, r.code(), r.err());
    return r.err().lines().toList();
  }

  /** The test accuracy of each run of {@code seed}, in order. */
  private static List<String> accuracies(List<String> csv, String seed) {
    return csv.stream().skip(1).map(l -> l.split(",", -1)).filter(c -> c[3].equals(seed)).map(c -> c[5]).toList();
  }

  /** The lines of a sweep.csv, sorted, without its measured columns (wall time, samples per second). */
  private static List<String> deterministic(List<String> csv) {
    List<String> header = List.of(csv.get(0).split(",", -1));
    int wall = header.indexOf("wall_time_ms");
    int rate = header.indexOf("samples_per_second");
    return csv.stream().map(l -> {
      List<String> cells = new java.util.ArrayList<>(List.of(l.split(",", -1)));
      cells.set(wall, "");
      cells.set(rate, "");
      return String.join(",", cells);
    }).sorted().toList();
  }
}
