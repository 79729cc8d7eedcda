package io.edgeweave.genai.actors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.edgeweave.genai.ImageGrid;
import io.edgeweave.genai.QualityJudge;
import io.edgeweave.genai.StrategyResult;
import io.edgeweave.metrics.AtomicFiles;
import io.edgeweave.metrics.CsvRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/** The files of a genai run: comparison.md, results.json, quality.csv, requests.csv and samples.png. */
final class GenAiOutputs {
  static final String COMPARISON = "comparison.md";
  /** What the table's columns mean where a reader might assume otherwise; written under the table. */
  static final String COLUMNS = """
      Time to ready: virtual time from the run's start until the strategy's models are ready, counting only the \
      stages it needs, as if it ran alone (centralised: the raw-data upload is counted in bytes, not timed).
      Fréchet distance: mean over the judged classes, ± half its 95% interval over the draw of the judged images \
      (a bootstrap per class; a row averaging several models per class, edge-only and deployed, combines theirs). \
      It says how far the figure would move with other images of the same models, not with another training run.
      Serving: each request is routed, and its quality floor judged, by the class fidelity the referee CNN measured \
      for each model. A real edge has no referee: the routing is an oracle's, an upper bound on what an edge \
      estimating fidelity by itself would reach.
      """;
  static final List<String> QUALITY_HEADER = List.of("strategy", "class", "frechet", "frechet_sd", "fidelity");
  static final List<String> REQUESTS_HEADER = List.of(
      "strategy", "request", "edge", "class", "arrival_ms", "latency_ms", "tier", "deadline_met", "floor_met");
  private static final List<String> FASHION_CLASSES = List.of(
      "T-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot");

  private GenAiOutputs() {}

  static void write(Path out, List<StrategyResult> rows, List<String[]> requests, String note, List<ImageGrid.Band> grid)
      throws IOException {
    String table = StrategyResult.table(rows) + "\n" + COLUMNS + "\n" + note + "\n";
    AtomicFiles.write(out.resolve(COMPARISON), table.getBytes(StandardCharsets.UTF_8));
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    AtomicFiles.write(out.resolve("results.json"), json.writeValueAsBytes(rows));
    AtomicFiles.write(out.resolve("quality.csv"), qualityCsv(rows).getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(out.resolve("requests.csv"), requestsCsv(requests).getBytes(StandardCharsets.UTF_8));
    int classes = grid.isEmpty() ? 0 : grid.get(0).cells().length;
    List<String> columns = IntStream.range(0, classes)
        .mapToObj(c -> classes == FASHION_CLASSES.size() ? FASHION_CLASSES.get(c) : "class " + c).toList();
    ImageGrid.write(out.resolve("samples.png"), columns, grid);
  }

  static String qualityCsv(List<StrategyResult> rows) throws IOException {
    List<List<String>> lines = new ArrayList<>();
    for (StrategyResult r : rows) {
      for (QualityJudge.ClassQuality q : r.perClass()) {
        lines.add(List.of(r.strategy(), Integer.toString(q.cls()), fixed4(q.frechet()), Double.isNaN(q.frechetSd()) ? "" : fixed4(q.frechetSd()), fixed4(q.fidelity())));
      }
    }
    return CsvRows.encode(QUALITY_HEADER, lines);
  }

  static String requestsCsv(List<String[]> requests) throws IOException {
    return CsvRows.encode(REQUESTS_HEADER, requests.stream().map(List::of).toList());
  }

  private static String fixed4(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
