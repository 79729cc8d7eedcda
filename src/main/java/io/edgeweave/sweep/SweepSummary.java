package io.edgeweave.sweep;

import io.edgeweave.metrics.AtomicFiles;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.scenario.SweepSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code summary.csv}: a row per point of a sweep (grid point or baseline), with n, the number of its runs that
 * completed, and for every metric its mean ({@code <metric>_mean}) and sample standard deviation over those runs'
 * seeds ({@code <metric>_seed_sd}, empty below two runs).
 */
final class SweepSummary {
  private SweepSummary() {}

  static void write(Path file, List<String> labelColumns, List<SweepRow> rows) throws IOException {
    StringBuilder out = new StringBuilder();
    List<String> header = new ArrayList<>(labelColumns);
    header.add("n");
    SweepSpec.METRICS.forEach(m -> {
      header.add(m + "_mean");
      header.add(m + "_seed_sd");
    });
    SweepCsv.line(out, header);
    for (Map.Entry<Map<String, String>, List<SweepRow>> point : Spread.byPoint(rows).entrySet()) {
      List<String> cells = new ArrayList<>();
      labelColumns.forEach(c -> cells.add(point.getKey().getOrDefault(c, "")));
      cells.add(Long.toString(point.getValue().stream().filter(r -> r.status() == RunStatus.COMPLETED).count()));
      for (String m : SweepSpec.METRICS) {
        Spread s = Spread.of(point.getValue(), m);
        cells.add(SweepCsv.number(s.mean()));
        cells.add(SweepCsv.number(s.sd()));
      }
      SweepCsv.line(out, cells);
    }
    AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
  }
}
