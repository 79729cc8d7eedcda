package io.edgeweave.metrics;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A CSV file written row by row, each row flushed so that a crash keeps every row written; or, with
 * {@link #encode}, a whole file's text at once. Values that need it are quoted (RFC 4180).
 */
public final class CsvRows implements AutoCloseable {
  private static final CsvMapper CSV = new CsvMapper();

  private final SequenceWriter rows;

  /** Creates (or truncates) {@code file} and writes the header at once. */
  CsvRows(Path file, List<String> header) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    rows = CSV.writer(CsvSchema.emptySchema()).writeValues(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    write(header);
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

  void write(List<String> row) throws IOException {
    rows.write(row);
    rows.flush();
  }

  @Override
  public void close() throws IOException {
    rows.close();
  }
}
