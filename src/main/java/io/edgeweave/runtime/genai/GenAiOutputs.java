package io.edgeweave.runtime.genai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.edgeweave.genai.ImageGrid;
import io.edgeweave.genai.QualityJudge;
import io.edgeweave.genai.StrategyResult;
import io.edgeweave.metrics.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/** The files of a genai run: comparison.md, results.json, quality.csv, requests.csv and samples.png. */
final class GenAiOutputs {
  static final String COMPARISON = "comparison.md";
  private static final List<String> FASHION_CLASSES = List.of(
      "T-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot");

  private GenAiOutputs() {}

  static void write(Path out, List<StrategyResult> rows, List<String[]> requests, String note, List<ImageGrid.Band> grid)
      throws IOException {
    String table = StrategyResult.table(rows) + "\n" + note + "\n";
    AtomicFiles.write(out.resolve(COMPARISON), table.getBytes(StandardCharsets.UTF_8));
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    AtomicFiles.write(out.resolve("results.json"), json.writeValueAsBytes(rows));
    StringBuilder quality = new StringBuilder("strategy,class,frechet,fidelity\n");
    for (StrategyResult r : rows) {
      for (QualityJudge.ClassQuality q : r.perClass()) {
        quality.append(String.format(Locale.ROOT, "%s,%d,%.4f,%.4f%n", r.strategy(), q.cls(), q.frechet(), q.fidelity()));
      }
    }
    AtomicFiles.write(out.resolve("quality.csv"), quality.toString().getBytes(StandardCharsets.UTF_8));
    StringBuilder csv = new StringBuilder("strategy,request,edge,class,arrival_ms,latency_ms,tier,deadline_met,floor_met\n");
    for (String[] row : requests) csv.append(String.join(",", row)).append('\n');
    AtomicFiles.write(out.resolve("requests.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
    int classes = grid.isEmpty() ? 0 : grid.get(0).cells().length;
    List<String> columns = IntStream.range(0, classes)
        .mapToObj(c -> classes == FASHION_CLASSES.size() ? FASHION_CLASSES.get(c) : "class " + c).toList();
    ImageGrid.write(out.resolve("samples.png"), columns, grid);
  }
}
