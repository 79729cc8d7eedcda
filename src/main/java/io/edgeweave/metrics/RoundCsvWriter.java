package io.edgeweave.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes one CSV row per collaborative round, flushing each row so that a crash keeps every row written.
 * Columns as {@link #HEADER}. Not thread-safe: one owner writes.
 */
public final class RoundCsvWriter implements AutoCloseable {
  static final List<String> HEADER = List.of(
      "round", "selected", "arrived", "stragglers", "dropped_out", "crashed", "unreachable", "unanswered",
      "duplicates_ignored", "train_loss", "start_ms", "end_ms", "round_virtual_ms", "aggregation_ms",
      "mean_downlink_ms", "mean_compute_ms", "mean_uplink_ms", "link_bytes", "transmissions_lost",
      "transmissions_duplicated", "training_samples", "wall_time_ms", "training_wall_ms", "training_cpu_ms",
      "heap_used_bytes",
      "test_accuracy");

  private final CsvRows rows;

  /** Creates (or replaces) {@code file} holding the header only. */
  public RoundCsvWriter(Path file) throws IOException {
    this(file, List.of());
  }

  /**
   * Replaces {@code file} in one step with the header and the rows of {@code kept} (a run that goes on from a
   * checkpoint keeps the rows of its committed rounds), then appends.
   */
  public RoundCsvWriter(Path file, List<RoundRecord> kept) throws IOException {
    rows = new CsvRows(file, HEADER, kept.stream().map(RoundCsvWriter::row).toList());
  }

  /** Appends the row of one round and flushes it to the file. */
  public void write(RoundRecord r) throws IOException {
    rows.write(List.of(row(r)));
  }

  private static List<String> row(RoundRecord r) {
    return List.of(
        Integer.toString(r.round()),
        Integer.toString(r.selected()),
        Integer.toString(r.arrived()),
        Integer.toString(r.stragglers()),
        Integer.toString(r.droppedOut()),
        Integer.toString(r.crashed()),
        Integer.toString(r.unreachable()),
        Integer.toString(r.unanswered()),
        Integer.toString(r.duplicatesIgnored()),
        Decimals.format(r.trainLoss()),
        Decimals.format(r.startMs()),
        Decimals.format(r.endMs()),
        Decimals.format(r.roundVirtualMs()),
        Decimals.format(r.aggregationMs()),
        Decimals.format(r.meanDownlinkMs()),
        Decimals.format(r.meanComputeMs()),
        Decimals.format(r.meanUplinkMs()),
        Long.toString(r.linkBytes()),
        Integer.toString(r.transmissionsLost()),
        Integer.toString(r.transmissionsDuplicated()),
        Long.toString(r.trainingSamples()),
        Decimals.format(r.wallTimeMs()),
        Decimals.format(r.trainingWallMs()),
        Decimals.format(r.trainingCpuMs()),
        Long.toString(r.heapUsedBytes()),
        r.testAccuracy().isPresent() ? Decimals.format(r.testAccuracy().getAsDouble()) : "");
  }

  @Override
  public void close() throws IOException {
    rows.close();
  }
}
