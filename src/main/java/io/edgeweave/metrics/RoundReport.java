package io.edgeweave.metrics;

import io.edgeweave.metrics.SvgChart.Mark;
import io.edgeweave.metrics.SvgChart.Point;
import io.edgeweave.metrics.SvgChart.Series;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The report of a collaborative run: key figures, test accuracy and training loss by round, every selected
 * device's outcome per round, and where each round's virtual and wall time went. One self-contained HTML
 * file, in the style of {@link HtmlReport}.
 */
public final class RoundReport {
  private static final int WIDTH = 800;
  private static final int HEIGHT = 300;
  private static final int MAX_POINTS = 500;
  private static final int SHOWN_DECIMALS = 3;
  private static final String[] OUTCOME_COLORS = {"#59a14f", "#edc948", "#f28e2b", "#e15759", "#b07aa1", "#9c755f"};
  private static final String DOWNLINK = "#76b7b2";
  private static final String COMPUTE = "#4e79a7";
  private static final String UPLINK = "#f28e2b";
  private static final String TOTAL = "#333333";

  private RoundReport() {}

  public static void write(Path file, RunSummary summary, CollaborationSummary collaboration, List<RoundRecord> rounds)
      throws IOException {
    AtomicFiles.write(file, render(summary, collaboration, rounds).getBytes(StandardCharsets.UTF_8));
  }

  static String render(RunSummary summary, CollaborationSummary c, List<RoundRecord> rounds) {
    StringBuilder html = HtmlReport.head(summary);
    keyFigures(html, summary, c);
    HtmlReport.accuracyChart(html, "round", rounds.stream()
        .filter(r -> r.testAccuracy().isPresent())
        .map(r -> new Point(r.round(), r.testAccuracy().getAsDouble()))
        .toList(), SvgChart.Options.PLAIN);
    if (rounds.isEmpty()) {
      return html.append("<p class=\"note\">no rounds completed</p>\n</body>\n</html>\n").toString();
    }
    html.append("<h2>Training loss</h2>\n").append(SvgChart.render("Training loss by round", "round", "loss",
        List.of(new Series("", COMPUTE, Mark.LINE, perRound(rounds, RoundRecord::trainLoss))), WIDTH, HEIGHT));
    outcomes(html, rounds);
    virtualTime(html, rounds);
    wallTime(html, rounds);
    return html.append("</body>\n</html>\n").toString();
  }

  private static void keyFigures(StringBuilder html, RunSummary s, CollaborationSummary c) {
    html.append("<h2>Key figures</h2>\n<table>\n");
    HtmlReport.row(html, "Scenario", s.scenario());
    HtmlReport.row(html, "Seed", Long.toString(s.seed()));
    HtmlReport.row(html, "Started at", s.startedAt().toString());
    HtmlReport.row(html, "Rounds completed", c.roundsCompleted() + " of " + c.rounds());
    HtmlReport.row(html, "Devices", c.devices() + ", " + c.perRound() + " per round");
    HtmlReport.row(html, "Test accuracy", s.testAccuracy() == null ? "no evaluation" : Decimals.format(s.testAccuracy()));
    HtmlReport.row(html, "Devices selected", Long.toString(c.selected()));
    HtmlReport.row(html, "… aggregated", Long.toString(c.arrived()));
    HtmlReport.row(html, "… stragglers", Long.toString(c.stragglers()));
    HtmlReport.row(html, "… dropped out", Long.toString(c.droppedOut()));
    HtmlReport.row(html, "… crashed", Long.toString(c.crashed()));
    HtmlReport.row(html, "… unreachable", Long.toString(c.unreachable()));
    HtmlReport.row(html, "… unanswered", Long.toString(c.unanswered()));
    HtmlReport.row(html, "Duplicate updates ignored", Long.toString(c.duplicatesIgnored()));
    HtmlReport.row(html, "Virtual time", HtmlReport.milliseconds(s.virtualTimeMs()));
    HtmlReport.row(html, "Wall time", HtmlReport.milliseconds(s.wallTimeMs()));
    HtmlReport.row(html, "Fleet ready after", HtmlReport.milliseconds(c.fleetReadyMs()));
    HtmlReport.row(html, "Peak heap in use", Decimals.format(c.peakHeapUsedBytes() / 1_048_576.0, SHOWN_DECIMALS) + " MiB");
    HtmlReport.row(html, "Link bytes", s.linkBytes() + " (" + Decimals.format(s.linkBytes() / 1_048_576.0, SHOWN_DECIMALS) + " MiB)");
    HtmlReport.row(html, "Transmissions lost / duplicated", s.messagesDropped() + " / " + s.messagesDuplicated());
    html.append("</table>\n");
  }

  private static void outcomes(StringBuilder html, List<RoundRecord> rounds) {
    List<String> names = List.of("aggregated", "stragglers", "dropped out", "crashed", "unreachable", "unanswered");
    List<ToDoubleFunction<RoundRecord>> counts = List.of(RoundRecord::arrived, RoundRecord::stragglers,
        RoundRecord::droppedOut, RoundRecord::crashed, RoundRecord::unreachable, RoundRecord::unanswered);
    List<Series> series = new java.util.ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      series.add(new Series(names.get(i), OUTCOME_COLORS[i], Mark.BARS, perRound(rounds, counts.get(i))));
    }
    html.append("<h2>Selected devices by outcome</h2>\n")
        .append(SvgChart.render("Selected devices by outcome per round", "round", "devices", series, WIDTH, HEIGHT))
        .append("<p class=\"note\">Every selected device is counted once: its update was aggregated, came after")
        .append(" the deadline, or never came (it dropped out, crashed, its link failed, or nothing was heard).</p>\n");
  }

  private static void virtualTime(StringBuilder html, List<RoundRecord> rounds) {
    List<Series> series = List.of(
        new Series("downlink (mean)", DOWNLINK, Mark.BARS, perRound(rounds, RoundRecord::meanDownlinkMs)),
        new Series("compute (mean)", COMPUTE, Mark.BARS, perRound(rounds, RoundRecord::meanComputeMs)),
        new Series("uplink (mean)", UPLINK, Mark.BARS, perRound(rounds, RoundRecord::meanUplinkMs)),
        new Series("round", TOTAL, Mark.LINE, perRound(rounds, RoundRecord::roundVirtualMs)));
    html.append("<h2>Virtual time per round</h2>\n")
        .append(SvgChart.render("Virtual time per round", "round", "virtual ms", series, WIDTH, HEIGHT))
        .append("<p class=\"note\">Bars: the mean aggregated device's downlink, local training and uplink. Line:")
        .append(" the round, which waits for its slowest device or its deadline, then aggregates.</p>\n");
  }

  private static void wallTime(StringBuilder html, List<RoundRecord> rounds) {
    List<Series> series = List.of(
        new Series("round", TOTAL, Mark.LINE, perRound(rounds, RoundRecord::wallTimeMs)),
        new Series("local training, summed over threads", COMPUTE, Mark.LINE,
            perRound(rounds, RoundRecord::trainingWallMs)));
    html.append("<h2>Wall time per round</h2>\n")
        .append(SvgChart.render("Wall time per round", "round", "wall ms", series, WIDTH, HEIGHT));
  }

  private static List<Point> perRound(List<RoundRecord> rounds, ToDoubleFunction<RoundRecord> value) {
    List<Point> points = rounds.stream().map(r -> new Point(r.round(), value.applyAsDouble(r))).toList();
    return SvgChart.downsample(points, MAX_POINTS);
  }
}
