package io.edgeweave.metrics;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Writes and reads {@code summary.json}. */
public final class SummaryWriter {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private SummaryWriter() {}

  /** Writes the summary as pretty-printed JSON, replacing {@code file} atomically. */
  public static void write(Path file, RunSummary summary) throws IOException {
    AtomicFiles.write(file, (JSON.writeValueAsString(summary) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a collaborative run's summary: the common fields, and its own under {@code collaboration}. */
  public static void write(Path file, RunSummary summary, CollaborationSummary collaboration) throws IOException {
    ObjectNode json = JSON.valueToTree(summary);
    json.set("collaboration", JSON.valueToTree(collaboration));
    AtomicFiles.write(file, (JSON.writeValueAsString(json) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Reads the {@code collaboration} figures of a collaborative run's summary. */
  public static CollaborationSummary readCollaboration(Path file) throws IOException {
    return JSON.treeToValue(JSON.readTree(file.toFile()).get("collaboration"), CollaborationSummary.class);
  }

  /** Reads a summary written by {@link #write}: its common fields. */
  public static RunSummary read(Path file) throws IOException {
    return JSON.readerFor(RunSummary.class)
        .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .readValue(file.toFile());
  }
}
