package io.edgeweave.sweep;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.edgeweave.metrics.AtomicFiles;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.scenario.SweepSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * {@code sweep.csv}: a row per finished run, columns for the label of each axis (and the baseline), the seed, the
 * status, every metric and the run folder. Rewritten whole after each run, atomically, so a sweep that is
 * stopped keeps every run it finished and can resume from the file.
 */
final class SweepCsv {
  private static final CsvMapper CSV = new CsvMapper();

  private SweepCsv() {}

  static void write(Path file, List<String> labelColumns, List<SweepRow> rows) throws IOException {
    StringBuilder out = new StringBuilder();
    List<String> header = new ArrayList<>(labelColumns);
    header.add("seed");
    header.add("status");
    header.addAll(SweepSpec.METRICS);
    header.add("run");
    line(out, header);
    for (SweepRow row : rows) {
      List<String> cells = new ArrayList<>();
      labelColumns.forEach(c -> cells.add(row.labels().getOrDefault(c, "")));
      cells.add(Long.toString(row.seed()));
      cells.add(row.status().name().toLowerCase(Locale.ROOT));
      SweepSpec.METRICS.forEach(m -> cells.add(number(row.metric(m))));
      cells.add(row.run());
      line(out, cells);
    }
    AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The rows of an earlier, possibly interrupted, sweep into the same folder (none if there is no file). A file
   * written before sweeps had seeds has no seed column: its rows get {@code ownSeed} of their labels.
   */
  static List<SweepRow> read(Path file, List<String> labelColumns, ToLongFunction<Map<String, String>> ownSeed)
      throws IOException {
    List<SweepRow> rows = new ArrayList<>();
    if (!Files.exists(file)) return rows;
    CsvSchema schema = CsvSchema.emptySchema().withHeader();
    try (MappingIterator<Map<String, String>> it = CSV.readerFor(Map.class).with(schema).readValues(file.toFile())) {
      while (it.hasNext()) {
        Map<String, String> cells = it.next();
        Map<String, String> labels = new LinkedHashMap<>();
        for (String c : labelColumns) {
          String v = cells.getOrDefault(c, "");
          if (!v.isEmpty()) labels.put(c, v);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String m : SweepSpec.METRICS) {
          String v = cells.getOrDefault(m, "");
          metrics.put(m, v.isEmpty() ? Double.NaN : Double.parseDouble(v));
        }
        RunStatus status = RunStatus.valueOf(cells.getOrDefault("status", "failed").toUpperCase(Locale.ROOT));
        String seed = cells.getOrDefault("seed", "");
        rows.add(new SweepRow(labels, seed.isEmpty() ? ownSeed.applyAsLong(labels) : Long.parseLong(seed), status,
            metrics, cells.getOrDefault("run", "")));
      }
    }
    return rows;
  }

  static String number(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
  }

  static void line(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) out.append(',');
      String c = cells.get(i);
      out.append(c.contains(",") || c.contains("\"") ? '"' + c.replace("\"", "\"\"") + '"' : c);
    }
    out.append('\n');
  }
}
