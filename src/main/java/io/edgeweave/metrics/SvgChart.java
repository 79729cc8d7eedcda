package io.edgeweave.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Draws x–y charts as self-contained inline SVG: lines, dots and stacked bars over one pair of
 * axes with tick labels and a legend, optionally a logarithmic y axis, and markers along x (bands for
 * windows, vertical lines for instants) numbered in a legend under the chart. Non-finite values leave
 * gaps (so do values at or below zero on a logarithmic axis); all text is escaped.
 */
public final class SvgChart {
  private static final int RIGHT = 16;
  private static final int TOP = 12;
  private static final int LEGEND = 22;
  private static final int BOTTOM = 46;
  private static final int CHAR_PX = 7;
  private static final double MAX_BAR_PX = 40;
  /** Distinct series colours (Tableau 10), for charts with any number of series: cycle through them. */
  public static final List<String> PALETTE = List.of(
      "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac");
  private static final int MARKER_ROW = 16;
  private static final String DASHES = " stroke-dasharray=\"8 6\"";

  /** One data point. */
  public record Point(double x, double y) {
    /** Whether both coordinates are finite, that is, whether the point can be drawn. */
    public boolean isFinite() {
      return Double.isFinite(x) && Double.isFinite(y);
    }
  }

  /** How a series is drawn. Bar series stack on each other from zero at equal x. */
  /**
   * How a series is drawn. {@code ERROR_BARS}: its points in pairs (x, low), (x, high), a capped vertical bar per
   * pair; {@code BAND}: a translucent area whose outline runs through its points.
   */
  public enum Mark { LINE, DASHED, DOTS, BARS, ERROR_BARS, BAND }

  /**
   * Something that happened along x: a window from {@code from} to {@code to} (drawn as a band), or an
   * instant when {@code to == from} (a vertical line). Markers are numbered in order in the chart and its legend.
   */
  public record Marker(String label, String color, double from, double to) {
    public Marker {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(color, "color");
      if (!(to >= from)) throw new IllegalArgumentException("marker " + label + " ends before it starts: " + from + ", " + to);
    }

    public static Marker at(String label, String color, double x) {
      return new Marker(label, color, x, x);
    }

    public boolean isWindow() {
      return to > from;
    }
  }

  /** How a chart is drawn beyond its series: a logarithmic y axis (no bars then), markers along x. */
  public record Options(boolean logY, List<Marker> markers) {
    public static final Options PLAIN = new Options(false, List.of());

    public Options {
      markers = List.copyOf(markers);
    }
  }

  /** A named, coloured data series; an empty name keeps it out of the legend. */
  public record Series(String name, String color, Mark mark, List<Point> points) {
    public Series {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(color, "color");
      Objects.requireNonNull(mark, "mark");
      points = List.copyOf(points);
    }
  }

  private SvgChart() {}

  /** Renders the series as an SVG element {@code width} × {@code height} pixels large. */
  public static String render(String title, String xLabel, String yLabel, List<Series> series,
      int width, int height) {
    return render(title, xLabel, yLabel, series, Options.PLAIN, width, height);
  }

