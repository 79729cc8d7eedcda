package io.edgeweave.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.metrics.SvgChart.Mark;
import io.edgeweave.metrics.SvgChart.Point;
import io.edgeweave.metrics.SvgChart.Series;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SvgChartTest {
  private static final Pattern RECT = Pattern.compile(
      "<rect x=\"[^\"]+\" y=\"([^\"]+)\" width=\"[^\"]+\" height=\"([^\"]+)\"/>");

  @Test
  void emptyAndSinglePointChartsStayFinite() {
    String empty = SvgChart.render("t", "x", "y", List.of(new Series("", "#000", Mark.LINE, List.of())), 800, 300);
    String single = SvgChart.render("t", "x", "y",
        List.of(new Series("loss", "#000", Mark.LINE, List.of(new Point(1, 0.7)))), 800, 300);

    for (String svg : List.of(empty, single)) {
      assertTrue(svg.startsWith("<svg"));
      assertFalse(svg.contains("NaN") || svg.contains("Infinity"), svg);
    }
    assertTrue(single.contains("<circle"), "a lone point is drawn as a dot");
  }

  @Test
  void nonFiniteValuesSplitTheLine() {
    List<Point> points = List.of(new Point(0, 1), new Point(1, 2), new Point(2, Double.NaN),
        new Point(3, 2), new Point(4, 1));
    String svg = SvgChart.render("t", "x", "y", List.of(new Series("", "#000", Mark.LINE, points)), 800, 300);

    assertFalse(svg.contains("NaN"));
    assertEquals(2, svg.split("M", -1).length - 1, "two line segments");
  }

  @Test
  void errorBarsSpanEachPairAndABandIsAnArea() {
    List<Series> series = List.of(
        new Series("", "#00f", Mark.ERROR_BARS, List.of(new Point(0, 1), new Point(0, 3), new Point(10, 2), new Point(10, 4))),
        new Series("", "#555", Mark.BAND, List.of(new Point(0, 0), new Point(10, 0), new Point(10, 5), new Point(0, 5))));
    String svg = SvgChart.render("t", "x", "y", series, 800, 300);

    String bars = svg.substring(svg.indexOf("<g stroke-width=\"1.4\""), svg.indexOf("</g>", svg.indexOf("<g stroke-width=\"1.4\"")));
    assertEquals(6, bars.split("<line", -1).length - 1, "a bar and two caps per pair");
    Matcher bar = Pattern.compile("<line x1=\"([0-9.]+)\" y1=\"([0-9.]+)\" x2=\"\\1\" y2=\"([0-9.]+)\"/>").matcher(bars);
    assertTrue(bar.find(), bars);
    double[] band = Arrays.stream(svg.replaceAll("(?s).*<polygon[^>]* points=\"([^\"]*)\".*", "$1").split(" "))
        .mapToDouble(p -> Double.parseDouble(p.split(",")[1])).sorted().toArray();
    double barHeight = Double.parseDouble(bar.group(2)) - Double.parseDouble(bar.group(3));
    assertEquals(2.0 / 5, barHeight / (band[3] - band[0]), 1e-2, "from 1 to 3 against a band from 0 to 5");
  }

  @Test
  void barsStackAtEqualX() {
    List<Series> series = List.of(
        new Series("compute", "#00f", Mark.BARS, List.of(new Point(1, 3))),
        new Series("comm", "#f80", Mark.BARS, List.of(new Point(1, 4))));
    Matcher rects = RECT.matcher(SvgChart.render("t", "step", "ms", series, 800, 300));

    assertTrue(rects.find());
    double lowerTop = Double.parseDouble(rects.group(1));
    double lowerHeight = Double.parseDouble(rects.group(2));
    assertTrue(rects.find());
    double upperTop = Double.parseDouble(rects.group(1));
    double upperHeight = Double.parseDouble(rects.group(2));
    assertEquals(lowerTop, upperTop + upperHeight, 0.2, "upper bar sits on the lower one");
    assertEquals(4.0 / 3.0, upperHeight / lowerHeight, 0.01);
  }

  @Test
  void escapesTitlesAndNames() {
    String svg = SvgChart.render("<b>", "x&y", "y", List.of(new Series("<script>", "#000", Mark.DOTS,
        List.of(new Point(0, 0)))), 800, 300);

    assertFalse(svg.contains("<script>") || svg.contains("<b>"));
    assertTrue(svg.contains("&lt;script&gt;") && svg.contains("x&amp;y"));
  }

  @Test
  void logarithmicAxisTicksAtPowersOfTenAndSkipsNonPositiveValues() {
    List<Point> points = List.of(new Point(0, 3), new Point(1, 2500), new Point(2, 0), new Point(3, 40), new Point(4, 400));
    String svg = SvgChart.render("t", "x", "y", List.of(new Series("", "#000", Mark.LINE, points)),
        new SvgChart.Options(true, List.of()), 800, 300);

    for (String tick : List.of(">1<", ">10<", ">100<", ">1000<", ">10000<")) assertTrue(svg.contains(tick), tick);
    assertEquals(2, svg.split("M", -1).length - 1, "zero cannot be drawn: the line breaks there");
    assertFalse(svg.contains("NaN") || svg.contains("Infinity"));
  }

  @Test
  void markersAreBandsOrLinesNumberedInALegendBelow() {
    List<SvgChart.Marker> markers = List.of(new SvgChart.Marker("partition <a>", "#f80", 2, 5),
        SvgChart.Marker.at("kill-jvm b", "#e00", 7));
    String svg = SvgChart.render("t", "x", "y",
        List.of(new Series("", "#000", Mark.LINE, List.of(new Point(0, 1), new Point(10, 2)))),
        new SvgChart.Options(false, markers), 800, 300);

    assertTrue(svg.contains("height=\"340\""), "two legend rows below the plot");
    assertEquals(1, svg.split("class=\"marker window\"", -1).length - 1);
    assertEquals(1, svg.split("class=\"marker event\"", -1).length - 1);
    assertEquals(2, svg.split("class=\"marker-legend\"", -1).length - 1);
    assertTrue(svg.contains("partition &lt;a&gt;") && svg.contains("kill-jvm b"));
  }

  @Test
  void dashedSeriesAreDashed() {
    String svg = SvgChart.render("t", "x", "y",
        List.of(new Series("baseline", "#555", Mark.DASHED, List.of(new Point(0, 1), new Point(1, 1)))), 800, 300);

    assertTrue(svg.contains("<path fill=\"none\" stroke-width=\"1.8\" stroke-linejoin=\"round\" stroke-dasharray"));
  }

  @Test
  void downsampleAveragesConsecutiveBuckets() {
    List<Point> points = IntStream.range(0, 1000).mapToObj(i -> new Point(i, i % 2)).toList();

    List<Point> reduced = SvgChart.downsample(points, 500);

    assertEquals(500, reduced.size());
    assertEquals(new Point(0.5, 0.5), reduced.get(0));
    assertEquals(new Point(998.5, 0.5), reduced.get(499));
    assertEquals(points.subList(0, 3), SvgChart.downsample(points.subList(0, 3), 500));
  }
}
