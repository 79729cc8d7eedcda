package io.edgeweave.metrics;

import io.edgeweave.metrics.SvgBarChart.Bar;
import io.edgeweave.metrics.SvgChart.Mark;
import io.edgeweave.metrics.SvgChart.Marker;
import io.edgeweave.metrics.SvgChart.Options;
import io.edgeweave.metrics.SvgChart.Point;
import io.edgeweave.metrics.SvgChart.Series;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Writes a run's report: one self-contained HTML file with a key-figures table, the topology, the faults and
 * recoveries, and inline SVG charts of loss, test accuracy and where virtual time went, each per-step chart
 * marked where faults struck and the run recovered. No scripts, no external resources.
 */
public final class HtmlReport {
  private static final int WIDTH = 800;
  private static final int HEIGHT = 300;
  private static final int MAX_POINTS = 500;
  private static final int MAX_DOTS = 100;
  private static final int SHOWN_DECIMALS = 3;
  private static final String COMPUTE = "#4e79a7";
  private static final String COMM = "#f28e2b";
  private static final String ACCURACY = "#59a14f";
  private static final String STEP_TIME = "#333333";
  private static final String STYLE = """
      body { font-family: system-ui, sans-serif; color: #222; max-width: 840px; margin: 24px auto;
             padding: 0 12px; }
      h1 { font-size: 1.6em; overflow-wrap: anywhere; }
      h2 { font-size: 1.2em; margin-top: 1.8em; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
      h3 { font-size: 1em; }
      .status { font-size: 0.6em; padding: 3px 8px; border-radius: 4px; color: #fff; vertical-align: middle; }
      .completed { background: #2e7d32; }
      .failed { background: #c62828; }
      .error { color: #c62828; white-space: pre-wrap; overflow-wrap: anywhere; }
      table { border-collapse: collapse; }
      th, td { text-align: left; padding: 4px 14px 4px 0; border-bottom: 1px solid #eee; }
      th { font-weight: 600; color: #555; }
      td { font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
      svg { max-width: 100%; height: auto; display: block; }
      .note { color: #666; font-size: 0.9em; }
      ol.events { padding-left: 1.6em; }
      ol.events li { margin: 2px 0; }
      .swatch { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px; vertical-align: -1px; }
      """;

  private HtmlReport() {}

  /** Writes the report for {@code summary} and its step records, replacing {@code file} atomically. */
  public static void write(Path file, RunSummary summary, List<StepRecord> steps, RunDescription run)
      throws IOException {
    AtomicFiles.write(file, render(summary, steps, run).getBytes(StandardCharsets.UTF_8));
  }

  static String render(RunSummary summary, List<StepRecord> steps, RunDescription run) {
    FaultMarks marks = FaultMarks.forSteps(steps);
    List<Marker> markers =
        FaultMarks.chronological(marks.faults(run.faults()), marks.resumes(summary.recovery().resumedFromSteps()));
    StringBuilder html = head(summary);
    keyFigures(html, summary);
    if (run.topology() != null) topology(html, run.topology().hostedOn(summary.placement()));
    events(html, markers, run.faults().isEmpty());
    Options options = new Options(false, markers);
    lossChart(html, steps, options);
    accuracyChart(html, "step", steps.stream()
        .filter(s -> s.testAccuracy().isPresent())
        .map(s -> new Point(s.step(), s.testAccuracy().getAsDouble()))
        .toList(), options);
    timeBreakdown(html, summary, steps, options);
    return html.append("</body>\n</html>\n").toString();
  }

  /** The topology section: nodes, links and what ran where. */
  public static void topology(StringBuilder html, Topology topology) {
    html.append("<h2>Topology</h2>\n").append(TopologySvg.render(topology))
        .append("<p class=\"note\">Each node with the partition it ran; red: a node or link the scenario's faults")
        .append(" strike.</p>\n");
  }

  /** The faults and recoveries section: one line per marker, numbered as on the charts. */
  public static void events(StringBuilder html, List<Marker> markers, boolean noFaults) {
    html.append("<h2>Faults and recoveries</h2>\n");
    if (markers.isEmpty()) {
      html.append("<p class=\"note\">").append(noFaults ? "No faults injected." : "No fault struck while the run went.")
          .append("</p>\n");
      return;
    }
    html.append("<ol class=\"events\">\n");
    for (Marker m : markers) {
      html.append("<li>").append(swatch(m.color(), Html.escape(m.label()))).append("</li>\n");
    }
    html.append("</ol>\n<p class=\"note\">On the charts, numbered alike: bands for fault windows, lines for instants.")
        .append(" Windows set in virtual time are placed by the run's own virtual clock.</p>\n");
  }

  /** The page up to the body's first section: title, status and the error of a failed run. */
  public static StringBuilder head(RunSummary summary) {
    String name = Html.escape(summary.scenario());
    String status = summary.status().label();
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>EdgeWeave run ").append(name).append(" (").append(status).append(")</title>\n")
        .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
        .append("<h1>").append(name).append(" <span class=\"status ").append(status).append("\">")
        .append(status).append("</span></h1>\n");
    if (summary.error() != null) {
      html.append("<p class=\"error\">").append(Html.escape(summary.error())).append("</p>\n");
    }
    return html;
  }

