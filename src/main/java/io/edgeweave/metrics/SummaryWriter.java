package io.edgeweave.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
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

  /** Reads a summary written by {@link #write}. */
  public static RunSummary read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), RunSummary.class);
  }
}
