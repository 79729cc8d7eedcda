package io.edgeweave.metrics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a {@link Topology} as inline SVG: nodes as boxes in columns (the first node's side on the left, cloud nodes
 * on the right), each with what it ran, and links as lines labelled with their id and rate. What the scenario's
 * faults struck is drawn in red, dashed for links.
 */
public final class TopologySvg {
  private static final int WIDTH = 800;
  private static final int BOX_WIDTH = 160;
  private static final int LINE = 14;
  private static final int MAX_HELD_LINES = 4;
  private static final int ROW_GAP = 36;
  private static final int MARGIN = 16;
  private static final String STRUCK = "#c62828";

  private TopologySvg() {}

  public static String render(Topology topology) {
    Map<String, Integer> columns = columns(topology);
    int columnCount = columns.values().stream().mapToInt(c -> c + 1).max().orElse(1);
    Map<String, double[]> boxes = new LinkedHashMap<>(); // id → x, y, height
    double[] columnY = new double[columnCount];
    for (int c = 0; c < columnCount; c++) columnY[c] = MARGIN;
    double columnStep = columnCount == 1 ? 0 : (WIDTH - 2.0 * MARGIN - BOX_WIDTH) / (columnCount - 1);
    for (Topology.Node n : topology.nodes()) {
      int c = columns.get(n.id());
      double height = 40 + LINE * Math.min(n.held().size(), MAX_HELD_LINES + 1);
      boxes.put(n.id(), new double[] {MARGIN + c * columnStep, columnY[c], height});
      columnY[c] += height + ROW_GAP;
    }
    double height = 0;
    for (double y : columnY) height = Math.max(height, y);
    height += MARGIN - ROW_GAP; // the last box of the tallest column needs no gap below it
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %.0f\" width=\"%d\" height=\"%.0f\" role=\"img\""
            + " aria-label=\"topology\" class=\"topology\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#333\">\n",
        WIDTH, height, WIDTH, height));
    for (Topology.Link l : topology.links()) {
      double[] a = boxes.get(l.from());
      double[] b = boxes.get(l.to());
      if (a != null && b != null) link(svg, l, a, b, Math.abs(columns.get(l.from()) - columns.get(l.to())) != 1);
    }
    for (Topology.Node n : topology.nodes()) node(svg, n, boxes.get(n.id()));
    return svg.append("</svg>\n").toString();
  }

  /** Cloud nodes in the last column; the others by hops from the first of them, over links among them. */
  static Map<String, Integer> columns(Topology topology) {
    Map<String, List<String>> neighbours = new HashMap<>();
    for (Topology.Link l : topology.links()) {
      neighbours.computeIfAbsent(l.from(), k -> new ArrayList<>()).add(l.to());
      neighbours.computeIfAbsent(l.to(), k -> new ArrayList<>()).add(l.from());
    }
    Map<String, String> roles = new HashMap<>();
    topology.nodes().forEach(n -> roles.put(n.id(), n.role()));
    Map<String, Integer> columns = new LinkedHashMap<>();
    Deque<String> queue = new ArrayDeque<>();
    for (Topology.Node start : topology.nodes()) {
      if (columns.containsKey(start.id()) || start.role().equals("cloud")) continue;
      columns.put(start.id(), 0);
      queue.add(start.id());
      while (!queue.isEmpty()) {
        String id = queue.poll();
        for (String next : neighbours.getOrDefault(id, List.of())) {
          if (columns.containsKey(next) || "cloud".equals(roles.get(next))) continue;
          columns.put(next, columns.get(id) + 1);
          queue.add(next);
        }
      }
    }
    int cloudColumn = columns.values().stream().mapToInt(c -> c + 1).max().orElse(0);
    topology.nodes().forEach(n -> columns.putIfAbsent(n.id(), cloudColumn));
    return columns;
  }

  private static void link(StringBuilder svg, Topology.Link l, double[] a, double[] b, boolean curved) {
    double x1 = a[0] + BOX_WIDTH / 2.0;
    double y1 = a[1] + a[2] / 2;
    double x2 = b[0] + BOX_WIDTH / 2.0;
    double y2 = b[1] + b[2] / 2;
    // a link that skips a column (or stays in one) bends away from the boxes between its ends
    double bend = curved ? Math.max(60, Math.abs(x2 - x1) / 4) : 0;
    double cx = (x1 + x2) / 2 + (curved && x1 == x2 ? BOX_WIDTH * 0.8 : 0);
    double cy = (y1 + y2) / 2 - (curved && x1 != x2 ? bend : 0);
    String stroke = l.struck() ? " stroke=\"" + STRUCK + "\" stroke-width=\"2.5\" stroke-dasharray=\"6 4\"" : " stroke=\"#888\" stroke-width=\"1.5\"";
    double labelX = (x1 + 2 * cx + x2) / 4;
    double labelY = (y1 + 2 * cy + y2) / 4 - 4; // above the line
    svg.append(String.format(Locale.ROOT,
        "<g class=\"topology-link%s\"><title>%s</title><path fill=\"none\"%s d=\"M%.1f %.1f Q%.1f %.1f %.1f %.1f\"/>"
            + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"%s>%s</text></g>\n",
        l.struck() ? " struck" : "", Html.escape(l.id() + ": " + l.from() + " – " + l.to()), stroke,
        x1, y1, cx, cy, x2, y2, labelX, labelY, l.struck() ? " fill=\"" + STRUCK + "\"" : "",
        Html.escape(l.id() + " · " + l.detail())));
  }

  private static void node(StringBuilder svg, Topology.Node n, double[] box) {
    String border = n.struck() ? STRUCK : n.role().equals("cloud") ? "#4e79a7" : "#59a14f";
    svg.append(String.format(Locale.ROOT,
        "<g class=\"topology-node%s\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" rx=\"6\" fill=\"#f7f9fb\""
            + " stroke=\"%s\" stroke-width=\"%s\"/>",
        n.struck() ? " struck" : "", box[0], box[1], BOX_WIDTH, box[2], border, n.struck() ? "2.5" : "1.5"));
    double x = box[0] + 8;
    double y = box[1] + 16;
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\" font-size=\"12\">%s</text>",
        x, y, Html.escape(n.id())));
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#777\">%s%s</text>",
        x, y + LINE, Html.escape(n.role()), n.struck() ? " · struck by a fault" : ""));
    List<String> held = n.held();
    for (int i = 0; i < Math.min(held.size(), MAX_HELD_LINES + 1); i++) {
      String line = i == MAX_HELD_LINES ? "… " + (held.size() - MAX_HELD_LINES) + " more" : held.get(i);
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>", x, y + LINE * (i + 2) + 2,
          Html.escape(shortened(line))));
    }
    svg.append("</g>\n");
  }

  private static String shortened(String text) {
    int max = BOX_WIDTH / 6 - 2;
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
