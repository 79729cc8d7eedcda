package io.edgeweave.sweep;

import io.edgeweave.scenario.ScenarioLoader;
import io.edgeweave.scenario.SweepSpec;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A sweep's chart as PNG files: one per panel, a line per series, baselines as dashed horizontal lines. */
public final class SweepChart {
  private SweepChart() {}

  /** Writes the charts into {@code directory}; returns the files written. */
  public static List<Path> write(SweepSpec.Chart chart, List<SweepRow> rows, Path directory) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Set<String> panels = new LinkedHashSet<>();
    rows.forEach(r -> panels.add(chart.panel().isEmpty() ? "" : r.labels().getOrDefault(chart.panel(), "")));
    List<Path> files = new ArrayList<>();
    for (String panel : panels) {
      List<SweepRow> inPanel = rows.stream()
          .filter(r -> chart.panel().isEmpty() || panel.equals(r.labels().get(chart.panel())))
          .toList();
      String name = chart.y() + (panel.isEmpty() ? "" : "-" + panel.replaceAll("[^A-Za-z0-9.]+", "-"));
      Path file = directory.resolve(name + ".png");
      BitmapEncoder.saveBitmap(draw(chart, panel, inPanel), file.toString(), BitmapEncoder.BitmapFormat.PNG);
      files.add(file);
    }
    return files;
  }

  private static XYChart draw(SweepSpec.Chart chart, String panel, List<SweepRow> rows) {
    String title = chart.y().replace('_', ' ') + (panel.isEmpty() ? "" : " (" + chart.panel() + " " + panel + ")");
    XYChart xy = new XYChartBuilder().width(900).height(560).title(title)
        .xAxisTitle(chart.x()).yAxisTitle(chart.y().replace('_', ' ')).build();
    xy.getStyler().setChartBackgroundColor(Color.WHITE);
    xy.getStyler().setLegendVisible(true);
    xy.getStyler().setYAxisLogarithmic(chart.logarithmic());
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    for (SweepRow r : rows) {
      if (r.labels().containsKey(ScenarioLoader.BASELINE)) continue;
      double x = number(r.labels().get(chart.x()));
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      series.computeIfAbsent(r.labels().get(chart.series()), k -> new ArrayList<>()).add(new double[] {x, r.metric(chart.y())});
    }
    series.forEach((label, points) -> {
      points.sort((a, b) -> Double.compare(a[0], b[0]));
      xy.addSeries(label, points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray());
    });
    for (SweepRow r : rows) {
      String label = r.labels().get(ScenarioLoader.BASELINE);
      if (label == null || Double.isInfinite(minX)) continue;
      double y = r.metric(chart.y());
      XYSeries line = xy.addSeries(label, new double[] {minX, maxX}, new double[] {y, y});
      line.setMarker(SeriesMarkers.NONE);
      line.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
      line.setLineColor(Color.DARK_GRAY);
    }
    return xy;
  }

  /** The number in a label such as {@code 20} or {@code "20 dB"} (checked when the sweep is read). */
  private static double number(String label) {
    return Double.parseDouble(label.replaceAll("[^0-9.eE+-]", ""));
  }
}
