package io.edgeweave.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Step records and summaries for tests. */
final class Steps {
  private Steps() {}

  static StepRecord step(int step, double loss, OptionalDouble accuracy) {
    return new StepRecord(step, loss, 10.0 * (step + 1), 10.0,
        Map.of("device", 4.0, "cloud", 2.5), Map.of("device->cloud", 3.5),
        1024, 0, 1.25, accuracy);
  }

  /** {@code count} steps with falling loss and an evaluation every tenth step. */
  static List<StepRecord> run(int count) {
    List<StepRecord> steps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      OptionalDouble accuracy = i % 10 == 9 ? OptionalDouble.of(0.5 + 0.4 * i / count) : OptionalDouble.empty();
      steps.add(step(i, 2.3 * Math.exp(-i / 40.0) + 0.05, accuracy));
    }
    return steps;
  }

  static RunSummary summary(String scenario, RunStatus status, String error) {
    return new RunSummary(scenario, 42L, status, error, status == RunStatus.COMPLETED ? 0.8731 : null,
        200, 180, RunSummary.samplesPerSecond(11_520, 4_000), 1800.0, 4000.0,
        184_320L, 3L, 1L, 5L,
        Map.of("device", 720.0), Map.of("device->cloud", 630.0),
        Instant.parse("2025-03-01T10:15:30Z"),
        Map.of("device", "edge-a"),
        new RunSummary.Recovery(1, 3, 149, 1, List.of(100), 30, 0, 5432.5),
        0, status == RunStatus.COMPLETED ? 0.0123 : null, 10, null);
  }
}
