package io.edgeweave.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvWriterTest {
  private static final List<String> NODES = List.of("device", "edge,1", "cloud");
  private static final List<String> LINKS = List.of("device->cloud");

  @TempDir
  Path dir;

  @Test
  void writesHeaderAtOnce() throws IOException {
    Path file = dir.resolve("steps.csv");
    MetricsCsvWriter writer = new MetricsCsvWriter(file, NODES, LINKS);
    try {
      assertEquals(List.of("step,loss,virtual_time_ms,step_virtual_ms,compute_ms.device,\"compute_ms.edge,1\","
              + "compute_ms.cloud,comm_ms.device->cloud,link_bytes,retries,wall_time_ms,test_accuracy"),
          Files.readAllLines(file));
    } finally {
      writer.close();
    }
  }

  @Test
  void startingAgainFromKeptRowsReplacesTheFileAndAppendsAfterThem() throws IOException {
    Path file = dir.resolve("again.csv");
    try (MetricsCsvWriter first = new MetricsCsvWriter(file, NODES, LINKS)) {
      for (int step = 0; step < 4; step++) first.write(List.of(Steps.step(step, 1.0 / (step + 1), OptionalDouble.empty())));
    }

    List<StepRecord> kept = List.of(Steps.step(0, 1.0, OptionalDouble.empty()), Steps.step(1, 0.5, OptionalDouble.empty()));
    try (MetricsCsvWriter again = new MetricsCsvWriter(file, NODES, LINKS, kept)) {
      again.write(List.of(Steps.step(2, 0.25, OptionalDouble.of(0.5))));
    }

    List<Map<String, String>> rows = readRows(file);
    assertEquals(List.of("0", "1", "2"), rows.stream().map(r -> r.get("step")).toList());
    assertEquals(0.25, Double.parseDouble(rows.get(2).get("loss")), 1e-9);
    try (var files = Files.list(dir)) {
      assertEquals(List.of("again.csv"), files.map(f -> f.getFileName().toString()).toList(), "no temporary file left");
    }
  }

  @Test
  void rowsParseBackToTheirValues() throws IOException {
    Path file = dir.resolve("out/steps.csv");
    try (MetricsCsvWriter writer = new MetricsCsvWriter(file, NODES, LINKS)) {
      writer.write(List.of(Steps.step(0, Math.log(2), OptionalDouble.empty()), Steps.step(1, 0.5, OptionalDouble.of(0.875))));
    }

    List<Map<String, String>> rows = readRows(file);

    assertEquals(2, rows.size());
    Map<String, String> first = rows.get(0);
    assertEquals("0", first.get("step"));
    assertEquals(Math.log(2), Double.parseDouble(first.get("loss")), 1e-6);
    assertEquals(10.0, Double.parseDouble(first.get("virtual_time_ms")));
    assertEquals(10.0, Double.parseDouble(first.get("step_virtual_ms")));
    assertEquals(4.0, Double.parseDouble(first.get("compute_ms.device")));
    assertEquals("0", first.get("compute_ms.edge,1"), "missing node counts 0");
    assertEquals(2.5, Double.parseDouble(first.get("compute_ms.cloud")));
    assertEquals(3.5, Double.parseDouble(first.get("comm_ms.device->cloud")));
    assertEquals("1024", first.get("link_bytes"));
    assertEquals("0", first.get("retries"));
    assertEquals(1.25, Double.parseDouble(first.get("wall_time_ms")));
    assertEquals("", first.get("test_accuracy"));
    assertEquals(0.875, Double.parseDouble(rows.get(1).get("test_accuracy")));
    assertEquals("20", rows.get(1).get("virtual_time_ms"));
  }

  @Test
  void eachRowIsInTheFileBeforeClose() throws IOException {
    Path file = dir.resolve("steps.csv");
    try (MetricsCsvWriter writer = new MetricsCsvWriter(file, NODES, LINKS)) {
      writer.write(List.of(Steps.step(0, 1.0, OptionalDouble.empty())));
      assertEquals(1, readRows(file).size());
      writer.write(List.of(Steps.step(1, 0.9, OptionalDouble.empty())));
      assertEquals(2, readRows(file).size());
    }
  }

  @Test
  void rejectsUnknownNodeAndDuplicateIds() throws IOException {
    try (MetricsCsvWriter writer = new MetricsCsvWriter(dir.resolve("a.csv"), List.of("device"), LINKS)) {
      StepRecord record = Steps.step(0, 1.0, OptionalDouble.empty());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> writer.write(List.of(record)));
      assertEquals("unknown node 'cloud', columns are for [device]", e.getMessage());
    }
    assertThrows(IllegalArgumentException.class,
        () -> new MetricsCsvWriter(dir.resolve("b.csv"), List.of("a", "a"), LINKS));
  }

  private static List<Map<String, String>> readRows(Path file) throws IOException {
    CsvMapper mapper = new CsvMapper();
    try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
        .with(CsvSchema.emptySchema().withHeader())
        .readValues(file.toFile())) {
      return rows.readAll();
    }
  }
}
