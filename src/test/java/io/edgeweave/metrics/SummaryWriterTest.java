package io.edgeweave.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryWriterTest {
  @TempDir
  Path dir;

  @Test
  void writesSnakeCaseKeysAndValues() throws IOException {
    Path file = dir.resolve("summary.json");
    SummaryWriter.write(file, Steps.summary("quickstart", RunStatus.COMPLETED, null));

    JsonNode json = new ObjectMapper().readTree(file.toFile());

    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("scenario", "seed", "status", "error", "test_accuracy", "steps", "steps_committed",
        "samples_per_second", "virtual_time_ms", "wall_time_ms", "link_bytes", "messages_dropped",
        "messages_duplicated", "retries", "compute_ms_by_node", "comm_ms_by_link", "started_at", "placement",
        "recovery", "channel_uses", "test_accuracy_sd", "test_batches"), keys);
    assertEquals("quickstart", json.get("scenario").asText());
    assertEquals(42, json.get("seed").asLong());
    assertEquals("completed", json.get("status").asText());
    assertTrue(json.get("error").isNull());
    assertEquals(0.8731, json.get("test_accuracy").asDouble());
    assertEquals(0.0123, json.get("test_accuracy_sd").asDouble());
    assertEquals(10, json.get("test_batches").asInt());
    assertEquals(200, json.get("steps").asInt());
    assertEquals(180, json.get("steps_committed").asInt());
    assertEquals(2880.0, json.get("samples_per_second").asDouble());
    assertEquals(184_320, json.get("link_bytes").asLong());
    assertEquals(720.0, json.get("compute_ms_by_node").get("device").asDouble());
    assertEquals(630.0, json.get("comm_ms_by_link").get("device->cloud").asDouble());
    assertEquals("2025-03-01T10:15:30Z", json.get("started_at").asText());
    assertEquals("edge-a", json.get("placement").get("device").asText());
    JsonNode recovery = json.get("recovery");
    assertEquals(1, recovery.get("faults_injected").asInt());
    assertEquals(149, recovery.get("last_checkpoint_step").asInt());
    assertEquals(100, recovery.get("resumed_from_steps").get(0).asInt());
    assertEquals(30, recovery.get("steps_redone").asInt());
    assertEquals(0, recovery.get("steps_lost").asInt());
    assertTrue(Files.readString(file).contains("\n  \"seed\" : 42,"), "pretty printed");
  }

  @Test
  void failedRunReadsBackEqual() throws IOException {
    Path file = dir.resolve("summary.json");
    RunSummary failed = Steps.summary("crash <test>", RunStatus.FAILED, "node cloud unreachable");

    SummaryWriter.write(file, failed);

    assertEquals(failed, SummaryWriter.read(file));
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertEquals("failed", json.get("status").asText());
    assertEquals("node cloud unreachable", json.get("error").asText());
    assertTrue(json.get("test_accuracy").isNull());
  }

  @Test
  void replacesExistingFileWithoutLeavingTemporaryFiles() throws IOException {
    Path file = dir.resolve("summary.json");
    Files.writeString(file, "old");

    SummaryWriter.write(file, Steps.summary("again", RunStatus.COMPLETED, null));

    assertEquals("again", SummaryWriter.read(file).scenario());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void errorGoesWithFailureOnly() {
    assertThrows(IllegalArgumentException.class, () -> Steps.summary("x", RunStatus.COMPLETED, "oops"));
    assertThrows(IllegalArgumentException.class, () -> Steps.summary("x", RunStatus.FAILED, null));
  }

  @Test
  void samplesPerSecondIsZeroWithoutWallTime() {
    assertEquals(0.0, RunSummary.samplesPerSecond(100, 0));
    assertEquals(50.0, RunSummary.samplesPerSecond(100, 2000));
  }
}
