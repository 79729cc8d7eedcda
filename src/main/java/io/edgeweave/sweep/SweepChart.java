package io.edgeweave.sweep;

import io.edgeweave.metrics.AtomicFiles;
import io.edgeweave.metrics.SvgChart;
import io.edgeweave.metrics.SvgChart.Mark;
import io.edgeweave.metrics.SvgChart.Options;
import io.edgeweave.metrics.SvgChart.Point;
import io.edgeweave.metrics.SvgChart.Series;
import io.edgeweave.scenario.ScenarioLoader;
import io.edgeweave.scenario.SweepSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A sweep's chart as SVG files: one per panel, a line per series, baselines as dashed horizontal lines. */
public final class SweepChart {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 520;
  private static final String BASELINE = "#555555";

  private SweepChart() {}

  /** Writes the charts into {@code directory}; returns the files written. */
  public static List<Path> write(SweepSpec.Chart chart, List<SweepRow> rows, Path directory) throws IOException {
    Set<String> panels = new LinkedHashSet<>();
    rows.forEach(r -> panels.add(chart.panel().isEmpty() ? "" : r.labels().getOrDefault(chart.panel(), "")));
    List<Path> files = new ArrayList<>();
    for (String panel : panels) {
      List<SweepRow> inPanel = rows.stream()
          .filter(r -> chart.panel().isEmpty() || panel.equals(r.labels().get(chart.panel())))
          .toList();
      String name = chart.y() + (panel.isEmpty() ? "" : "-" + panel.replaceAll("[^A-Za-z0-9.]+", "-"));
      Path file = directory.resolve(name + ".svg");
      AtomicFiles.write(file, draw(chart, panel, inPanel).getBytes(StandardCharsets.UTF_8));
      files.add(file);
    }
    return files;
  }

  static String draw(SweepSpec.Chart chart, String panel, List<SweepRow> rows) {
    String yLabel = chart.y().replace('_', ' ');
    String title = yLabel + (panel.isEmpty() ? "" : " (" + chart.panel() + " " + panel + ")");
    Map<String, List<Point>> lines = new LinkedHashMap<>();
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    for (SweepRow r : rows) {
      if (r.labels().containsKey(ScenarioLoader.BASELINE)) continue;
      double x = number(r.labels().get(chart.x()));
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      lines.computeIfAbsent(r.labels().get(chart.series()), k -> new ArrayList<>()).add(new Point(x, r.metric(chart.y())));
    }
    List<Series> series = new ArrayList<>();
    int index = 0;
    for (Map.Entry<String, List<Point>> line : lines.entrySet()) {
      List<Point> points = line.getValue().stream().sorted(Comparator.comparingDouble(Point::x)).toList();
      String color = SvgChart.PALETTE.get(index++ % SvgChart.PALETTE.size());
      series.add(new Series(line.getKey(), color, Mark.LINE, points));
      series.add(new Series("", color, Mark.DOTS, points));
    }
    for (SweepRow r : rows) {
      String label = r.labels().get(ScenarioLoader.BASELINE);
      if (label == null || Double.isInfinite(minX)) continue;
      double y = r.metric(chart.y());
      series.add(new Series(label, BASELINE, Mark.DASHED, List.of(new Point(minX, y), new Point(maxX, y))));
    }
    return SvgChart.render(title, chart.x(), yLabel, series, new Options(chart.logarithmic(), List.of()), WIDTH, HEIGHT);
  }

  /** The number in a label such as {@code 20} or {@code "20 dB"} (checked when the sweep is read). */
  private static double number(String label) {
    return Double.parseDouble(label.replaceAll("[^0-9.eE+-]", ""));
  }
}