  private static void keyFigures(StringBuilder html, RunSummary s) {
    html.append("<h2>Key figures</h2>\n<table>\n");
    row(html, "Scenario", s.scenario());
    row(html, "Seed", Long.toString(s.seed()));
    row(html, "Status", s.status().label());
    row(html, "Started at", s.startedAt().toString());
    row(html, "Steps committed", s.stepsCommitted() + " of " + s.steps());
    row(html, "Test accuracy", s.testAccuracy() == null ? "no evaluation" : Decimals.format(s.testAccuracy()));
    row(html, "Samples per second", Decimals.format(s.samplesPerSecond(), SHOWN_DECIMALS));
    row(html, "Virtual time", milliseconds(s.virtualTimeMs()));
    row(html, "Wall time", milliseconds(s.wallTimeMs()));
    String mebibytes = Decimals.format(s.linkBytes() / 1_048_576.0, SHOWN_DECIMALS);
    row(html, "Link bytes", s.linkBytes() + " (" + mebibytes + " MiB)");
    row(html, "Messages dropped", Long.toString(s.messagesDropped()));
    row(html, "Messages duplicated", Long.toString(s.messagesDuplicated()));
    row(html, "Retries", Long.toString(s.retries()));
    html.append("</table>\n");
  }

  public static void row(StringBuilder html, String label, String value) {
    html.append("<tr><th>").append(label).append("</th><td>").append(Html.escape(value)).append("</td></tr>\n");
  }

  private static void lossChart(StringBuilder html, List<StepRecord> steps, Options options) {
    html.append("<h2>Loss per step</h2>\n");
    if (steps.isEmpty()) {
      html.append("<p class=\"note\">no steps recorded</p>\n");
      return;
    }
    Series loss = new Series("", COMPUTE, Mark.LINE, perStep(steps, StepRecord::loss));
    html.append(SvgChart.render("Training loss per step", "step", "loss", List.of(loss), options, WIDTH, HEIGHT));
  }

  /** The test-accuracy section: accuracy at each evaluated {@code xLabel} (step, round). */
  static void accuracyChart(StringBuilder html, String xLabel, List<Point> evaluated, Options options) {
    html.append("<h2>Test accuracy</h2>\n");
    if (evaluated.isEmpty()) {
      html.append("<p class=\"note\">no evaluation</p>\n");
      return;
    }
    List<Point> shown = SvgChart.downsample(evaluated, MAX_POINTS);
    List<Series> accuracy = shown.size() <= MAX_DOTS
        ? List.of(new Series("", ACCURACY, Mark.LINE, shown), new Series("", ACCURACY, Mark.DOTS, shown))
        : List.of(new Series("", ACCURACY, Mark.LINE, shown));
    html.append(SvgChart.render("Test accuracy by " + xLabel, xLabel, "test accuracy", accuracy, options, WIDTH, HEIGHT));
  }

  private static void timeBreakdown(StringBuilder html, RunSummary summary, List<StepRecord> steps, Options options) {
    html.append("<h2>Virtual-time breakdown</h2>\n");
    List<Bar> bars = new ArrayList<>();
    addBars(bars, summary.computeMsByNode(), COMPUTE);
    addBars(bars, summary.commMsByLink(), COMM);
    if (bars.isEmpty()) {
      html.append("<p class=\"note\">no compute or communication time recorded</p>\n");
    } else {
      html.append("<p>").append(swatch(COMPUTE, "compute per node")).append(swatch(COMM, "communication per link"))
          .append("</p>\n").append(SvgBarChart.render("Virtual time per node and link", bars, "ms", WIDTH))
          .append("<p>Total compute ").append(milliseconds(OrderedMaps.sum(summary.computeMsByNode())))
          .append(", total communication ").append(milliseconds(OrderedMaps.sum(summary.commMsByLink())))
          .append(".</p>\n");
    }
    if (steps.isEmpty()) {
      return;
    }
    html.append("<h3>Per step</h3>\n");
    List<Series> series = List.of(
        new Series("compute", COMPUTE, Mark.BARS, perStep(steps, StepRecord::totalComputeMs)),
        new Series("communication", COMM, Mark.BARS, perStep(steps, StepRecord::totalCommMs)),
        new Series("step virtual time", STEP_TIME, Mark.LINE, perStep(steps, StepRecord::stepVirtualMs)));
    html.append(SvgChart.render("Compute and communication per step", "step", "virtual ms", series, options, WIDTH, HEIGHT))
        .append("<p class=\"note\">Compute is summed over nodes and communication over links; work that runs")
        .append(" in parallel can make a bar taller than the step's virtual time.")
        .append(steps.size() > MAX_POINTS ? " Consecutive steps are averaged to " + MAX_POINTS + " points." : "")
        .append("</p>\n");
  }

  static String swatch(String color, String label) {
    return "<span class=\"swatch\" style=\"background:" + color + "\"></span>" + label;
  }

  private static void addBars(List<Bar> bars, Map<String, Double> msById, String color) {
    msById.forEach((id, ms) -> bars.add(new Bar(id, ms, color)));
  }

  /** One point per step, averaged down to at most {@link #MAX_POINTS}. */
  private static List<Point> perStep(List<StepRecord> steps, ToDoubleFunction<StepRecord> value) {
    List<Point> points = steps.stream().map(s -> new Point(s.step(), value.applyAsDouble(s))).toList();
    return SvgChart.downsample(points, MAX_POINTS);
  }

  public static String milliseconds(double ms) {
    return Decimals.format(ms, SHOWN_DECIMALS) + " ms";
  }
}