  /**
   * Renders the series as an SVG element {@code width} pixels wide and {@code height} high, plus a row per
   * marker for the markers' legend.
   */
  public static String render(String title, String xLabel, String yLabel, List<Series> series, Options options,
      int width, int height) {
    if (options.logY() && series.stream().anyMatch(s -> s.mark() == Mark.BARS)) {
      throw new IllegalArgumentException("bars need a linear y axis: " + title);
    }
    Frame frame = Frame.fit(series, options, width, height);
    int total = height + (options.markers().isEmpty() ? 0 : options.markers().size() * MARKER_ROW + 8);
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
            + " role=\"img\" aria-label=\"%s\" font-family=\"sans-serif\" font-size=\"12\" fill=\"#333\">\n",
        width, total, width, total, Html.escape(title)));
    drawAxes(svg, frame, xLabel, yLabel);
    drawMarkerBands(svg, frame, options.markers());
    drawBars(svg, frame, series);
    series.stream().filter(s -> s.mark() == Mark.BAND).forEach(s -> drawBand(svg, frame, s));
    series.stream().filter(s -> s.mark() == Mark.ERROR_BARS).forEach(s -> drawErrorBars(svg, frame, s));
    series.stream().filter(s -> s.mark() == Mark.LINE || s.mark() == Mark.DASHED).forEach(s -> drawLine(svg, frame, s));
    series.stream().filter(s -> s.mark() == Mark.DOTS).forEach(s -> drawDots(svg, frame, s.color(), s.points()));
    drawMarkerLines(svg, frame, options.markers());
    drawLegend(svg, frame, series);
    drawMarkerLegend(svg, frame, options.markers());
    return svg.append("</svg>\n").toString();
  }

  /**
   * At most {@code maxPoints} points: consecutive points are merged into equal buckets by averaging
   * x and the finite y values (a bucket without any stays non-finite). Equal-length inputs get equal
   * buckets, so series that shared x values still do.
   */
  public static List<Point> downsample(List<Point> points, int maxPoints) {
    if (maxPoints < 1) {
      throw new IllegalArgumentException("maxPoints must be >= 1: " + maxPoints);
    }
    if (points.size() <= maxPoints) {
      return List.copyOf(points);
    }
    List<Point> merged = new ArrayList<>(maxPoints);
    for (int bucket = 0; bucket < maxPoints; bucket++) {
      int from = (int) ((long) points.size() * bucket / maxPoints);
      int to = (int) ((long) points.size() * (bucket + 1) / maxPoints);
      double xSum = 0;
      double ySum = 0;
      int finite = 0;
      for (Point p : points.subList(from, to)) {
        xSum += p.x();
        if (Double.isFinite(p.y())) {
          ySum += p.y();
          finite++;
        }
      }
      merged.add(new Point(xSum / (to - from), finite > 0 ? ySum / finite : Double.NaN));
    }
    return merged;
  }

  /** Where the plot area lies and how data maps onto it. */
  private record Frame(int width, int height, int left, int top, Ticks x, Ticks y, boolean logY, double barWidth) {
    static Frame fit(List<Series> series, Options options, int width, int height) {
      boolean logY = options.logY();
      double xLow = Double.POSITIVE_INFINITY;
      double xHigh = Double.NEGATIVE_INFINITY;
      double yLow = Double.POSITIVE_INFINITY;
      double yHigh = Double.NEGATIVE_INFINITY;
      boolean wholeX = true;
      for (Series s : series) {
        for (Point p : s.points()) {
          if (SvgChart.drawable(p, logY)) {
            xLow = Math.min(xLow, p.x());
            xHigh = Math.max(xHigh, p.x());
            yLow = Math.min(yLow, logY ? Math.log10(p.y()) : p.y());
            yHigh = Math.max(yHigh, logY ? Math.log10(p.y()) : p.y());
            wholeX &= p.x() == Math.rint(p.x());
          }
        }
      }
      for (Marker m : options.markers()) {
        xLow = Math.min(xLow, m.from());
        xHigh = Math.max(xHigh, m.to());
      }
      Map<Double, Double> stackTops = stackTops(series);
      if (!stackTops.isEmpty()) {
        yLow = Math.min(yLow, 0);
        yHigh = Math.max(yHigh, stackTops.values().stream().mapToDouble(Double::doubleValue).max().orElse(0));
      }
      if (xLow > xHigh) {
        xLow = 0;
        xHigh = 1;
      }
      if (yLow > yHigh) {
        yLow = 0;
        yHigh = 1;
      }
      double barSpacing = barSpacing(stackTops.keySet());
      Ticks x = Ticks.spanning(xLow - barSpacing / 2, xHigh + barSpacing / 2, 6, wholeX);
      Ticks y = logY ? Ticks.decades(yLow, yHigh) : Ticks.spanning(yLow, yHigh, 5, false).roundedOut();
      int labelChars = y.values().stream().mapToInt(v -> yTickLabel(v, logY).length()).max().orElse(1);
      int left = 28 + labelChars * CHAR_PX;
      boolean legend = series.stream().anyMatch(s -> !s.name().isEmpty());
      int top = TOP + (legend ? LEGEND : 0);
      double plotWidth = width - left - RIGHT;
      double spacingPx = Math.min(MAX_BAR_PX, barSpacing / x.span() * plotWidth);
      // Wide bars get gaps; dense ones overlap a little so that pixel snapping leaves no seams.
      double barWidth = spacingPx > 4 ? spacingPx * 0.8 : spacingPx + 0.6;
      return new Frame(width, height, left, top, x, y, logY, barWidth);
    }

    /** Where a data value lies on the y axis (its logarithm on a logarithmic axis). */
    double py(double value) {
      return pyAxis(logY ? Math.log10(value) : value);
    }

    /** Where a position on the axis (a tick) lies. */
    double pyAxis(double axisValue) {
      return height - BOTTOM - (axisValue - y.low()) / y.span() * (height - BOTTOM - top);
    }

    boolean drawable(Point p) {
      return SvgChart.drawable(p, logY);
    }

    double px(double value) {
      return left + (value - x.low()) / x.span() * (width - left - RIGHT);
    }

  }

  private static boolean drawable(Point p, boolean logY) {
    return p.isFinite() && (!logY || p.y() > 0);
  }

  /** A tick's label: the axis value, or on a logarithmic axis the power of ten it stands for. */
  private static String yTickLabel(double axisValue, boolean logY) {
    return Decimals.format(logY ? Math.pow(10, axisValue) : axisValue);
  }

  /** Stacked height at each x where bar series have a finite value. */
  private static Map<Double, Double> stackTops(List<Series> series) {
    Map<Double, Double> tops = new HashMap<>();
    for (Series s : series) {
      if (s.mark() == Mark.BARS) {
        s.points().stream()
            .filter(Point::isFinite)
            .forEach(p -> tops.merge(p.x(), p.y(), Double::sum));
      }
    }
    return tops;
  }

  /** Smallest gap between bar positions, 1 when there is no gap to measure, 0 without bars. */
  private static double barSpacing(Iterable<Double> barXs) {
    TreeSet<Double> sorted = new TreeSet<>();
    barXs.forEach(sorted::add);
    if (sorted.isEmpty()) {
      return 0;
    }
    double spacing = Double.POSITIVE_INFINITY;
    Double previous = null;
    for (double x : sorted) {
      if (previous != null) {
        spacing = Math.min(spacing, x - previous);
      }
      previous = x;
    }
    return Double.isFinite(spacing) ? spacing : 1;
  }

  private static void drawAxes(StringBuilder svg, Frame f, String xLabel, String yLabel) {
    double bottom = f.pyAxis(f.y().low());
    double right = f.px(f.x().high());
    svg.append("<g stroke=\"#e3e3e3\">\n");
    for (double v : f.y().values()) {
      svg.append(line(f.left(), f.pyAxis(v), right, f.pyAxis(v), ""));
    }
    svg.append("</g>\n<g text-anchor=\"end\">\n");
    for (double v : f.y().values()) {
      svg.append(text(f.left() - 6, f.pyAxis(v) + 4, yTickLabel(v, f.logY()), ""));
    }
    svg.append("</g>\n<g text-anchor=\"middle\">\n");
    for (double v : f.x().values()) {
      svg.append(line(f.px(v), bottom, f.px(v), bottom + 4, " stroke=\"#999\""));
      svg.append(text(f.px(v), bottom + 17, Decimals.format(v), ""));
    }
    svg.append(text((f.left() + right) / 2, f.height() - 8, xLabel, ""));
    double middle = (f.top() + bottom) / 2;
    String rotate = String.format(Locale.ROOT, " transform=\"rotate(-90 14 %.1f)\"", middle);
    svg.append(text(14, middle, yLabel, rotate));
    svg.append("</g>\n");
    svg.append(String.format(Locale.ROOT,
        "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#999\"/>\n",
        f.left(), f.top(), right - f.left(), bottom - f.top()));
  }

  private static void drawBars(StringBuilder svg, Frame f, List<Series> series) {
    Map<Double, Double> bases = new HashMap<>();
    for (Series s : series) {
      if (s.mark() != Mark.BARS) {
        continue;
      }
      svg.append("<g shape-rendering=\"crispEdges\" fill=\"").append(Html.escape(s.color())).append("\">\n");
      for (Point p : s.points()) {
        if (p.isFinite()) {
          double base = bases.getOrDefault(p.x(), 0.0);
          bases.put(p.x(), base + p.y());
          double top = f.py(Math.max(base, base + p.y()));
          double bottom = f.py(Math.min(base, base + p.y()));
          svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" height=\"%.2f\"/>\n",
              f.px(p.x()) - f.barWidth() / 2, top, f.barWidth(), bottom - top));
        }
      }
      svg.append("</g>\n");
    }
  }

  /** A polyline through consecutive finite points; a point with no finite neighbour gets a dot. */
  private static void drawLine(StringBuilder svg, Frame f, Series s) {
    StringBuilder path = new StringBuilder();
    List<Point> run = new ArrayList<>();
    List<Point> isolated = new ArrayList<>();
    for (Point p : s.points()) {
      if (f.drawable(p)) {
        run.add(p);
      } else {
        endRun(f, run, path, isolated);
      }
    }
    endRun(f, run, path, isolated);
    if (path.length() > 0) {
      svg.append("<path fill=\"none\" stroke-width=\"1.8\" stroke-linejoin=\"round\"")
          .append(s.mark() == Mark.DASHED ? DASHES : "")
          .append(" stroke=\"").append(Html.escape(s.color())).append("\" d=\"").append(path.toString().trim())
          .append("\"/>\n");
    }
    drawDots(svg, f, s.color(), isolated);
  }

  private static void drawBand(StringBuilder svg, Frame f, Series s) {
    StringBuilder points = new StringBuilder();
    s.points().stream().filter(f::drawable)
        .forEach(p -> points.append(String.format(Locale.ROOT, "%.1f,%.1f ", f.px(p.x()), f.py(p.y()))));
    svg.append("<polygon fill-opacity=\"0.15\" stroke=\"none\" fill=\"").append(Html.escape(s.color()))
        .append("\" points=\"").append(points.toString().trim()).append("\"/>\n");
  }

  private static void drawErrorBars(StringBuilder svg, Frame f, Series s) {
    svg.append("<g stroke-width=\"1.4\" stroke=\"").append(Html.escape(s.color())).append("\">\n");
    for (int i = 0; i + 1 < s.points().size(); i += 2) {
      Point low = s.points().get(i);
      Point high = s.points().get(i + 1);
      if (!f.drawable(low) || !f.drawable(high)) continue;
      double x = f.px(low.x());
      svg.append(line(x, f.py(low.y()), x, f.py(high.y()), ""));
      svg.append(line(x - 4, f.py(low.y()), x + 4, f.py(low.y()), ""));
      svg.append(line(x - 4, f.py(high.y()), x + 4, f.py(high.y()), ""));
    }
    svg.append("</g>\n");
  }

  private static void endRun(Frame f, List<Point> run, StringBuilder path, List<Point> isolated) {
    if (run.size() == 1) {
      isolated.add(run.get(0));
    } else {
      for (int i = 0; i < run.size(); i++) {
        Point p = run.get(i);
        path.append(String.format(Locale.ROOT, "%s%.1f %.1f ", i == 0 ? "M" : "L", f.px(p.x()), f.py(p.y())));
      }
    }
    run.clear();
  }

  private static void drawDots(StringBuilder svg, Frame f, String color, List<Point> points) {
    svg.append("<g fill=\"").append(Html.escape(color)).append("\">\n");
    for (Point p : points) {
      if (f.drawable(p)) {
        svg.append(circle(f.px(p.x()), f.py(p.y()), ""));
      }
    }
    svg.append("</g>\n");
  }

  private static void drawLegend(StringBuilder svg, Frame f, List<Series> series) {
    double x = f.left();
    double y = TOP + 8;
    for (Series s : series) {
      if (s.name().isEmpty()) {
        continue;
      }
      String color = Html.escape(s.color());
      svg.append(switch (s.mark()) {
        case LINE -> line(x, y, x + 16, y, " stroke-width=\"2\" stroke=\"" + color + "\"");
        case DASHED -> line(x, y, x + 16, y, " stroke-width=\"2\" stroke-dasharray=\"5 3\" stroke=\"" + color + "\"");
        case DOTS -> circle(x + 8, y, " fill=\"" + color + "\"");
        case BARS, BAND -> String.format(Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>\n", x + 2, y - 6, color);
        case ERROR_BARS -> line(x + 8, y - 6, x + 8, y + 6, " stroke-width=\"1.4\" stroke=\"" + color + "\"");
      });
      svg.append(text(x + 22, y + 4, s.name(), ""));
      x += 40 + s.name().length() * CHAR_PX;
    }
  }

  /** Windows as translucent bands behind the data, each with its number at the top. */
  private static void drawMarkerBands(StringBuilder svg, Frame f, List<Marker> markers) {
    double top = f.top();
    double bottom = f.pyAxis(f.y().low());
    for (int i = 0; i < markers.size(); i++) {
      Marker m = markers.get(i);
      if (!m.isWindow()) continue;
      String color = Html.escape(m.color());
      svg.append(String.format(Locale.ROOT,
          "<g class=\"marker window\"><title>%s</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
              + " fill=\"%s\" fill-opacity=\"0.18\" stroke=\"%s\" stroke-opacity=\"0.5\"/>%s</g>\n",
          Html.escape(m.label()), f.px(m.from()), top, f.px(m.to()) - f.px(m.from()), bottom - top, color, color,
          markerNumber(f.px(m.from()) + 3, top, i, color, "start")));
    }
  }

  /** Instants as dashed vertical lines over the data, each with its number at the top. */
  private static void drawMarkerLines(StringBuilder svg, Frame f, List<Marker> markers) {
    double top = f.top();
    double bottom = f.pyAxis(f.y().low());
    for (int i = 0; i < markers.size(); i++) {
      Marker m = markers.get(i);
      if (m.isWindow()) continue;
      String color = Html.escape(m.color());
      svg.append("<g class=\"marker event\"><title>").append(Html.escape(m.label())).append("</title>")
          .append(line(f.px(m.from()), top, f.px(m.from()), bottom,
              " stroke-width=\"2\" stroke-dasharray=\"4 3\" stroke=\"" + color + "\"").strip())
          .append(markerNumber(f.px(m.from()) + 3, top, i, color, "start")).append("</g>\n");
    }
  }

  private static String markerNumber(double x, double top, int index, String color, String anchor) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\" fill=\"%s\" text-anchor=\"%s\">%d</text>",
        x, top + 12, color, anchor, index + 1);
  }

  /** One row per marker under the x-axis label: its number, a swatch, its label. */
  private static void drawMarkerLegend(StringBuilder svg, Frame f, List<Marker> markers) {
    for (int i = 0; i < markers.size(); i++) {
      Marker m = markers.get(i);
      double y = f.height() + 8 + i * MARKER_ROW;
      String color = Html.escape(m.color());
      svg.append("<g class=\"marker-legend\">");
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-weight=\"bold\" fill=\"%s\">%d</text>",
          f.left(), y, color, i + 1));
      svg.append(m.isWindow()
          ? String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"16\" height=\"10\" fill=\"%s\" fill-opacity=\"0.35\"/>",
              f.left() + 20, y - 9, color)
          : line(f.left() + 28, y - 10, f.left() + 28, y + 1, " stroke-width=\"2\" stroke=\"" + color + "\"").strip());
      svg.append(text(f.left() + 44, y, m.label(), "").strip()).append("</g>\n");
    }
  }

  private static String line(double x1, double y1, double x2, double y2, String extraAttributes) {
    return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"%s/>\n",
        x1, y1, x2, y2, extraAttributes);
  }

  private static String circle(double x, double y, String extraAttributes) {
    return String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\"%s/>\n", x, y, extraAttributes);
  }

  private static String text(double x, double y, String content, String extraAttributes) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\"%s>%s</text>\n",
        x, y, extraAttributes, Html.escape(content));
  }
}
