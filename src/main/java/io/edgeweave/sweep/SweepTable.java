package io.edgeweave.sweep;

import io.edgeweave.scenario.ScenarioLoader;
import io.edgeweave.scenario.SweepSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A sweep's table as Markdown: a row per {@code rows} label, a column per {@code columns} label and value. With
 * several seeds a cell is the mean ± sample standard deviation (n) over the runs that completed; with one, the value.
 */
public final class SweepTable {
  private SweepTable() {}

  public static String markdown(SweepSpec.Table table, List<SweepRow> rows) {
    boolean seeded = Spread.seeded(rows);
    List<SweepRow> grid = rows.stream().filter(r -> !r.labels().containsKey(ScenarioLoader.BASELINE)).toList();
    Set<String> rowLabels = new LinkedHashSet<>();
    Set<String> columnLabels = new LinkedHashSet<>();
    grid.forEach(r -> {
      rowLabels.add(r.labels().get(table.rows()));
      columnLabels.add(r.labels().get(table.columns()));
    });
    StringBuilder out = new StringBuilder();
    List<String> header = new ArrayList<>(List.of(table.rows()));
    for (String c : columnLabels) {
      for (String v : table.values()) header.add(c + ": " + v.replace('_', ' '));
    }
    appendRow(out, header);
    appendRow(out, header.stream().map(h -> "---").toList());
    for (String r : rowLabels) {
      List<String> cells = new ArrayList<>(List.of(r));
      for (String c : columnLabels) {
        List<SweepRow> matching = grid.stream()
            .filter(g -> r.equals(g.labels().get(table.rows())) && c.equals(g.labels().get(table.columns())))
            .toList();
        for (String v : table.values()) cells.add(format(Spread.of(matching, v), seeded));
      }
      appendRow(out, cells);
    }
    for (Map.Entry<Map<String, String>, List<SweepRow>> point : Spread.byPoint(rows).entrySet()) {
      String label = point.getKey().get(ScenarioLoader.BASELINE);
      if (label == null) continue;
      List<String> parts = new ArrayList<>();
      for (String v : table.values()) parts.add(v.replace('_', ' ') + " " + format(Spread.of(point.getValue(), v), seeded));
      out.append('\n').append("baseline ").append(label);
      point.getKey().forEach((k, l) -> {
        if (!k.equals(ScenarioLoader.BASELINE)) out.append(" (").append(k).append(' ').append(l).append(')');
      });
      out.append(": ").append(String.join(", ", parts)).append('\n');
    }
    return out.toString();
  }

  /**
   * A cell: the mean of the matching runs (one run per seed unless other axes vary too); with {@code seeded}, also
   * the standard deviation and n, as {@code 0.8612 ± 0.0040 (n=3)}.
   */
  static String format(Spread s, boolean seeded) {
    if (!seeded || s.n() == 0) return format(s.mean(), s.mean());
    String sd = Double.isNaN(s.sd()) ? "" : " ± " + format(s.sd(), s.mean());
    return format(s.mean(), s.mean()) + sd + " (n=" + s.n() + ")";
  }

  /** {@code v} with as many decimals as {@code scale}'s size asks for. */
  private static String format(double v, double scale) {
    if (Double.isNaN(v)) return "-";
    if (Math.abs(scale) >= 1000) return String.format(Locale.ROOT, "%,.0f", v);
    return String.format(Locale.ROOT, Math.abs(scale) >= 10 ? "%.1f" : "%.4f", v);
  }

  private static void appendRow(StringBuilder out, List<String> cells) {
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }
}
