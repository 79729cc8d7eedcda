package io.edgeweave.metrics;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A CSV file written a few rows at a time, flushed each time so that a crash keeps every row written (it starts, or
 * starts again from kept rows, by an atomic replacement); or, with {@link #encode}, a whole file's text at once.
 * Values that need it are quoted (RFC 4180).
 */
public final class CsvRows implements AutoCloseable {
  private static final CsvMapper CSV = new CsvMapper();

  private final SequenceWriter rows;

  /** Creates (or replaces) {@code file} holding the header only. */
  CsvRows(Path file, List<String> header) throws IOException {
    this(file, header, List.of());
  }

  /**
   * Replaces {@code file} in one step with the header and {@code kept} rows (a crash leaves the old file or the new,
   * never a mix), then appends to it.
   */
  CsvRows(Path file, List<String> header, List<List<String>> kept) throws IOException {
    AtomicFiles.write(file, encode(header, kept).getBytes(StandardCharsets.UTF_8));
    rows = CSV.writer(CsvSchema.emptySchema())
        .writeValues(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
  }

  /** The CSV text of {@code header} followed by {@code rows}. */
  public static String encode(List<String> header, List<List<String>> rows) throws IOException {
    StringWriter text = new StringWriter();
    try (SequenceWriter writer = CSV.writer(CsvSchema.emptySchema()).writeValues(text)) {
      writer.write(header);
      writer.writeAll(rows);
    }
    return text.toString();
  }

  /** Appends {@code newRows} and flushes them together. */
  void write(List<List<String>> newRows) throws IOException {
    rows.writeAll(newRows);
    rows.flush();
  }

  @Override
  public void close() throws IOException {
    rows.close();
  }
}
