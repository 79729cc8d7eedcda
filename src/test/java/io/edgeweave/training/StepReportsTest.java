package io.edgeweave.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepReportsTest {
  private static final long MS = 1_000_000;

  private static StepResult step(int step) {
    return new StepResult(step, 0.5, step * 10.0, step * 10.0 + 10, List.of());
  }

  @Test
  void stepsWaitForTheIntervalAndGoTogetherInOrderWithTheirOwnWallTimes() {
    StepReports reports = new StepReports(Duration.ofMillis(100));
    reports.begin(0);
    reports.stepStarted(0);
    assertTrue(reports.stepEnded(step(0), 30 * MS, false).isEmpty());
    reports.stepStarted(31 * MS);
    assertTrue(reports.stepEnded(step(1), 70 * MS, false).isEmpty());
    reports.stepStarted(70 * MS);
    Optional<List<StepReports.Completed>> due = reports.stepEnded(step(2), 100 * MS, false);

    assertEquals(List.of(0, 1, 2), due.orElseThrow().stream().map(c -> c.result().step()).toList());
    assertEquals(List.of(30.0, 39.0, 30.0), due.orElseThrow().stream().map(StepReports.Completed::wallMs).toList());
    reports.stepStarted(100 * MS);
    assertTrue(reports.stepEnded(step(3), 150 * MS, false).isEmpty(), "the interval counts from the last report");
  }

  @Test
  void theLastStepAskedForIsReportedAtOnceWithThoseWaiting() {
    StepReports reports = new StepReports(Duration.ofSeconds(10));
    reports.begin(0);
    reports.stepStarted(0);
    reports.stepEnded(step(4), MS, false);
    reports.stepStarted(MS);

    assertEquals(List.of(4, 5), reports.stepEnded(step(5), 2 * MS, true).orElseThrow().stream().map(c -> c.result().step()).toList());
    reports.begin(3 * MS);
    reports.stepStarted(3 * MS);
    assertEquals(List.of(6), reports.stepEnded(step(6), 4 * MS, true).orElseThrow().stream().map(c -> c.result().step()).toList(),
        "a report holds no step twice");
  }
}
