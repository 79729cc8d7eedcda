package io.edgeweave.metrics;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A CSV file written row by row, each row flushed so that a crash keeps every row written. */
final class CsvRows implements AutoCloseable {
  private static final CsvMapper CSV = new CsvMapper();

  private final SequenceWriter rows;

  /** Creates (or truncates) {@code file} and writes the header at once. */
  CsvRows(Path file, List<String> header) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    rows = CSV.writer(CsvSchema.emptySchema()).writeValues(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    write(header);
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
