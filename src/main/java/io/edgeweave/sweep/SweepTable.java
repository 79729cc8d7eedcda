package io.edgeweave.sweep;

import io.edgeweave.scenario.ScenarioLoader;
import io.edgeweave.scenario.SweepSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A sweep's table as Markdown: a row per {@code rows} label, a column per {@code columns} label and value. */
public final class SweepTable {
  private SweepTable() {}

  public static String markdown(SweepSpec.Table table, List<SweepRow> rows) {
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
        for (String v : table.values()) cells.add(cell(grid, table, r, c, v));
      }
      appendRow(out, cells);
    }
    for (SweepRow baseline : rows) {
      String label = baseline.labels().get(ScenarioLoader.BASELINE);
      if (label == null) continue;
      List<String> parts = new ArrayList<>();
      for (String v : table.values()) parts.add(v.replace('_', ' ') + " " + format(baseline.metric(v)));
      out.append('\n').append("baseline ").append(label);
      baseline.labels().forEach((k, l) -> {
        if (!k.equals(ScenarioLoader.BASELINE)) out.append(" (").append(k).append(' ').append(l).append(')');
      });
      out.append(": ").append(String.join(", ", parts)).append('\n');
    }
    return out.toString();
  }

  /** The mean of the matching runs' values (one run unless other axes vary too). */
  private static String cell(List<SweepRow> grid, SweepSpec.Table table, String row, String column, String value) {
    double mean = grid.stream()
        .filter(g -> row.equals(g.labels().get(table.rows())) && column.equals(g.labels().get(table.columns())))
        .mapToDouble(g -> g.metric(value))
        .average()
        .orElse(Double.NaN);
    return format(mean);
  }

  static String format(double v) {
    if (Double.isNaN(v)) return "-";
    if (Math.abs(v) >= 1000) return String.format(Locale.ROOT, "%,.0f", v);
    return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.4f", v);
  }

  private static void appendRow(StringBuilder out, List<String> cells) {
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }
}
