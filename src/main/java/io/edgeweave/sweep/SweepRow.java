package io.edgeweave.sweep;

import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.scenario.SplitTrainingSpec;
import io.edgeweave.scenario.SweepSpec;
import io.edgeweave.scenario.WorkloadSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One finished run of a sweep: its labels, its seed, how it ended, and its metrics ({@link SweepSpec#METRICS};
 * NaN where a run has none, e.g. the accuracy of a failed run).
 *
 * @param run the run folder, relative to the sweep's folder
 */
public record SweepRow(
    Map<String, String> labels, long seed, RunStatus status, Map<String, Double> metrics, String run) {
  public SweepRow {
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /** The row of a finished run. */
  static SweepRow of(Map<String, String> labels, long seed, RunSummary s, WorkloadSpec workload, String run) {
    long samples = (long) s.stepsCommitted() * (workload instanceof SplitTrainingSpec split ? split.batchSize() : 1);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("test_accuracy", s.testAccuracy() == null ? Double.NaN : s.testAccuracy());
    m.put("test_accuracy_sd", s.testAccuracySd() == null ? Double.NaN : s.testAccuracySd());
    m.put("channel_uses_per_sample", samples == 0 ? Double.NaN : s.channelUses() / samples);
    m.put("step_virtual_ms", s.stepsCommitted() == 0 ? Double.NaN : s.virtualTimeMs() / s.stepsCommitted());
    m.put("virtual_time_ms", s.virtualTimeMs());
    m.put("link_bytes", (double) s.linkBytes());
    m.put("samples_per_second", s.samplesPerSecond());
    m.put("wall_time_ms", s.wallTimeMs());
    return new SweepRow(labels, seed, s.status(), m, run);
  }

  public double metric(String name) {
    return metrics.getOrDefault(name, Double.NaN);
  }
}
