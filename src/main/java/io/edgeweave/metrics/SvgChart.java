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
 * axes with tick labels and a legend. Non-finite values leave gaps; all text is escaped.
 */
public final class SvgChart {
  private static final int RIGHT = 16;
  private static final int TOP = 12;
  private static final int LEGEND = 22;
  private static final int BOTTOM = 46;
  private static final int CHAR_PX = 7;
  private static final double MAX_BAR_PX = 40;

  /** One data point. */
  public record Point(double x, double y) {
    /** Whether both coordinates are finite, that is, whether the point can be drawn. */
    public boolean isFinite() {
      return Double.isFinite(x) && Double.isFinite(y);
    }
  }

  /** How a series is drawn. Bar series stack on each other from zero at equal x. */
  public enum Mark { LINE, DOTS, BARS }

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
    Frame frame = Frame.fit(series, width, height);
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
            + " role=\"img\" aria-label=\"%s\" font-family=\"sans-serif\" font-size=\"12\" fill=\"#333\">\n",
        width, height, width, height, Html.escape(title)));
    drawAxes(svg, frame, xLabel, yLabel);
    drawBars(svg, frame, series);
    series.stream().filter(s -> s.mark() == Mark.LINE).forEach(s -> drawLine(svg, frame, s));
    series.stream().filter(s -> s.mark() == Mark.DOTS).forEach(s -> drawDots(svg, frame, s.color(), s.points()));
    drawLegend(svg, frame, series);
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
  private record Frame(int width, int height, int left, int top, Ticks x, Ticks y, double barWidth) {
    static Frame fit(List<Series> series, int width, int height) {
      double xLow = Double.POSITIVE_INFINITY;
      double xHigh = Double.NEGATIVE_INFINITY;
      double yLow = Double.POSITIVE_INFINITY;
      double yHigh = Double.NEGATIVE_INFINITY;
      boolean wholeX = true;
      for (Series s : series) {
        for (Point p : s.points()) {
          if (p.isFinite()) {
            xLow = Math.min(xLow, p.x());
            xHigh = Math.max(xHigh, p.x());
            yLow = Math.min(yLow, p.y());
            yHigh = Math.max(yHigh, p.y());
            wholeX &= p.x() == Math.rint(p.x());
          }
        }
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
      Ticks y = Ticks.spanning(yLow, yHigh, 5, false).roundedOut();
      int labelChars = y.values().stream().mapToInt(v -> Decimals.format(v).length()).max().orElse(1);
      int left = 28 + labelChars * CHAR_PX;
      boolean legend = series.stream().anyMatch(s -> !s.name().isEmpty());
      int top = TOP + (legend ? LEGEND : 0);
      double plotWidth = width - left - RIGHT;
      double spacingPx = Math.min(MAX_BAR_PX, barSpacing / x.span() * plotWidth);
      // Wide bars get gaps; dense ones overlap a little so that pixel snapping leaves no seams.
      double barWidth = spacingPx > 4 ? spacingPx * 0.8 : spacingPx + 0.6;
      return new Frame(width, height, left, top, x, y, barWidth);
    }

    double px(double value) {
      return left + (value - x.low()) / x.span() * (width - left - RIGHT);
    }

    double py(double value) {
      return height - BOTTOM - (value - y.low()) / y.span() * (height - BOTTOM - top);
    }
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
    double bottom = f.py(f.y().low());
    double right = f.px(f.x().high());
    svg.append("<g stroke=\"#e3e3e3\">\n");
    for (double v : f.y().values()) {
      svg.append(line(f.left(), f.py(v), right, f.py(v), ""));
    }
    svg.append("</g>\n<g text-anchor=\"end\">\n");
    for (double v : f.y().values()) {
      svg.append(text(f.left() - 6, f.py(v) + 4, Decimals.format(v), ""));
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
      if (p.isFinite()) {
        run.add(p);
      } else {
        endRun(f, run, path, isolated);
      }
    }
    endRun(f, run, path, isolated);
    if (path.length() > 0) {
      svg.append("<path fill=\"none\" stroke-width=\"1.8\" stroke-linejoin=\"round\" stroke=\"")
          .append(Html.escape(s.color())).append("\" d=\"").append(path.toString().trim()).append("\"/>\n");
    }
    drawDots(svg, f, s.color(), isolated);
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
      if (p.isFinite()) {
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
        case DOTS -> circle(x + 8, y, " fill=\"" + color + "\"");
        case BARS -> String.format(Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>\n", x + 2, y - 6, color);
      });
      svg.append(text(x + 22, y + 4, s.name(), ""));
      x += 40 + s.name().length() * CHAR_PX;
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
