package io.edgeweave.collab.actors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/** The rows of a collaborative run's {@code metrics.csv} without its columns of wall time and heap: what one seed fixes. */
public final class RoundRows {
  private static final Set<String> MEASURED = Set.of("wall_time_ms", "training_wall_ms", "training_cpu_ms", "heap_used_bytes");

  private RoundRows() {}

  public static List<String> deterministic(Path run) throws IOException {
    List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
    List<String> header = List.of(lines.get(0).split(",", -1));
    int[] kept = IntStream.range(0, header.size()).filter(i -> !MEASURED.contains(header.get(i))).toArray();
    return lines.stream().map(line -> {
      String[] cells = line.split(",", -1);
      return String.join(",", IntStream.of(kept).mapToObj(i -> cells[i]).toList());
    }).toList();
  }
}
