package io.edgeweave.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one CSV row per training step, flushing the rows it is given together so that a crash keeps every row
 * written.
 *
 * <p>Columns: {@code step, loss, virtual_time_ms, step_virtual_ms, compute_ms.<node>...,
 * comm_ms.<link>..., link_bytes, retries, wall_time_ms, test_accuracy}. Nodes and links are fixed
 * when the writer opens; a node or link a record lacks counts 0, one the writer does not know is an
 * error. Not thread-safe: one owner writes.
 */
public final class MetricsCsvWriter implements AutoCloseable {
  private final Set<String> nodeIds;
  private final Set<String> linkIds;
  private final CsvRows rows;

  /** Creates (or replaces) {@code file} holding the header only. */
  public MetricsCsvWriter(Path file, List<String> nodeIds, List<String> linkIds) throws IOException {
    this(file, nodeIds, linkIds, List.of());
  }

  /**
   * Replaces {@code file} in one step with the header and the rows of {@code kept} (a run that goes on from a
   * checkpoint keeps the rows of its committed steps), then appends.
   */
  public MetricsCsvWriter(Path file, List<String> nodeIds, List<String> linkIds, List<StepRecord> kept)
      throws IOException {
    this.nodeIds = distinct(nodeIds, "node");
    this.linkIds = distinct(linkIds, "link");
    List<List<String>> keptRows = new ArrayList<>();
    for (StepRecord record : kept) keptRows.add(row(record));
    rows = new CsvRows(file, header(this.nodeIds, this.linkIds), keptRows);
  }

  /** Appends the rows of {@code records} and flushes them to the file. */
  public void write(List<StepRecord> records) throws IOException {
    List<List<String>> newRows = new ArrayList<>();
    for (StepRecord record : records) newRows.add(row(record));
    rows.write(newRows);
  }

  private List<String> row(StepRecord record) {
    requireKnown(record.computeMsByNode(), nodeIds, "node");
    requireKnown(record.commMsByLink(), linkIds, "link");
    List<String> row = new ArrayList<>();
    row.add(Integer.toString(record.step()));
    row.add(Decimals.format(record.loss()));
    row.add(Decimals.format(record.virtualTimeMs()));
    row.add(Decimals.format(record.stepVirtualMs()));
    nodeIds.forEach(node -> row.add(Decimals.format(record.computeMsByNode().getOrDefault(node, 0.0))));
    linkIds.forEach(link -> row.add(Decimals.format(record.commMsByLink().getOrDefault(link, 0.0))));
    row.add(Long.toString(record.linkBytes()));
    row.add(Integer.toString(record.retries()));
    row.add(Decimals.format(record.wallTimeMs()));
    row.add(record.testAccuracy().isPresent() ? Decimals.format(record.testAccuracy().getAsDouble()) : "");
    return row;
  }

  @Override
  public void close() throws IOException {
    rows.close();
  }

  private static List<String> header(Set<String> nodeIds, Set<String> linkIds) {
    List<String> header = new ArrayList<>(List.of("step", "loss", "virtual_time_ms", "step_virtual_ms"));
    nodeIds.forEach(node -> header.add("compute_ms." + node));
    linkIds.forEach(link -> header.add("comm_ms." + link));
    header.addAll(List.of("link_bytes", "retries", "wall_time_ms", "test_accuracy"));
    return header;
  }

  private static Set<String> distinct(List<String> ids, String kind) {
    Set<String> distinct = new LinkedHashSet<>(ids);
    if (distinct.size() != ids.size()) {
      throw new IllegalArgumentException("duplicate " + kind + " id in " + ids);
    }
    return distinct;
  }

  private static void requireKnown(Map<String, Double> values, Set<String> known, String kind) {
    for (String id : values.keySet()) {
      if (!known.contains(id)) {
        throw new IllegalArgumentException("unknown " + kind + " '" + id + "', columns are for " + known);
      }
    }
  }
}
