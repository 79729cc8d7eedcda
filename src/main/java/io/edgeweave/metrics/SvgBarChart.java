package io.edgeweave.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Draws horizontal bars as inline SVG: a label on the left, the value written after each bar. */
public final class SvgBarChart {
  private static final int ROW = 24;
  private static final int CHAR_PX = 7;
  private static final int MAX_LABEL_CHARS = 28;
  private static final int VALUE_TEXT = 120;
  private static final int SHOWN_DECIMALS = 3;

  /** One bar; all bars of a chart share one scale. */
  public record Bar(String label, double value, String color) {
    public Bar {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(color, "color");
    }
  }

  private SvgBarChart() {}

  /** Renders the bars, {@code width} pixels wide, with values followed by {@code unit}. */
  public static String render(String title, List<Bar> bars, String unit, int width) {
    int labelChars = bars.stream().mapToInt(b -> shortened(b.label()).length()).max().orElse(0);
    int labelWidth = 12 + labelChars * CHAR_PX;
    double barSpace = Math.max(1, width - labelWidth - VALUE_TEXT);
    double max = bars.stream().mapToDouble(Bar::value).filter(Double::isFinite).max().orElse(0);
    double scale = max > 0 ? barSpace / max : 0;
    int height = Math.max(1, bars.size()) * ROW + 8;
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
            + " role=\"img\" aria-label=\"%s\" font-family=\"sans-serif\" font-size=\"12\" fill=\"#333\">\n",
        width, height, width, height, Html.escape(title)));
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      double y = 4 + i * ROW;
      double length = Double.isFinite(bar.value()) && bar.value() > 0 ? bar.value() * scale : 0;
      svg.append(String.format(Locale.ROOT,
          "<g><title>%s</title>"
              + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>"
              + "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
              + "<text x=\"%.1f\" y=\"%.1f\">%s %s</text></g>\n",
          Html.escape(bar.label()),
          labelWidth - 6, y + 15, Html.escape(shortened(bar.label())),
          labelWidth, y + 3, length, ROW - 6, Html.escape(bar.color()),
          labelWidth + length + 6, y + 15, Decimals.format(bar.value(), SHOWN_DECIMALS), Html.escape(unit)));
    }
    return svg.append("</svg>\n").toString();
  }

  private static String shortened(String label) {
    return label.length() <= MAX_LABEL_CHARS ? label : label.substring(0, MAX_LABEL_CHARS - 1) + "…";
  }
}
