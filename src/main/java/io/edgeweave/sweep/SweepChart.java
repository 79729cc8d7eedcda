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

/**
 * A sweep's chart as SVG files: one per panel, a line per series, baselines as dashed horizontal lines. With
 * several seeds a line goes through the means, with an error bar of ±1 sample standard deviation at each point, and
 * a baseline has a band of ±1 sd.
 */
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
    Map<String, List<Point>> bars = new LinkedHashMap<>();
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    Map<Map<String, String>, List<SweepRow>> points = Spread.byPoint(rows);
    for (Map.Entry<Map<String, String>, List<SweepRow>> p : points.entrySet()) {
      if (p.getKey().containsKey(ScenarioLoader.BASELINE)) continue;
      double x = number(p.getKey().get(chart.x()));
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      Spread s = Spread.of(p.getValue(), chart.y());
      String line = p.getKey().get(chart.series());
      lines.computeIfAbsent(line, k -> new ArrayList<>()).add(new Point(x, s.mean()));
      if (!Double.isNaN(s.sd())) {
        bars.computeIfAbsent(line, k -> new ArrayList<>()).addAll(List.of(new Point(x, s.mean() - s.sd()), new Point(x, s.mean() + s.sd())));
      }
    }
    List<Series> series = new ArrayList<>();
    int index = 0;
    for (Map.Entry<String, List<Point>> line : lines.entrySet()) {
      List<Point> sorted = line.getValue().stream().sorted(Comparator.comparingDouble(Point::x)).toList();
      String color = SvgChart.PALETTE.get(index++ % SvgChart.PALETTE.size());
      series.add(new Series(line.getKey(), color, Mark.LINE, sorted));
      series.add(new Series("", color, Mark.DOTS, sorted));
      if (bars.containsKey(line.getKey())) series.add(new Series("", color, Mark.ERROR_BARS, bars.get(line.getKey())));
    }
    for (Map.Entry<Map<String, String>, List<SweepRow>> p : points.entrySet()) {
      String label = p.getKey().get(ScenarioLoader.BASELINE);
      if (label == null || Double.isInfinite(minX)) continue;
      Spread s = Spread.of(p.getValue(), chart.y());
      series.add(new Series(label, BASELINE, Mark.DASHED, List.of(new Point(minX, s.mean()), new Point(maxX, s.mean()))));
      if (!Double.isNaN(s.sd())) {
        double low = s.mean() - s.sd();
        double high = s.mean() + s.sd();
        series.add(new Series("", BASELINE, Mark.BAND,
            List.of(new Point(minX, low), new Point(maxX, low), new Point(maxX, high), new Point(minX, high))));
      }
    }
    return SvgChart.render(title, chart.x(), yLabel, series, new Options(chart.logarithmic(), List.of()), WIDTH, HEIGHT);
  }

  /** The number in a label such as {@code 20} or {@code "20 dB"} (checked when the sweep is read). */
  private static double number(String label) {
    return Double.parseDouble(label.replaceAll("[^0-9.eE+-]", ""));
  }
}
