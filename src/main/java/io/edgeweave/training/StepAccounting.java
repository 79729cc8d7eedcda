package io.edgeweave.training;

import io.edgeweave.metrics.StepRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Turns a finished step's trace into its metrics row: virtual time per node and per link. */
public final class StepAccounting {
  private StepAccounting() {}

  /**
   * @param nodeIds nodes to report (in order; absent ones count 0)
   * @param linkIds links to report
   */
  public static StepRecord record(
      StepResult result, List<String> nodeIds, List<String> linkIds, double wallTimeMs, OptionalDouble testAccuracy) {
    Map<String, Double> compute = zeros(nodeIds);
    Map<String, Double> comm = zeros(linkIds);
    long bytes = 0;
    int retries = 0;
    for (Span span : result.trace()) {
      switch (span.phase()) {
        case FORWARD, BACKWARD -> compute.merge(span.component(), span.durationMs(), Double::sum);
        case TRANSFER -> {
          comm.merge(span.component(), span.durationMs(), Double::sum);
          bytes += span.bytes();
        }
        case RETRY -> retries++;
      }
    }
    return new StepRecord(
        result.step(),
        result.loss(),
        result.endMs(),
        result.endMs() - result.startMs(),
        compute,
        comm,
        bytes,
        retries,
        wallTimeMs,
        testAccuracy);
  }

  private static Map<String, Double> zeros(List<String> ids) {
    Map<String, Double> map = new LinkedHashMap<>();
    ids.forEach(id -> map.put(id, 0.0));
    return map;
  }
}
